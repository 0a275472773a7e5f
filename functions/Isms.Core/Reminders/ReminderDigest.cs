namespace Isms.Core.Reminders;

/// <summary>
/// Everything one owner is owed in one run: a single message, never one per item.
/// </summary>
/// <param name="OwnerUpn">The recipient.</param>
/// <param name="Date">The run's date (UTC).</param>
/// <param name="Subject">Plain subject line saying what is owed ("ISMS: 2 corrective actions overdue, 1 due within 7 days").</param>
/// <param name="Items">Most overdue first, then by due date, then by id.</param>
/// <param name="CopyManager">Copy the owner's line manager (some item is far enough overdue).</param>
/// <param name="CopyIsmsManager">Copy the ISMS manager.</param>
/// <param name="OwnerHasNoManager">The owner has no line manager on record, so the ISMS manager was copied instead.</param>
public sealed record ReminderDigest(
    string OwnerUpn,
    DateOnly Date,
    string Subject,
    IReadOnlyList<ReminderDigestItem> Items,
    bool CopyManager,
    bool CopyIsmsManager,
    bool OwnerHasNoManager = false)
{
    /// <summary>
    /// The digest to send when the directory has no manager for the owner: the ISMS manager takes the
    /// manager's place and the message says so. Unchanged when no manager copy was needed.
    /// </summary>
    public ReminderDigest WithNoManagerOnRecord() =>
        CopyManager ? this with { CopyManager = false, CopyIsmsManager = true, OwnerHasNoManager = true } : this;
}
