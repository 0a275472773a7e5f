using System.Globalization;
using Isms.Core.Audits;

namespace Isms.Functions.Summary;

/// <summary>An overdue corrective action as the weekly summary lists it.</summary>
/// <param name="SnoozedUntil">When the owner's reminders resume, if they are paused today.</param>
public sealed record OverdueAction(string Id, string? FindingId, string OwnerUpn, string Correction, DateOnly DueDate, int DaysOverdue, DateOnly? SnoozedUntil);

/// <summary>A planned audit coming up.</summary>
public sealed record ComingAudit(string Id, AuditType Type, string Title, DateOnly PlannedStart);

/// <summary>A sealed snapshot's hash as the card publishes it, for people to compare with what verification shows later.</summary>
public sealed record PublishedSnapshot(string Id, DateTimeOffset TakenAt, string Sha256);

/// <summary>Where the ISMS stands this week: what the ISMS channel reads on a Monday morning.</summary>
/// <param name="Week">The ISO week, e.g. 2026-W48: the summary is posted once per week.</param>
/// <param name="EscalationDays">Days overdue from which the ISMS manager is copied on reminders (0: never); <paramref name="OverdueBeyondEscalation"/> counts those.</param>
/// <param name="DueSoonDays">How close to going stale evidence counts as due soon (Evidence:DueSoonDays).</param>
/// <param name="AuditHorizonDays">How far ahead <paramref name="ComingAudits"/> reaches: the earliest audit notice.</param>
/// <param name="Snapshots">The snapshots sealed in the last <see cref="SnapshotDays"/> days, or the newest one when none was: each with its SHA-256, published outside storage.</param>
public sealed record WeeklySummary(
    string Week,
    DateOnly AsOf,
    int OpenActions,
    int OverdueActions,
    int OverdueBeyondEscalation,
    int EscalationDays,
    IReadOnlyList<OverdueAction> MostOverdue,
    int MissingEvidence,
    int StaleEvidence,
    int DueSoonEvidence,
    int DueSoonDays,
    int OpenMajors,
    int OpenMinors,
    IReadOnlyList<ComingAudit> ComingAudits,
    int AuditHorizonDays,
    IReadOnlyList<PublishedSnapshot> Snapshots)
{
    /// <summary>How far back the card lists sealed snapshots: a week, and a day more, so a card posted on Tuesday after a failed Monday misses none.</summary>
    public const int SnapshotDays = 8;

    public static string WeekOf(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):D2}");
    }
}
