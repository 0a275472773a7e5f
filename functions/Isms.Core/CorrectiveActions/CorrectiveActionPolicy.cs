namespace Isms.Core.CorrectiveActions;

/// <summary>The organisation's corrective-action deadlines, bound from the "CorrectiveActions" configuration section.</summary>
public sealed class CorrectiveActionPolicy
{
    public const string SectionName = "CorrectiveActions";

    /// <summary>Days from a major nonconformity's finding date to the default due date.</summary>
    public int MajorDueDays { get; set; } = 30;

    /// <summary>Days from a minor nonconformity's finding date to the default due date.</summary>
    public int MinorDueDays { get; set; } = 90;

    /// <summary>Days from an ineffective review to the reopened action's new due date.</summary>
    public int ReopenDueDays { get; set; } = 30;

    /// <summary>How far ahead an owner may snooze reminders; longer pauses need a new due date instead.</summary>
    public int MaxSnoozeDays { get; set; } = 30;
}
