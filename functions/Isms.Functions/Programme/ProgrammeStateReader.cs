using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.Programme;
using Isms.Functions.Registers;
using Isms.Functions.Storage;

namespace Isms.Functions.Programme;

/// <summary>Reads everything the audit programme is planned from, once per run, and maps it to the planner's inputs.</summary>
public sealed class ProgrammeStateReader(
    RecordStore store,
    SoaTrace soa,
    AuditRegister audits,
    FindingRegister findings,
    CorrectiveActionRegister actions,
    IOptions<AuditProgrammeOptions> options,
    Isms.Core.Time.OrganisationClock clock)
{
    public static readonly RecordKey CertificationKey = new(TableNames.Certification, "certification", "current", "certification");

    public async Task<(ProgrammeState State, IReadOnlyList<Stored<Audit>> Audits)> ReadAsync(CancellationToken cancellationToken)
    {
        var certification = await store.GetAsync<CertificationRecord>(CertificationKey, cancellationToken).ConfigureAwait(false);
        // The ratings the risks give drive how often each control is audited.
        var controls = await soa.ReadEffectiveAsync(cancellationToken).ConfigureAwait(false);
        var recorded = await audits.ListAsync(null, null, null, null, cancellationToken).ConfigureAwait(false);
        var raised = await findings.ListAsync(null, null, cancellationToken).ConfigureAwait(false);
        var dues = new List<CorrectiveActionDue>();
        // Follow-up audits verify the actions on findings; actions of other kinds answer no finding.
        await foreach (var action in actions.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            if (action.Value.FindingId is { } findingId)
            {
                dues.Add(new CorrectiveActionDue(findingId, action.Value.DueDate, null));
            }
        }

        await foreach (var action in actions.ClosedAsync(cancellationToken).ConfigureAwait(false))
        {
            if (action.Value.FindingId is { } findingId)
            {
                dues.Add(new CorrectiveActionDue(findingId, action.Value.DueDate, action.Value.ClosedAt is { } closed ? clock.DateOf(closed) : null));
            }
        }

        var state = new ProgrammeState(
            certification is null ? null : new CertificationCycle(certification.Value.CertificationDecisionDate, certification.Value.ExpiryDate),
            [.. ControlCatalogue.All.Select(c => ToProgrammeControl(c, controls[c.Id].Value))],
            [.. recorded.Select(a => ToRecorded(a.Value))],
            [.. raised.Select(f => ToRecorded(f.Value, clock))],
            dues,
            options.Value.ParsedInternalAuditors());
        return (state, recorded);
    }

    public static RecordedAudit ToRecorded(Audit audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return new(audit.Id, audit.Type, audit.PlannedStart, audit.PlannedEnd, audit.Status, audit.Scope, audit.LeadAuditorUpn, audit.Auditors);
    }

    /// <summary>A finding as the planner sees it, raised on the organisation's date of <see cref="Finding.RaisedAt"/>.</summary>
    public static RecordedFinding ToRecorded(Finding finding, Isms.Core.Time.OrganisationClock clock)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(clock);
        return new(finding.Id, finding.AuditId, finding.Type, finding.ControlIds, clock.DateOf(finding.RaisedAt));
    }

    /// <summary>A catalogue entry with its SoA row: clauses are always in the programme, Annex A controls when applicable.</summary>
    public static ProgrammeControl ToProgrammeControl(Control control, SoaEntry entry)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(entry);
        return new(control.Id, !control.IsAnnexA, !control.IsAnnexA || entry.Applicable, entry.RiskRating, entry.OwnerUpn);
    }
}
