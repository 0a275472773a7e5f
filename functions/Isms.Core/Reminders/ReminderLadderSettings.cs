using System.Globalization;

namespace Isms.Core.Reminders;

/// <summary>
/// The rungs of one ladder, bound from configuration (for example
/// <c>Reminders__CorrectiveActions__DaysBefore=14,7,1</c>).
/// </summary>
public sealed class ReminderLadderSettings
{
    /// <summary>
    /// Calendar days before the due date on which a reminder is owed, comma-separated ("14,7,1"); empty
    /// for none. A string rather than an array because the configuration binder appends bound array
    /// elements to the default ones instead of replacing them.
    /// </summary>
    public string DaysBefore { get; set; } = string.Empty;

    /// <summary>A reminder on the due date itself.</summary>
    public bool OnDueDay { get; set; }

    /// <summary>While overdue, a reminder every this many business days; 0 for none.</summary>
    public int RepeatEveryBusinessDaysOverdue { get; set; }

    /// <summary>From this many calendar days overdue the owner's line manager is copied; 0 for never.</summary>
    public int CopyManagerAtDaysOverdue { get; set; }

    /// <summary>From this many calendar days overdue the ISMS manager is copied; 0 for never.</summary>
    public int CopyIsmsManagerAtDaysOverdue { get; set; }

    /// <summary>The ISMS manager is copied on every reminder of this ladder (audits).</summary>
    public bool AlwaysCopyIsmsManager { get; set; }

    public static ReminderLadderSettings CorrectiveActionDefaults() => new()
    {
        DaysBefore = "14,7,1",
        OnDueDay = true,
        RepeatEveryBusinessDaysOverdue = 3,
        CopyManagerAtDaysOverdue = 7,
        CopyIsmsManagerAtDaysOverdue = 14,
    };

    public static ReminderLadderSettings AuditDefaults() => new()
    {
        DaysBefore = "90,30,7",
        AlwaysCopyIsmsManager = true,
    };

    /// <summary>
    /// Evidence is checked weekly: a warning two weeks before it goes stale, on the day, then weekly.
    /// </summary>
    public static ReminderLadderSettings EvidenceDefaults() => new()
    {
        DaysBefore = "14",
        OnDueDay = true,
        RepeatEveryBusinessDaysOverdue = 5,
    };

    /// <summary>The parsed <see cref="DaysBefore"/>, largest first.</summary>
    public IReadOnlyList<int> ParseDaysBefore()
    {
        var errors = new List<string>();
        var days = ParseDaysBefore(errors, nameof(DaysBefore));
        return errors.Count == 0 ? days : throw new FormatException(string.Join(" ", errors));
    }

    internal IReadOnlyList<int> ParseDaysBefore(List<string> errors, string path)
    {
        var days = new List<int>();
        if (string.IsNullOrWhiteSpace(DaysBefore))
        {
            return days;
        }

        foreach (var part in DaysBefore.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day <= 0)
            {
                errors.Add($"{path}: '{part}' is not a whole number of days greater than zero.");
            }
            else if (days.Contains(day))
            {
                errors.Add($"{path}: {day} is listed twice.");
            }
            else
            {
                days.Add(day);
            }
        }

        days.Sort((a, b) => b.CompareTo(a));
        return days;
    }

    internal void Validate(List<string> errors, string path)
    {
        _ = ParseDaysBefore(errors, $"{path}:{nameof(DaysBefore)}");
        if (RepeatEveryBusinessDaysOverdue < 0)
        {
            errors.Add($"{path}:{nameof(RepeatEveryBusinessDaysOverdue)} must be 0 (no repeats) or more.");
        }

        if (CopyManagerAtDaysOverdue < 0)
        {
            errors.Add($"{path}:{nameof(CopyManagerAtDaysOverdue)} must be 0 (never) or more.");
        }

        if (CopyIsmsManagerAtDaysOverdue < 0)
        {
            errors.Add($"{path}:{nameof(CopyIsmsManagerAtDaysOverdue)} must be 0 (never) or more.");
        }
    }
}
