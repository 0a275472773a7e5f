namespace Isms.Core.Reminders;

/// <summary>
/// Which days are working days, and counting with them. Only weekends are modelled: public holidays
/// differ per organisation and country, and a missed holiday only delays a reminder by a day.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly bool[] _isWeekend = new bool[7];
    private readonly int _businessDaysPerWeek;

    public BusinessCalendar(IEnumerable<DayOfWeek> weekendDays)
    {
        ArgumentNullException.ThrowIfNull(weekendDays);
        var weekend = new HashSet<DayOfWeek>();
        foreach (var day in weekendDays)
        {
            if (!Enum.IsDefined(day))
            {
                throw new ArgumentOutOfRangeException(nameof(weekendDays), day, "Not a day of the week.");
            }

            weekend.Add(day);
            _isWeekend[(int)day] = true;
        }

        if (weekend.Count == 7)
        {
            throw new ArgumentException("At least one day of the week must be a business day.", nameof(weekendDays));
        }

        WeekendDays = weekend;
        _businessDaysPerWeek = 7 - weekend.Count;
    }

    /// <summary>Saturday and Sunday off.</summary>
    public static BusinessCalendar MondayToFriday { get; } = new([DayOfWeek.Saturday, DayOfWeek.Sunday]);

    public IReadOnlySet<DayOfWeek> WeekendDays { get; }

    /// <summary>
    /// Parses a comma-separated list of day names ("Saturday,Sunday", case-insensitive); an empty
    /// string means every day is a business day. A string keeps configuration binding simple.
    /// </summary>
    public static BusinessCalendar Parse(string? weekendDays)
    {
        if (!TryParseWeekendDays(weekendDays, out var days, out var error))
        {
            throw new FormatException(error);
        }

        return new BusinessCalendar(days);
    }

    internal static bool TryParseWeekendDays(string? text, out IReadOnlyList<DayOfWeek> days, out string? error)
    {
        var parsed = new List<DayOfWeek>();
        days = parsed;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Names only: Enum.TryParse would also take "6" or "Saturday, Sunday" as flags.
            var name = Array.Find(Enum.GetNames<DayOfWeek>(), n => string.Equals(n, part, StringComparison.OrdinalIgnoreCase));
            if (name is null)
            {
                error = $"'{part}' is not a day of the week (expected names such as Saturday,Sunday).";
                return false;
            }

            parsed.Add(Enum.Parse<DayOfWeek>(name));
        }

        if (parsed.Distinct().Count() == 7)
        {
            error = "At least one day of the week must be a business day.";
            return false;
        }

        return true;
    }

    public bool IsBusinessDay(DateOnly date) => !_isWeekend[(int)date.DayOfWeek];

    public DateOnly NextBusinessDayOnOrAfter(DateOnly date)
    {
        while (!IsBusinessDay(date))
        {
            date = date.AddDays(1);
        }

        return date;
    }

    /// <summary>
    /// The date <paramref name="businessDays"/> business days after <paramref name="date"/> (before it
    /// when negative); zero returns the date itself, business day or not. So adding one to a Saturday
    /// gives Monday, and <c>BusinessDaysBetween(d, AddBusinessDays(d, n)) == n</c>.
    /// </summary>
    public DateOnly AddBusinessDays(DateOnly date, int businessDays)
    {
        var step = businessDays < 0 ? -1 : 1;
        var remaining = Math.Abs((long)businessDays);

        // Any seven consecutive days hold the same number of business days, so skip whole weeks first.
        if (remaining > _businessDaysPerWeek)
        {
            var weeks = (remaining - 1) / _businessDaysPerWeek;
            date = date.AddDays(checked((int)(weeks * 7 * step)));
            remaining -= weeks * _businessDaysPerWeek;
        }

        while (remaining > 0)
        {
            date = date.AddDays(step);
            if (IsBusinessDay(date))
            {
                remaining--;
            }
        }

        return date;
    }

    /// <summary>
    /// The number of business days in (<paramref name="from"/>, <paramref name="to"/>]: the day after
    /// <paramref name="from"/> counts, <paramref name="from"/> itself does not. Negative when
    /// <paramref name="to"/> is earlier.
    /// </summary>
    public int BusinessDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -BusinessDaysBetween(to, from);
        }

        var days = to.DayNumber - from.DayNumber;
        var count = days / 7 * _businessDaysPerWeek;
        var date = from.AddDays(days / 7 * 7);
        while (date < to)
        {
            date = date.AddDays(1);
            if (IsBusinessDay(date))
            {
                count++;
            }
        }

        return count;
    }
}
