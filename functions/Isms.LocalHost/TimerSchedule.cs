using Microsoft.Extensions.Configuration;
using NCrontab;

namespace Isms.LocalHost;

/// <summary>
/// A timer trigger's schedule as the Functions host reads it: an NCRONTAB expression (six fields with seconds, or
/// five without) from the <c>%Setting%</c> the trigger names. Flex Consumption, where the app runs, takes no TimeSpan
/// schedules, so neither does this host (<see cref="FunctionShapeCheck"/> refuses them at start).
/// </summary>
public sealed class TimerSchedule
{
    private readonly CrontabSchedule _cron;

    private TimerSchedule(string expression, CrontabSchedule cron)
    {
        Expression = expression;
        _cron = cron;
    }

    public string Expression { get; }

    /// <summary>The setting a schedule written as <c>%Setting%</c> names; null for a schedule written in the code.</summary>
    public static string? SettingName(string schedule) =>
        schedule is { Length: > 2 } && schedule.StartsWith('%') && schedule.EndsWith('%') ? schedule[1..^1] : null;

    /// <summary>The schedule the setting holds, or null when it holds no NCRONTAB expression.</summary>
    public static TimerSchedule? TryParse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);

        // As the timer extension does: seconds are included when there are six fields.
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var cron = fields is 5 or 6
            ? CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 })
            : null;
        return cron is null ? null : new TimerSchedule(expression, cron);
    }

    /// <summary>The schedule of a function that <see cref="FunctionShapeCheck"/> has let through.</summary>
    public static TimerSchedule Resolve(string schedule, IConfiguration configuration, string functionName)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(configuration);
        var expression = SettingName(schedule) is { } setting ? configuration[setting] : null;
        return (expression is null ? null : TryParse(expression))
            ?? throw new LocalHostStartupException($"Function '{functionName}' has no usable schedule ('{schedule}' is '{expression}').");
    }

    /// <summary>The next occurrence after <paramref name="after"/>, in UTC as the Functions host schedules without WEBSITE_TIME_ZONE.</summary>
    public DateTime Next(DateTime after) => _cron.GetNextOccurrence(after);
}
