namespace Isms.Core.Reminders;

/// <summary>
/// One thing somebody may need reminding about, as the reminder rules see it.
/// </summary>
/// <param name="ItemId">The corrective action, audit or control id; part of the ledger key.</param>
/// <param name="Kind">Which ladder applies.</param>
/// <param name="OwnerUpn">Who is reminded: action owner, lead auditor or control owner.</param>
/// <param name="DueDate">Due date, audit start, or the last day the evidence covers.</param>
/// <param name="SnoozedUntil">No reminder is owed before this date; reminders resume on it.</param>
/// <param name="Title">User text; escaped when rendered.</param>
/// <param name="FindingId">The finding a corrective action answers, when there is one.</param>
/// <param name="ControlIds">The clauses or Annex A controls concerned.</param>
/// <param name="Link">Where the owner acts on the item.</param>
public sealed record ReminderSubject(
    string ItemId,
    ReminderKind Kind,
    string OwnerUpn,
    DateOnly DueDate,
    DateOnly? SnoozedUntil,
    string Title,
    string? FindingId,
    IReadOnlyList<string> ControlIds,
    Uri? Link);
