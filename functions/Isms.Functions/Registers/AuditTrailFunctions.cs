using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>The append-only history of one record: who changed what, when, from what to what.</summary>
public sealed class AuditTrailFunctions(CallerReader callers, AuditTrail trail)
{
    private static readonly string[] Kinds = ["controls", "certification", "audits", "findings", "corrective-actions", "evidence", "snapshots", "gap-analysis", "risks", "management-reviews", "documents", "courses", "people-samples"];

    [Function("ReadAuditTrail")]
    [OpenApiOperation("The change history of one record", "Audit trail", Description = "entity is the record's path: controls/A.5.1, audits/{id}, findings/{id}, corrective-actions/{id}, certification.")]
    [OpenApiQuery("entity", "the record's path, e.g. corrective-actions/CA-7K3M9Q2XPD")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(AuditTrailResponse))]
    public async Task<IActionResult> Read(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audit-trail")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var entity = request.Query["entity"].ToString().Trim().Trim('/');
        var kind = entity.Split('/', 2)[0];
        if (entity.Length == 0)
        {
            return Problem.Field("entity", "entity is required: the record's path, e.g. audits/AUD-7K3M9Q2XPD or controls/A.5.1.");
        }

        if (!Kinds.Contains(kind, StringComparer.Ordinal) || (kind != "certification" && !RecordIds.IsWellFormed(entity.Split('/', 2).ElementAtOrDefault(1))))
        {
            return Problem.Field("entity", $"entity must be one of {string.Join(", ", Kinds.Select(k => k == "certification" ? k : k + "/{id}"))}.");
        }

        var entries = await trail.ReadAsync(entity, cancellationToken).ConfigureAwait(false);
        return new OkObjectResult(new AuditTrailResponse(entity, entries));
    }
}
