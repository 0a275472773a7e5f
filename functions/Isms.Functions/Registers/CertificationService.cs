using Isms.Core.Audits;
using Isms.Core.Programme;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Platform;
using Isms.Functions.Programme;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>The certification record, and the external audits of its three-year cycle planned from it.</summary>
public sealed class CertificationService(RecordStore store, AuditRegister audits, ProgrammeWriter writer, IOptions<AuditProgrammeOptions> programme, OrganisationClock clock)
{
    private static readonly RecordKey Key = ProgrammeStateReader.CertificationKey;

    /// <summary>
    /// The version of the record before there is one: a form opened then sends it, so a record someone else saved
    /// meanwhile is refused as stale instead of overwritten.
    /// </summary>
    public static string NoRecordEtag => SoaRegister.Unsaved.ToString();

    public async Task<Outcome<CertificationResponse>> GetAsync(CancellationToken cancellationToken)
    {
        var record = await store.GetAsync<CertificationRecord>(Key, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return Outcome.Refused<CertificationResponse>(RefusalCode.NotFound, "certification", "No certification record yet: PUT /api/certification with the certification body, decision date, expiry and scope.");
        }

        var planned = await PlannedAuditIdsAsync(record.Value, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(CertificationResponse.From(record, planned));
    }

    /// <summary>Records the certification decision and plans the cycle's surveillance and recertification audits.</summary>
    public async Task<Outcome<CertificationResponse>> RecordAsync(Caller caller, CertificationUpdate input, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var record = new CertificationRecord(
            input.CertificationBody?.Trim() ?? string.Empty,
            input.CertificationDecisionDate ?? default,
            input.ExpiryDate ?? default,
            input.Scope?.Trim() ?? string.Empty);
        var errors = CertificationRecordValidator.Validate(record);
        if (!errors.IsValid)
        {
            return Outcome.Invalid<CertificationResponse>(errors);
        }

        var before = await store.GetAsync<CertificationRecord>(Key, cancellationToken).ConfigureAwait(false);
        if (!ifMatch.Matches(before?.ETag ?? SoaRegister.Unsaved))
        {
            return Outcome.Refused<CertificationResponse>(ETags.Stale("The certification record"));
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
            return Outcome.Refused<CertificationResponse>(ETags.Stale("The certification record"));
        }

        var planned = await PlanExternalAuditsAsync(record, caller, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(CertificationResponse.From(saved, planned));
    }

    /// <summary>
    /// Plans the cycle's external audits at once (the daily ScheduleAudits run keeps them planned afterwards):
    /// keys derived from the cycle make planning twice create nothing twice.
    /// </summary>
    private async Task<IReadOnlyList<string>> PlanExternalAuditsAsync(CertificationRecord record, Caller caller, CancellationToken cancellationToken)
    {
        var existing = await audits.ListAsync(null, null, null, null, cancellationToken).ConfigureAwait(false);
        var cycle = new CertificationCycle(record.CertificationDecisionDate, record.ExpiryDate);
        var plan = new ExternalCyclePlanner(programme.Value).Plan(cycle, [.. existing.Select(a => ProgrammeStateReader.ToRecorded(a.Value))], clock.Today);
        await writer.ApplyAsync(plan.Audits, existing, caller, cancellationToken).ConfigureAwait(false);
        return [.. plan.Audits.Select(a => a.Key)];
    }

    private async Task<IReadOnlyList<string>> PlannedAuditIdsAsync(CertificationRecord record, CancellationToken cancellationToken)
    {
        var prefix = new CertificationCycle(record.CertificationDecisionDate, record.ExpiryDate).Key + ":";
        var all = await audits.ListAsync(null, null, null, null, cancellationToken).ConfigureAwait(false);
        return [.. all.Where(a => a.Value.Id.StartsWith(prefix, StringComparison.Ordinal)).Select(a => a.Value.Id)];
    }
}
