namespace Isms.Core.Reminders;

/// <summary>
/// One line of a digest. <see cref="Title"/>, <see cref="FindingId"/> and <see cref="ControlIds"/> are
/// user text and are not escaped here; <see cref="ReminderDigestRenderer"/> escapes them.
/// </summary>
/// <param name="LedgerKey">The ledger entry to confirm once the digest is sent.</param>
public sealed record ReminderDigestItem(
    string ItemId,
    ReminderKind Kind,
    string Title,
    string? FindingId,
    IReadOnlyList<string> ControlIds,
    DateOnly DueDate,
    int DaysOverdue,
    int DaysUntilDue,
    string StageKey,
    string LedgerKey,
    Uri? Link);
