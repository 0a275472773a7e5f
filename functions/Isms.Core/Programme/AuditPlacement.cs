using Isms.Core.Audits;

namespace Isms.Core.Programme;

/// <summary>Where in its window a new audit is proposed.</summary>
internal enum Placement
{
    /// <summary>As late as the window allows, less the planning buffer (surveillance, recertification).</summary>
    Late,

    /// <summary>In the middle of the window (internal audits spread over a quarter).</summary>
    Middle,

    /// <summary>As early as the window and the lead time allow (follow-up after an early closure).</summary>
    Early,
}

/// <summary>Turns a target window into planned dates and reconciles them with what the register already holds.</summary>
internal static class AuditPlacement
{
    /// <summary>
    /// Planned dates for an audit. A recorded, not yet started audit keeps its dates while they meet the window
    /// (so a person may move it inside the window, and a rerun changes nothing); otherwise new dates are proposed.
    /// </summary>
    public static (DateOnly Start, DateOnly End) Place(
        DateWindow window,
        int durationDays,
        Placement placement,
        DateOnly today,
        RecordedAudit? existing,
        AuditProgrammeOptions options)
    {
        if (existing is { Status: AuditStatus.Planned })
        {
            if (window.Contains(existing.Start, existing.End))
            {
                return (existing.Start, existing.End);
            }

            // The window can no longer be met: keep a date that is still ahead rather than drift every day.
            if (!window.CanFit(durationDays, today) && existing.Start >= today)
            {
                return (existing.Start, existing.End);
            }
        }

        return Propose(window, durationDays, placement, today, options);
    }

    public static (DateOnly Start, DateOnly End) Propose(
        DateWindow window,
        int durationDays,
        Placement placement,
        DateOnly today,
        AuditProgrammeOptions options)
    {
        var length = window.LatestEnd.DayNumber - window.EarliestStart.DayNumber + 1;
        var start = placement switch
        {
            Placement.Late => window.LatestEnd.AddDays(-Math.Min(options.PlanningBufferDays, length / 4) - durationDays + 1),
            Placement.Middle => window.EarliestStart.AddDays(Math.Max(0, (length - durationDays) / 2)),
            _ => window.EarliestStart,
        };
        if (start < window.EarliestStart)
        {
            start = window.EarliestStart;
        }

        var notBefore = today.AddDays(options.MinimumLeadDays);
        if (start < notBefore)
        {
            start = notBefore;
        }

        return (start, start.AddDays(durationDays - 1));
    }

    /// <summary>The programme's view of one audit: created, updated, kept or left alone.</summary>
    public static PlannedAudit Reconcile(
        string key,
        AuditType type,
        string title,
        DateWindow window,
        (DateOnly Start, DateOnly End) dates,
        IReadOnlyList<string> scope,
        string? leadAuditorUpn,
        IReadOnlyList<string> auditors,
        RecordedAudit? existing)
    {
        if (existing is not null && existing.Status != AuditStatus.Planned)
        {
            return Locked(existing, title, window);
        }

        var planned = new PlannedAudit(
            key, type, title, window, dates.Start, dates.End, scope, leadAuditorUpn, auditors, AuditStatus.Planned, PlanAction.Create);
        if (existing is null)
        {
            return planned;
        }

        return planned with { Action = planned.SameAs(existing) ? PlanAction.Keep : PlanAction.Update };
    }

    public static PlannedAudit Locked(RecordedAudit existing, string title, DateWindow window) =>
        new(
            existing.Id,
            existing.Type,
            title,
            window,
            existing.Start,
            existing.End,
            existing.Scope,
            existing.LeadAuditorUpn,
            existing.Auditors,
            existing.Status,
            PlanAction.Locked);

    public static PlannedAudit Cancelled(RecordedAudit existing, string title) =>
        new(
            existing.Id,
            existing.Type,
            title,
            new DateWindow(existing.Start, existing.End),
            existing.Start,
            existing.End,
            existing.Scope,
            existing.LeadAuditorUpn,
            existing.Auditors,
            AuditStatus.Cancelled,
            PlanAction.Cancel);

    public static Dictionary<string, RecordedAudit> ById(IEnumerable<RecordedAudit> audits)
    {
        var byId = new Dictionary<string, RecordedAudit>(StringComparer.Ordinal);
        foreach (var audit in audits)
        {
            byId.TryAdd(audit.Id, audit);
        }

        return byId;
    }

    public static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    public static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
