namespace Isms.Core.Reminders;

/// <summary>
/// The reminder owed for one item on one day.
/// </summary>
/// <param name="Key">
/// Stable name of the rung ("before-14", "due", "overdue-6", "escalate-manager"); the ledger keeps one
/// entry per item and key (see <see cref="ReminderLadder.LedgerKey"/>) so each rung is sent once.
/// </param>
/// <param name="Kind">Which sort of rung.</param>
/// <param name="ScheduledFor">The rung's own date; earlier than <paramref name="EvaluatedOn"/> when caught up.</param>
/// <param name="EvaluatedOn">The day the reminder is owed (the run's date, UTC).</param>
/// <param name="DaysOverdue">Calendar days past the due date on <paramref name="EvaluatedOn"/>; 0 when not overdue.</param>
/// <param name="BusinessDaysOverdue">Business days past the due date on <paramref name="EvaluatedOn"/>; 0 when not overdue.</param>
/// <param name="DaysUntilDue">Calendar days to the due date; 0 on or after it.</param>
/// <param name="CopyManager">The owner's line manager is copied.</param>
/// <param name="CopyIsmsManager">The ISMS manager is copied.</param>
public sealed record ReminderStage(
    string Key,
    ReminderStageKind Kind,
    DateOnly ScheduledFor,
    DateOnly EvaluatedOn,
    int DaysOverdue,
    int BusinessDaysOverdue,
    int DaysUntilDue,
    bool CopyManager,
    bool CopyIsmsManager)
{
    /// <summary>Owed late: its day fell on a weekend or no run happened that day.</summary>
    public bool IsCatchUp => ScheduledFor < EvaluatedOn;
}
