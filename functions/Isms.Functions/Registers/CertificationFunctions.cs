using Isms.Core.Audits;
using Isms.Core.Programme;
using Isms.Functions.Platform;
using Isms.Functions.Programme;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>The certification record, from which the external audits of the three-year cycle are planned.</summary>
public sealed class CertificationFunctions(
    CallerReader callers,
    RecordStore store,
    AuditRegister audits,
    ProgrammeWriter writer,
    IOptions<AuditProgrammeOptions> programme,
    TimeProvider time)
{
    private static readonly RecordKey Key = ProgrammeStateReader.CertificationKey;

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
    /// Plans the cycle's external audits at once (the daily ScheduleAudits run keeps them planned afterwards):
    /// keys derived from the cycle make planning twice create nothing twice.
    /// </summary>
    private async Task<IReadOnlyList<string>> PlanExternalAuditsAsync(CertificationRecord record, Caller caller, CancellationToken cancellationToken)
    {
        var existing = await audits.ListAsync(null, null, null, null, cancellationToken).ConfigureAwait(false);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var cycle = new CertificationCycle(record.CertificationDecisionDate, record.ExpiryDate);
        var plan = new ExternalCyclePlanner(programme.Value).Plan(cycle, [.. existing.Select(a => ProgrammeStateReader.ToRecorded(a.Value))], today);
        await writer.ApplyAsync(plan.Audits, existing, caller, cancellationToken).ConfigureAwait(false);
        return [.. plan.Audits.Select(a => a.Key)];
    }

    private async Task<IReadOnlyList<string>> PlannedAuditIdsAsync(CertificationRecord record, CancellationToken cancellationToken)
    {
        var prefix = new CertificationCycle(record.CertificationDecisionDate, record.ExpiryDate).Key + ":";
        var all = await audits.ListAsync(null, null, null, null, cancellationToken).ConfigureAwait(false);
        return [.. all.Where(a => a.Value.Id.StartsWith(prefix, StringComparison.Ordinal)).Select(a => a.Value.Id)];
    }

    private static CertificationResponse ToResponse(Stored<CertificationRecord> stored, IReadOnlyList<string> planned) =>
        new(stored.Value.CertificationBody, stored.Value.CertificationDecisionDate, stored.Value.ExpiryDate, stored.Value.Scope, planned, ApiResults.Tag(stored.ETag));
}
