namespace Isms.Core.Time;

/// <summary>
/// The one "today" of the organisation: the calendar date in its time zone (the <c>Isms:TimeZone</c> setting,
/// UTC by default). Due dates, gates, the reminder ladder, business days, the audit programme, evidence freshness
/// and notices all take their date from here, so none of them can disagree about which day it is at 23:30 in
/// Auckland or 00:30 in London. Instants stay UTC; only dates are local.
/// </summary>
public sealed class OrganisationClock
{
    public OrganisationClock(TimeProvider time, TimeZoneInfo zone)
    {
        Time = time ?? throw new ArgumentNullException(nameof(time));
        Zone = zone ?? throw new ArgumentNullException(nameof(zone));
    }

    /// <summary>A clock whose days are UTC days (the default when no time zone is set).</summary>
    public static OrganisationClock Utc(TimeProvider time) => new(time, TimeZoneInfo.Utc);

    /// <summary>The source of instants; tests move it with <c>FakeTimeProvider</c>.</summary>
    public TimeProvider Time { get; }

    /// <summary>The organisation's time zone.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>This instant, in UTC.</summary>
    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Today's date in the organisation's time zone.</summary>
    public DateOnly Today => DateOf(Time.GetUtcNow());

    /// <summary>The organisation's calendar date at <paramref name="instant"/>.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The instant the organisation's day <paramref name="day"/> begins (local midnight, as UTC).</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);

        // A day whose midnight is skipped by a daylight-saving change starts at the first valid local time.
        while (Zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(15);
        }

        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    /// <summary>
    /// Finds an IANA time zone (Europe/London, Pacific/Auckland); null with a message naming the setting when the
    /// name is not one the machine knows.
    /// </summary>
    public static TimeZoneInfo? FindZone(string? name, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(name) || string.Equals(name.Trim(), "UTC", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name.Trim());
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            error = $"Isms:TimeZone '{name}' is not a time zone this machine knows; use an IANA name such as Europe/London or Pacific/Auckland.";
            return null;
        }
    }
}
