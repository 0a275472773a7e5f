using Isms.Functions.Platform;

namespace Isms.Functions.Evidence;

/// <summary>Legal hold over HTTP (ISMS admin): evidence kept past its retention until the hold is cleared.</summary>
public sealed class EvidenceLegalHoldFunctions(CallerReader callers, EvidenceService evidence)
{
    [Function("SetEvidenceLegalHold")]
    [OpenApiOperation("Put evidence on legal hold (ISMS admin): it is kept past its retention until the hold is cleared", "Evidence", Description = "Where storage takes blob legal holds (Azure, Storage:BlobLegalHolds), every version's blob gets one too, so not even write access to the storage account can delete it.")]
    [OpenApiRequest(typeof(LegalHoldRequest))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(EvidenceResponse))]
    public async Task<IActionResult> SetLegalHold(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/evidence/{id}/legal-hold")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Admin, out var caller, out var refusal))
        {
            return refusal!;
        }

        string? reason = null;
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var body = await JsonBody.ReadAsync<LegalHoldRequest>(request, cancellationToken).ConfigureAwait(false);
            if (!body.IsValid)
            {
                return body.Problem!;
            }

            reason = body.Value!.Reason;
        }

        return ApiResults.Ok(await evidence.ChangeHoldAsync(caller, id, hold: true, reason, IfMatch.From(request), cancellationToken).ConfigureAwait(false), request);
    }

    [Function("ClearEvidenceLegalHold")]
    [OpenApiOperation("Clear a legal hold (ISMS admin): retention applies again", "Evidence")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(EvidenceResponse))]
    public async Task<IActionResult> ClearLegalHold(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/evidence/{id}/legal-hold")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Admin, out var caller, out var refusal))
        {
            return refusal!;
        }

        return await JsonBody.RefuseAnyBodyAsync(request, cancellationToken).ConfigureAwait(false)
            ?? ApiResults.Ok(await evidence.ChangeHoldAsync(caller, id, hold: false, null, IfMatch.From(request), cancellationToken).ConfigureAwait(false), request);
    }
}
