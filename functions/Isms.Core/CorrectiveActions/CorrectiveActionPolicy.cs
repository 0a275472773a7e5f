using Isms.Core.Validation;

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

    /// <summary>
    /// Checks the configured values at startup: a zero or negative number of days would make every new
    /// action due at once, or every snooze impossible, without anyone noticing why.
    /// </summary>
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        AtLeastOneDay(errors, "majorDueDays", MajorDueDays);
        AtLeastOneDay(errors, "minorDueDays", MinorDueDays);
        AtLeastOneDay(errors, "reopenDueDays", ReopenDueDays);
        AtLeastOneDay(errors, "maxSnoozeDays", MaxSnoozeDays);
        return errors;
    }

    private static void AtLeastOneDay(ValidationErrors errors, string field, int days)
    {
        if (days < 1)
        {
            errors.Add(field, $"{SectionName}:{char.ToUpperInvariant(field[0])}{field[1..]} must be at least 1 day (it is {days}).");
        }
    }
}
