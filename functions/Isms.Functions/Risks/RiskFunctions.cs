using Isms.Core.Risks;
using Isms.Functions.Platform;
using Isms.Functions.Registers;

namespace Isms.Functions.Risks;

/// <summary>The risk register over HTTP (6.1.2, 6.1.3, 8.2, 8.3): risks, their treatment, acceptance and approval, and the matrix.</summary>
public sealed class RiskFunctions(CallerReader callers, RiskService risks)
{
    [Function("ListRisks")]
    [OpenApiOperation("The risk register, the highest residual risk first", "Risks")]
    [OpenApiQuery("ownerUpn", "only this owner's risks")]
    [OpenApiQuery("status", "Open or Accepted")]
    [OpenApiQuery("aboveCriteria", "true: only risks whose residual score is above the acceptance criteria")]
    [OpenApiQuery("pageSize", "items per page, 1 to 1000 (100 when absent); the next page is in the Link header")]
    [OpenApiQuery("page", "the page, from 1")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<RiskResponse>))]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/risks")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        var owner = query.Text("ownerUpn");
        var status = query.Enum<RiskStatus>("status");
        var above = query.Bool("aboveCriteria");
        var page = query.Page();
        return query.Errors ?? page.Answer(await risks.ListAsync(owner, status, above, cancellationToken).ConfigureAwait(false), request);
    }

    [Function("CreateRisk")]
    [OpenApiOperation("Assess a new risk (ISMS admin, auditor or contributor)", "Risks", Description = "title, description, asset, threat, vulnerability, ownerUpn (resolved in the directory), likelihood and impact on the matrix, optional reviewDate and treatment.")]
    [OpenApiRequest(typeof(RiskInput))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(RiskResponse))]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/risks")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Contribute, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<RiskInput>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Created(await risks.CreateAsync(caller, body.Value!, cancellationToken).ConfigureAwait(false), request, r => $"/api/risks/{r.Id}")
            : body.Problem!;
    }

    [Function("GetRisk")]
    [OpenApiOperation("One risk with its scores, treatment, acceptance, approval and treatment actions", "Risks")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(RiskResponse))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/risks/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        callers.TryAuthorize(request, Access.Person, out var caller, out var refusal)
            ? ApiResults.Ok(await risks.GetAsync(caller, id, cancellationToken).ConfigureAwait(false), request)
            : refusal!;

    [Function("UpdateRisk")]
    [OpenApiOperation("Change a risk (its owner or an ISMS admin)", "Risks", Description = "Any of the creation fields and treatment (option, controlIds, residualLikelihood, residualImpact). A change of the residual risk asks its owner to accept it again.")]
    [OpenApiRequest(typeof(RiskInput))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(RiskResponse))]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/risks/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Person, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<RiskInput>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Ok(await risks.UpdateAsync(caller, id, body.Value!, IfMatch.From(request), cancellationToken).ConfigureAwait(false), request)
            : body.Problem!;
    }

    [Function("RaiseTreatmentAction")]
    [OpenApiOperation("Raise a treatment action (the risk owner or an ISMS admin)", "Risks", Description = "ownerUpn, description, optional dueDate (90 days by default): an action of kind Treatment with the corrective-action lifecycle, chased like the rest.")]
    [OpenApiRequest(typeof(OriginActionCreate))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(CorrectiveActionResponse))]
    public async Task<IActionResult> RaiseTreatmentAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/risks/{id}/treatment-actions")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Person, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<OriginActionCreate>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Created(await risks.RaiseTreatmentActionAsync(caller, id, body.Value!, cancellationToken).ConfigureAwait(false), request, a => $"/api/corrective-actions/{a.Id}")
            : body.Problem!;
    }

    [Function("RiskMatrix")]
    [OpenApiOperation("The risk matrix: likelihood and impact levels by name, and the acceptance criteria", "Risks")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(RiskMatrixResponse))]
    public IActionResult Matrix(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/risk-matrix")] HttpRequest request) =>
        callers.TryAuthorize(request, Access.Person, out _, out var refusal)
            ? new OkObjectResult(risks.Matrix())
            : refusal!;
}
