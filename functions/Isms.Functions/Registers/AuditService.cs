using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>An audit with the findings raised in it and the status their corrective actions give them.</summary>
public sealed record AuditDetail(AuditResponse Audit, IReadOnlyList<FindingResponse> Findings);

/// <summary>
/// Every operation on the audits of the programme, for the API, the pages and the timers alike: plan one, read,
/// list, and change its plan or status. The rules (what may change when, who is independent) are the domain's;
/// this class reads what they need, asks them, and stores what they decide.
/// </summary>
public sealed class AuditService(AuditRegister audits, SoaRegister soa, FindingService findings, People.Assignees assignees, OrganisationClock clock)
{
    public async Task<IReadOnlyList<AuditResponse>> ListAsync(AuditType? type, AuditStatus? status, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var found = await audits.ListAsync(type, status, from, to, cancellationToken).ConfigureAwait(false);
        var today = clock.Today;
        return [.. found.Select(a => AuditResponse.From(a, today))];
    }

    public async Task<Outcome<AuditResponse>> GetAsync(string auditId, CancellationToken cancellationToken) =>
        await audits.GetAsync(auditId, cancellationToken).ConfigureAwait(false) is { } audit
            ? Outcome.Success(AuditResponse.From(audit, clock.Today))
            : NotFound(auditId);

    /// <summary>The audit and its findings, as its page shows them.</summary>
    public async Task<Outcome<AuditDetail>> GetWithFindingsAsync(string auditId, CancellationToken cancellationToken)
    {
        var audit = await audits.GetAsync(auditId, cancellationToken).ConfigureAwait(false);
        if (audit is null)
        {
            return NotFound<AuditDetail>(auditId);
        }

        var raised = await findings.ListAsync(audit.Value.Id, null, null, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(new AuditDetail(AuditResponse.From(audit, clock.Today), raised));
    }

    /// <summary>Plans an audit; an auditor who owns a control in its scope is refused (clause 9.2).</summary>
    public async Task<Outcome<AuditResponse>> PlanAsync(Caller caller, AuditDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(draft);
        var owners = await OwnersAsync(cancellationToken).ConfigureAwait(false);
        var planned = AuditLifecycle.Plan(RecordIds.New("AUD"), draft, owners);
        if (!planned.IsSuccess)
        {
            return Outcome.Refused<AuditResponse>(planned.Refusal);
        }

        var (team, notAUser) = await assignees.TeamAsync(planned.Value, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
        if (notAUser is not null)
        {
            return Outcome.Refused<AuditResponse>(notAUser);
        }

        var saved = await audits.InsertAsync(planned.Value with { TeamObjectIds = team }, caller, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(AuditResponse.From(saved, clock.Today));
    }

    /// <summary>
    /// Changes an audit's plan (title, dates, team, scope) and or status, as the version <paramref name="ifMatch"/>
    /// names. AuditLifecycle decides: a completed or cancelled audit's plan can no longer change, the status moves
    /// only forward, and nobody audits their own area.
    /// </summary>
    public async Task<Outcome<AuditResponse>> ChangeAsync(Caller caller, string auditId, AuditPatch patch, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(patch);
        var before = await audits.GetAsync(auditId, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return NotFound(auditId);
        }

        if (AuditTeam.RefuseUnlessConducting(before.Value, caller, "change it") is { } notOnTeam)
        {
            return Outcome.Refused<AuditResponse>(notOnTeam);
        }

        if (!ifMatch.Matches(before.ETag))
        {
            return Outcome.Refused<AuditResponse>(ETags.Stale($"Audit {auditId}"));
        }

        var change = new AuditPlanChange(patch.Title, patch.PlannedStart, patch.PlannedEnd, patch.LeadAuditorUpn, patch.Auditors, patch.Scope);
        var owners = change.IsEmpty ? [] : await OwnersAsync(cancellationToken).ConfigureAwait(false);
        var changed = AuditLifecycle.Change(before.Value, change, patch.Status, owners, clock.Today);
        if (!changed.IsSuccess)
        {
            return Outcome.Refused<AuditResponse>(changed.Refusal);
        }

        var (team, notAUser) = await assignees.TeamAsync(changed.Value, before.Value.TeamObjectIds, cancellationToken).ConfigureAwait(false);
        if (notAUser is not null)
        {
            return Outcome.Refused<AuditResponse>(notAUser);
        }

        try
        {
            var saved = await audits.ReplaceAsync(before, changed.Value with { TeamObjectIds = team }, caller, cancellationToken).ConfigureAwait(false);
            return Outcome.Success(AuditResponse.From(saved, clock.Today));
        }
        catch (StaleRecordException ex)
        {
            return Outcome.Refused<AuditResponse>(ETags.Stale(ex.EntityPath));
        }
    }

    /// <summary>The SoA's entries, whose owners decide who is independent of what.</summary>
    private async Task<IReadOnlyList<SoaEntry>> OwnersAsync(CancellationToken cancellationToken)
    {
        var rows = await soa.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Values.Select(r => r.Value)];
    }

    private static Outcome<AuditResponse> NotFound(string auditId) => NotFound<AuditResponse>(auditId);

    private static Outcome<T> NotFound<T>(string auditId)
        where T : notnull =>
        Outcome.Refused<T>(RefusalCode.NotFound, "auditId", $"There is no audit '{auditId}'. GET /api/audits lists them.");
}
