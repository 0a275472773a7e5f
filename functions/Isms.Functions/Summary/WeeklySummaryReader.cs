using Isms.Core.Audits;
using Isms.Core.CorrectiveActions;
using Isms.Core.Evidence;
using Isms.Core.Reminders;
using Isms.Functions.Evidence;
using Isms.Functions.Registers;
using Isms.Functions.Snapshots;

namespace Isms.Functions.Summary;

/// <summary>Reads the registers for the weekly summary: open actions, evidence freshness, open nonconformities, audits ahead.</summary>
public sealed class WeeklySummaryReader(
    CorrectiveActionRegister actions,
    FindingRegister findings,
    AuditRegister audits,
    EvidenceFreshnessReport freshness,
    IOptions<ReminderPolicy> reminders,
    ReminderLadder ladder,
    IOptions<EvidenceOptions> evidence,
    SnapshotStore snapshots,
    Isms.Core.Time.OrganisationClock clock)
{
    /// <summary>How many of the most overdue actions the card names.</summary>
    public const int MostOverdueShown = 5;

    public async Task<WeeklySummary> ReadAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var open = new List<CorrectiveAction>();
        await foreach (var action in actions.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            open.Add(action.Value);
        }

        var overdue = open.Where(a => a.DaysOverdue(today) > 0)
            .OrderByDescending(a => a.DaysOverdue(today))
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .ToList();

        var escalation = reminders.Value.CorrectiveActions.CopyIsmsManagerAtDaysOverdue;

        // Audits as far ahead as the earliest audit notice goes (Reminders:Audits:DaysBefore, 90 by default).
        var auditHorizon = reminders.Value.Audits.ParseDaysBefore().DefaultIfEmpty(0).Max();
        var assessed = await freshness.AssessAsync(cancellationToken).ConfigureAwait(false);

        // Finding.Status from counts: the open actions are in hand, the closed ones only counted through the index.
        var openByFinding = CorrectiveActionCounts.PerFinding(open);
        var actionsByFinding = await actions.ActionIdsByFindingAsync(cancellationToken).ConfigureAwait(false);
        var openNonconformities = (await findings.ListAsync(null, null, cancellationToken).ConfigureAwait(false))
            .Select(f => f.Value)
            .Where(f => f.Status(actionsByFinding[f.Id].Count(), openByFinding.GetValueOrDefault(f.Id)) == FindingStatus.Open)
            .ToList();

        var coming = (await audits.ListAsync(null, AuditStatus.Planned, today, today.AddDays(auditHorizon), cancellationToken).ConfigureAwait(false))
            .Select(a => a.Value)
            .Where(a => a.PlannedStart >= today)
            .OrderBy(a => a.PlannedStart)
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => new ComingAudit(a.Id, a.Type, a.Title, a.PlannedStart))
            .ToList();

        // The hash of each snapshot sealed lately, and of the newest when none was: the newest hash pins the whole chain before it.
        var sealedSnapshots = await snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
        var recent = sealedSnapshots.Where(r => clock.DateOf(r.TakenAt) > today.AddDays(-WeeklySummary.SnapshotDays)).ToList();
        if (recent.Count == 0 && sealedSnapshots.Count > 0)
        {
            recent.Add(sealedSnapshots[^1]);
        }

        return new WeeklySummary(
            WeeklySummary.WeekOf(today),
            today,
            open.Count,
            overdue.Count,
            // Those whose reminders copy the ISMS manager now: by the ladder's rule, and not while snoozed.
            overdue.Count(a => !a.IsSnoozed(today) && ladder.CopiesIsmsManager(ReminderKind.CorrectiveAction, a.DaysOverdue(today))),
            escalation,
            [.. overdue.Take(MostOverdueShown).Select(a => new OverdueAction(a.Id, a.FindingId, a.OwnerUpn, a.Correction, a.DueDate, a.DaysOverdue(today), a.IsSnoozed(today) ? a.SnoozeUntil : null))],
            assessed.Count(c => c.State == EvidenceFreshnessState.Missing),
            assessed.Count(c => c.State == EvidenceFreshnessState.Stale),
            assessed.Count(c => c.State == EvidenceFreshnessState.DueSoon),
            evidence.Value.DueSoonDays,
            openNonconformities.Count(f => f.Type == FindingType.MajorNonconformity),
            openNonconformities.Count(f => f.Type == FindingType.MinorNonconformity),
            coming,
            auditHorizon,
            [.. recent.Select(r => new PublishedSnapshot(r.Id, r.TakenAt, r.Sha256))]);
    }
}
