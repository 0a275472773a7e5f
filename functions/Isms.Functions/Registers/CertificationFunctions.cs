using Isms.Core.Audits;
using Isms.Core.Programme;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>The certification record, from which the external audits of the three-year cycle are planned.</summary>
public sealed class CertificationFunctions(
    CallerReader callers,
    RecordStore store,
    AuditRegister audits,
    IOptions<AuditProgrammeOptions> programme,
    TimeProvider time)
{
    private static readonly RecordKey Key = new(TableNames.Certification, "certification", "current", "certification");

    [Function("GetCertification")]
    [OpenApiOperation("The current certification record", "Certification")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(CertificationResponse))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "certification")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var record = await store.GetAsync<CertificationRecord>(Key, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return Problem.NotFound("No certification record yet: PUT /api/certification with the certification body, decision date, expiry and scope.");
        }

        var planned = await PlannedAuditIdsAsync(record.Value, cancellationToken).ConfigureAwait(false);
        return ApiResults.Ok(ToResponse(record, planned), request.HttpContext.Response, record.ETag);
    }

    [Function("PutCertification")]
    [OpenApiOperation("Record the certification decision (ISMS admin); plans the cycle's surveillance and recertification audits", "Certification")]
    [OpenApiRequest(typeof(CertificationUpdate))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(CertificationResponse))]
    public async Task<IActionResult> Put(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "certification")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Admin, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<CertificationUpdate>(request, cancellationToken).ConfigureAwait(false);
        if (!body.IsValid)
        {
            return body.Problem!;
        }

        var input = body.Value!;
        var record = new CertificationRecord(
            input.CertificationBody?.Trim() ?? string.Empty,
            input.CertificationDecisionDate ?? default,
            input.ExpiryDate ?? default,
            input.Scope?.Trim() ?? string.Empty);
        var errors = CertificationRecordValidator.Validate(record);
        if (!errors.IsValid)
        {
            return ApiResults.Invalid(errors);
        }

        var before = await store.GetAsync<CertificationRecord>(Key, cancellationToken).ConfigureAwait(false);
        if (!ETags.Matches(request, before?.ETag ?? SoaRegister.Unsaved))
        {
            return ETags.Stale("The certification record");
        }

        Stored<CertificationRecord> saved;
        try
        {
            saved = before is null
                ? await store.InsertAsync(Key, record, caller, null, cancellationToken).ConfigureAwait(false)
                : await store.ReplaceAsync(Key, before, record, caller, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StaleRecordException or DuplicateRecordException)
        {
            return ETags.Stale("The certification record");
        }

        var planned = await PlanExternalAuditsAsync(record, caller, cancellationToken).ConfigureAwait(false);
        return ApiResults.Ok(ToResponse(saved, planned), request.HttpContext.Response, saved.ETag);
    }

    /// <summary>
    /// Creates the cycle's external audits under keys derived from the cycle, so planning twice creates nothing twice;
    /// audits already started are never touched, planned ones follow the new dates.
    /// </summary>
    private async Task<IReadOnlyList<string>> PlanExternalAuditsAsync(CertificationRecord record, Caller caller, CancellationToken cancellationToken)
    {
        var existing = await audits.ListAsync(null, null, null, null, cancellationToken).ConfigureAwait(false);
        var byId = existing.ToDictionary(a => a.Value.Id, StringComparer.Ordinal);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var cycle = new CertificationCycle(record.CertificationDecisionDate, record.ExpiryDate);
        var plan = new ExternalCyclePlanner(programme.Value).Plan(cycle, [.. existing.Select(a => ToRecorded(a.Value))], today);
        var ids = new List<string>();
        foreach (var planned in plan.Audits)
        {
            ids.Add(planned.Key);
            byId.TryGetValue(planned.Key, out var current);
            try
            {
                switch (planned.Action)
                {
                    case PlanAction.Create when current is null:
                        await audits.InsertAsync(ToAudit(planned), caller, cancellationToken).ConfigureAwait(false);
                        break;
                    case PlanAction.Update when current is { Value.Status: AuditStatus.Planned }:
                        await audits.ReplaceAsync(current, current.Value with { PlannedStart = planned.PlannedStart, PlannedEnd = planned.PlannedEnd, Title = planned.Title }, caller, cancellationToken).ConfigureAwait(false);
                        break;
                    case PlanAction.Cancel when current is { Value.Status: AuditStatus.Planned }:
                        await audits.ReplaceAsync(current, current.Value with { Status = AuditStatus.Cancelled }, caller, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
            catch (Exception ex) when (ex is DuplicateRecordException or StaleRecordException)
            {
                // Another run planned or changed it at the same moment; the next planning run converges.
            }
        }

        return ids;
    }

    private async Task<IReadOnlyList<string>> PlannedAuditIdsAsync(CertificationRecord record, CancellationToken cancellationToken)
    {
        var prefix = new CertificationCycle(record.CertificationDecisionDate, record.ExpiryDate).Key + ":";
        var all = await audits.ListAsync(null, null, null, null, cancellationToken).ConfigureAwait(false);
        return [.. all.Where(a => a.Value.Id.StartsWith(prefix, StringComparison.Ordinal)).Select(a => a.Value.Id)];
    }

    private static RecordedAudit ToRecorded(Audit audit) =>
        new(audit.Id, audit.Type.ToString(), audit.PlannedStart, audit.PlannedEnd, audit.Status.ToString(), audit.Scope, audit.LeadAuditorUpn, audit.Auditors);

    private static Audit ToAudit(PlannedAudit planned) => new()
    {
        Id = planned.Key,
        Type = Enum.Parse<AuditType>(planned.Type),
        Title = planned.Title,
        PlannedStart = planned.PlannedStart,
        PlannedEnd = planned.PlannedEnd,
        LeadAuditorUpn = planned.LeadAuditorUpn ?? string.Empty,
        Auditors = planned.Auditors,
        Scope = planned.Scope,
    };

    private static CertificationResponse ToResponse(Stored<CertificationRecord> stored, IReadOnlyList<string> planned) =>
        new(stored.Value.CertificationBody, stored.Value.CertificationDecisionDate, stored.Value.ExpiryDate, stored.Value.Scope, planned, ApiResults.Tag(stored.ETag));
}
