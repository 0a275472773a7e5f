using Isms.Functions.Platform;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;

namespace Isms.LocalHost;

/// <summary>Runs each timer function on its schedule, never two runs of one function at once, as the Functions host does.</summary>
public sealed class TimerScheduler(IReadOnlyList<(DiscoveredFunction Function, TimerSchedule Schedule)> timers, FunctionRunner runner, TimeProvider time)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(timers.Select(t => RunScheduleAsync(t.Function, t.Schedule, stoppingToken)));

    private async Task RunScheduleAsync(DiscoveredFunction function, TimerSchedule schedule, CancellationToken stoppingToken)
    {
        var last = time.GetUtcNow().UtcDateTime;
        if (function.Timer!.RunOnStartup)
        {
            await runner.RunTimerAsync(function, last, schedule.Next(last), stoppingToken).ConfigureAwait(false);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.Next(time.GetUtcNow().UtcDateTime);
            try
            {
                await Task.Delay(Clamp(next - time.GetUtcNow().UtcDateTime), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (time.GetUtcNow().UtcDateTime < next)
            {
                continue;
            }

            await runner.RunTimerAsync(function, last, schedule.Next(next), stoppingToken).ConfigureAwait(false);
            last = next;
        }
    }

    // Task.Delay takes at most about 49 days; a longer wait is done in steps.
    private static TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : wait;
}
