using System.Globalization;

namespace Isms.Functions.Pages.Parts;

/// <summary>How pages write dates and instants: ISO dates, as the API does, so a page and an export read the same.</summary>
public static class Dates
{
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Day(DateOnly? day) => day is { } d ? Day(d) : string.Empty;

    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Days(int days) => days == 1 ? "1 day" : string.Create(CultureInfo.InvariantCulture, $"{days} days");

    /// <summary>A date typed into a page's date field (yyyy-MM-dd), or null with <paramref name="ok"/> false when it is not one.</summary>
    public static DateOnly? Parse(string? text, out bool ok)
    {
        ok = true;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        ok = DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day);
        return ok ? day : null;
    }

    /// <summary>The same, with an unreadable date named under <paramref name="field"/> in <paramref name="errors"/>.</summary>
    public static DateOnly? Parse(string? text, string field, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var date = Parse(text, out var ok);
        if (!ok)
        {
            errors[field] = ["Enter the date as YYYY-MM-DD."];
        }

        return date;
    }
}
