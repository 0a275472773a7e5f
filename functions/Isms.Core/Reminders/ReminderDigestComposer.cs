namespace Isms.Core.Reminders;

/// <summary>Groups what a run owes into one digest per owner.</summary>
public static class ReminderDigestComposer
{
    /// <summary>
    /// One digest per owner (UPNs compared case-insensitively, as Entra ID does), in owner order.
    /// An item listed twice for the same owner appears once.
    /// </summary>
    public static IReadOnlyList<ReminderDigest> Compose(IEnumerable<OwedReminder> owed, string? subjectPrefix = "ISMS")
    {
        ArgumentNullException.ThrowIfNull(owed);
        return owed
            .GroupBy(o => o.Subject.OwnerUpn.Trim(), StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => ComposeOne(g.Key, g.ToList(), subjectPrefix))
            .ToList();
    }

    private static ReminderDigest ComposeOne(string owner, List<OwedReminder> owed, string? subjectPrefix)
    {
        var items = owed
            .DistinctBy(o => (o.Subject.Kind, o.Subject.ItemId))
            .Select(o => new ReminderDigestItem(
                o.Subject.ItemId,
                o.Subject.Kind,
                o.Subject.Title,
                o.Subject.FindingId,
                o.Subject.ControlIds,
                o.Subject.DueDate,
                o.Stage.DaysOverdue,
                o.Stage.DaysUntilDue,
                o.Stage.Key,
                ReminderLadder.LedgerKey(o.Subject, o.Stage),
                o.Subject.Link))
            .OrderByDescending(i => i.DaysOverdue)
            .ThenBy(i => i.DueDate)
            .ThenBy(i => i.ItemId, StringComparer.Ordinal)
            .ThenBy(i => i.Kind)
            .ToList();

        var description = ReminderDigestSubjectLine.Describe(items);
        return new ReminderDigest(
            owner,
            owed.Max(o => o.Stage.EvaluatedOn),
            string.IsNullOrWhiteSpace(subjectPrefix) ? description : $"{subjectPrefix}: {description}",
            items,
            CopyManager: owed.Any(o => o.Stage.CopyManager),
            CopyIsmsManager: owed.Any(o => o.Stage.CopyIsmsManager));
    }
}
