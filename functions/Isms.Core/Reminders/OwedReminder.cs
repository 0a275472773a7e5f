namespace Isms.Core.Reminders;

/// <summary>An item and the rung it is owed in this run, not yet claimed in the ledger.</summary>
public sealed record OwedReminder(ReminderSubject Subject, ReminderStage Stage);
