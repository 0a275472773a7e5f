using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.Programme;
using Isms.Functions.Registers;
using Isms.Functions.Storage;

namespace Isms.Functions.Programme;

/// <summary>Reads everything the audit programme is planned from, once per run, and maps it to the planner's inputs.</summary>
public sealed class ProgrammeStateReader(
    RecordStore store,
    SoaRegister soa,
    AuditRegister audits,
    FindingRegister findings,
    CorrectiveActionRegister actions,
    IOptions<AuditProgrammeOptions> options)
{
    public static readonly RecordKey CertificationKey = new(TableNames.Certification, "certification", "current", "certification");

    public async Task<(ProgrammeState State, IReadOnlyList<Stored<Audit>> Audits)> ReadAsync(CancellationToken cancellationToken)
    {
        var certification = await store.GetAsync<CertificationRecord>(CertificationKey, cancellationToken).ConfigureAwait(false);
        var controls = await soa.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var recorded = await audits.ListAsync(null, null, null, null, cancellationToken).ConfigureAwait(false);
        var raised = await findings.ListAsync(null, null, cancellationToken).ConfigureAwait(false);
        var dues = new List<CorrectiveActionDue>();
        await foreach (var action in actions.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            dues.Add(new CorrectiveActionDue(action.Value.FindingId, action.Value.DueDate, null));
        }

        await foreach (var action in actions.ClosedAsync(cancellationToken).ConfigureAwait(false))
        {
            dues.Add(new CorrectiveActionDue(action.Value.FindingId, action.Value.DueDate, action.Value.ClosedAt is { } closed ? DateOnly.FromDateTime(closed.UtcDateTime) : null));
        }

        var state = new ProgrammeState(
            certification is null ? null : new CertificationCycle(certification.Value.CertificationDecisionDate, certification.Value.ExpiryDate),
            [.. ControlCatalogue.All.Select(c => ToProgrammeControl(controls[c.Id].Value, !c.IsAnnexA))],
            [.. recorded.Select(a => ToRecorded(a.Value))],
            [.. raised.Select(f => new RecordedFinding(f.Value.Id, f.Value.AuditId, f.Value.Type.ToString(), f.Value.ControlIds, DateOnly.FromDateTime(f.Value.RaisedAt.UtcDateTime)))],
            dues,
            options.Value.ParsedInternalAuditors());
        return (state, recorded);
    }

    public static RecordedAudit ToRecorded(Audit audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return new(audit.Id, audit.Type.ToString(), audit.PlannedStart, audit.PlannedEnd, audit.Status.ToString(), audit.Scope, audit.LeadAuditorUpn, audit.Auditors);
    }

    public static Audit ToAudit(PlannedAudit planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return new Audit
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
    }

    private static ProgrammeControl ToProgrammeControl(SoaEntry entry, bool isClause) =>
        new(entry.ControlId, isClause, isClause || entry.Applicable, entry.RiskRating.ToString(), entry.OwnerUpn);
}
