using System.Globalization;
using Isms.Core.Audits;

namespace Isms.Core.Programme;

/// <summary>
/// Plans a follow-up audit for each major nonconformity raised by the certification body (Stage 1, Stage 2,
/// surveillance, recertification), to verify the corrective action before the action's due date. Once the
/// action is closed the follow-up is brought forward to shortly after the closure.
/// </summary>
public sealed class FollowUpPlanner(AuditProgrammeOptions options)
{
    public PlannerResult Plan(
        IReadOnlyList<RecordedFinding> findings,
        IReadOnlyList<RecordedAudit> audits,
        IReadOnlyList<CorrectiveActionDue> actions,
        DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(audits);
        ArgumentNullException.ThrowIfNull(actions);
        var byId = AuditPlacement.ById(audits);
        var actionsByFinding = actions.ToLookup(a => a.FindingId, StringComparer.Ordinal);
        var result = new List<PlannedAudit>();
        var warnings = new List<string>();
        foreach (var finding in findings.Where(f => f.Type == FindingType.MajorNonconformity))
        {
            if (finding.AuditId is null || !byId.TryGetValue(finding.AuditId, out var raisedIn) || !raisedIn.Type.IsExternal())
            {
                continue;
            }

            var key = AuditKeys.FollowUp(finding.Id);
            var title = $"Follow-up of major nonconformity {finding.Id}";
            byId.TryGetValue(key, out var existing);
            var (due, closedOn) = ActionOf(finding, actionsByFinding[finding.Id]);
            var window = Window(finding, raisedIn, due, closedOn);
            if (existing is not null && existing.Status != AuditStatus.Planned)
            {
                result.Add(AuditPlacement.Locked(existing, title, window));
                continue;
            }

            if (existing is null && closedOn is { } closed && closed.AddDays(options.FollowUpAfterClosureDays) < today)
            {
                // Closed long ago and never followed up: nothing useful left to schedule.
                continue;
            }

            // A new follow-up starts with the lead of the audit that raised the finding; once on record, its own
            // lead is kept (the assigner takes off one who owns what the follow-up verifies).
            var placement = closedOn is null ? Placement.Late : Placement.Early;
            var dates = AuditPlacement.Place(window, options.FollowUpDurationDays, placement, today, existing, options);
            var planned = AuditPlacement.Reconcile(
                key, AuditType.FollowUp, title, window, dates, finding.ControlIds,
                existing is null ? raisedIn.LeadAuditorUpn : existing.LeadAuditorUpn, existing?.Auditors ?? [], existing);
            if (!planned.WithinTarget)
            {
                warnings.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{title} cannot end before the corrective action is due on {due:yyyy-MM-dd}."));
            }

            result.Add(planned);
        }

        return new PlannerResult(result, warnings);
    }

    /// <summary>
    /// Brings a planned follow-up forward when its corrective action closed early: it then targets the days
    /// right after the closure. Started or completed follow-ups are returned unchanged (Locked).
    /// </summary>
    public PlannedAudit ReplanAfterClosure(PlannedAudit followUp, DateOnly closedOn, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(followUp);
        if (followUp.Status != AuditStatus.Planned)
        {
            return followUp with { Action = PlanAction.Locked };
        }

        var window = new DateWindow(
            closedOn.AddDays(1),
            AuditPlacement.Min(followUp.Target.LatestEnd, closedOn.AddDays(options.FollowUpAfterClosureDays)));
        if (window.Contains(followUp.PlannedStart, followUp.PlannedEnd))
        {
            return followUp with { Target = window, Action = PlanAction.Keep };
        }

        var (start, end) = AuditPlacement.Propose(window, options.FollowUpDurationDays, Placement.Early, today, options);
        return followUp with { Target = window, PlannedStart = start, PlannedEnd = end, Action = PlanAction.Update };
    }

    private (DateOnly Due, DateOnly? ClosedOn) ActionOf(RecordedFinding finding, IEnumerable<CorrectiveActionDue> actions)
    {
        var list = actions.ToList();
        if (list.Count == 0)
        {
            return (finding.RaisedOn.AddDays(options.MajorNonconformityDueDays), null);
        }

        var due = list.Max(a => a.DueDate);
        var closed = list.All(a => a.ClosedOn is not null) ? list.Max(a => a.ClosedOn) : null;
        return (due, closed);
    }

    private DateWindow Window(RecordedFinding finding, RecordedAudit raisedIn, DateOnly due, DateOnly? closedOn)
    {
        var latest = due.AddDays(-1);
        var earliest = AuditPlacement.Max(finding.RaisedOn, raisedIn.End).AddDays(1);
        if (closedOn is { } closed)
        {
            earliest = AuditPlacement.Max(earliest, closed.AddDays(1));
            latest = AuditPlacement.Max(
                earliest.AddDays(options.FollowUpDurationDays - 1),
                AuditPlacement.Min(latest, closed.AddDays(options.FollowUpAfterClosureDays)));
        }

        return new DateWindow(earliest, latest);
    }
}
