using Isms.Functions.Platform;

namespace Isms.Functions.Risks;

/// <summary>The decisions recorded on a risk's residual risk over HTTP: the owner's acceptance and the ISMS manager's approval.</summary>
public sealed class RiskDecisionFunctions(CallerReader callers, RiskService risks)
{
    [Function("AcceptRisk")]
    [OpenApiOperation("The risk owner accepts the residual risk", "Risks", Description = "Only the owner; above the acceptance criteria only after the ISMS manager approved these scores (409 otherwise).")]
    [OpenApiRequest(typeof(RiskDecisionInput))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(RiskResponse))]
    public Task<IActionResult> Accept(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/risks/{id}/acceptance")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        DecideAsync(request, id, (caller, input, ifMatch) => risks.AcceptAsync(caller, id, input, ifMatch, cancellationToken), cancellationToken);

    [Function("ApproveRisk")]
    [OpenApiOperation("The ISMS manager approves retaining a risk above the acceptance criteria", "Risks", Description = "The caller must be Isms:IsmsManagerUpn.")]
    [OpenApiRequest(typeof(RiskDecisionInput))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(RiskResponse))]
    public Task<IActionResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/risks/{id}/approval")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        DecideAsync(request, id, (caller, input, ifMatch) => risks.ApproveAsync(caller, id, input, ifMatch, cancellationToken), cancellationToken);

    private async Task<IActionResult> DecideAsync(HttpRequest request, string id, Func<Caller, RiskDecisionInput, IfMatch, Task<Core.Validation.Outcome<RiskResponse>>> decide, CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Person, out var caller, out var refusal))
        {
            return refusal!;
        }

        var input = new RiskDecisionInput(null);
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var body = await JsonBody.ReadAsync<RiskDecisionInput>(request, cancellationToken).ConfigureAwait(false);
            if (!body.IsValid)
            {
                return body.Problem!;
            }

            input = body.Value!;
        }

        return ApiResults.Created(await decide(caller, input, IfMatch.From(request)).ConfigureAwait(false), request, r => $"/api/risks/{r.Id}");
    }
}
