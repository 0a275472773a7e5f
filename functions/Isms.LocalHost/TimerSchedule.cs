using System.Globalization;
using Microsoft.Extensions.Configuration;
using NCrontab;

namespace Isms.LocalHost;

/// <summary>A timer trigger's schedule as the Functions host reads it: six-field NCRONTAB or a TimeSpan, with %Setting% resolved.</summary>
public sealed class TimerSchedule
{
    private readonly CrontabSchedule? _cron;
    private readonly TimeSpan? _interval;

    private TimerSchedule(string expression, CrontabSchedule? cron, TimeSpan? interval)
    {
        Expression = expression;
        _cron = cron;
        _interval = interval;
    }

    public string Expression { get; }

    public static TimerSchedule Parse(string schedule, IConfiguration configuration, string functionName)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(configuration);
        var expression = schedule;
        if (schedule.Length > 2 && schedule.StartsWith('%') && schedule.EndsWith('%'))
        {
            var setting = schedule[1..^1];
            expression = configuration[setting] is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException($"Function '{functionName}' is scheduled by the setting '{setting}', which is not set.");
        }

        var cron = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        if (cron is not null)
        {
            return new TimerSchedule(expression, cron, null);
        }

        return TimeSpan.TryParse(expression, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero
            ? new TimerSchedule(expression, null, interval)
            : throw new InvalidOperationException($"Function '{functionName}' has the schedule '{expression}', which is neither a six-field NCRONTAB expression nor a TimeSpan.");
    }

    /// <summary>The next occurrence after <paramref name="after"/>, in UTC as the Functions host schedules without WEBSITE_TIME_ZONE.</summary>
    public DateTime Next(DateTime after) => _cron?.GetNextOccurrence(after) ?? after + _interval!.Value;
}
