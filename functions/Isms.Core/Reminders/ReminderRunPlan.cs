namespace Isms.Core.Reminders;

/// <summary>
/// What one chasing run owes, before the ledger is consulted.
/// </summary>
/// <param name="Date">The run's date (UTC).</param>
/// <param name="IsBusinessDay">False on a weekend day: nothing is owed then.</param>
/// <param name="Owed">Items owed a rung today; claim each <see cref="ReminderLadder.LedgerKey"/> before sending.</param>
/// <param name="Snoozed">Items that would be owed a rung today were they not snoozed, for the run summary.</param>
public sealed record ReminderRunPlan(
    DateOnly Date,
    bool IsBusinessDay,
    IReadOnlyList<OwedReminder> Owed,
    IReadOnlyList<OwedReminder> Snoozed);
