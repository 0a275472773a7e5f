using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Storage.Queues.Models;
using Isms.Functions.Platform;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Isms.LocalHost;

/// <summary>
/// Runs non-HTTP functions (timers, queue messages, admin requests) with the host's logging, and keeps one
/// timer function from overlapping itself, the way the Functions host holds a singleton lock per timer.
/// </summary>
public sealed partial class FunctionRunner(FunctionInvoker invoker, ILogger<FunctionRunner> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _timerLocks = new(StringComparer.OrdinalIgnoreCase);

    public async Task RunTimerAsync(DiscoveredFunction function, DateTime last, DateTime next, CancellationToken cancellationToken, bool rethrow = false)
    {
        ArgumentNullException.ThrowIfNull(function);
        var gate = _timerLocks.GetOrAdd(function.Name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var info = new TimerInfo { IsPastDue = false, ScheduleStatus = new ScheduleStatus { Last = last, Next = next, LastUpdated = DateTime.UtcNow } };
            await RunAsync(function, info, rethrow, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Runs a function once; failures are logged and, with <paramref name="rethrow"/>, passed on to the caller.</summary>
    public async Task RunAsync(DiscoveredFunction function, object? triggerValue, bool rethrow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        var started = Stopwatch.GetTimestamp();
        LogExecuting(logger, function.Name);
        try
        {
            await invoker.InvokeAsync(function, new Invocation(triggerValue, null, cancellationToken)).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogSucceeded(logger, function.Name, (int)elapsed.TotalMilliseconds);
        }
        catch (Exception ex)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogFailed(logger, ex, function.Name, (int)elapsed.TotalMilliseconds);
            if (rethrow)
            {
                throw;
            }
        }
    }

    /// <summary>Turns a queue message into what the function's trigger parameter asks for, as the queue extension does.</summary>
    public static object? QueueTriggerValue(DiscoveredFunction function, QueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(message);
        var type = function.TriggerParameter.ParameterType;
        if (type == typeof(QueueMessage))
        {
            return message;
        }

        if (type == typeof(string))
        {
            return message.Body.ToString();
        }

        if (type == typeof(BinaryData))
        {
            return message.Body;
        }

        return type == typeof(byte[])
            ? message.Body.ToArray()
            : System.Text.Json.JsonSerializer.Deserialize(message.Body.ToMemory().Span, type, IsmsJson.Options);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Executing '{Function}'")]
    private static partial void LogExecuting(ILogger logger, string function);

    [LoggerMessage(Level = LogLevel.Information, Message = "Executed '{Function}' (Succeeded, Duration={DurationMs}ms)")]
    private static partial void LogSucceeded(ILogger logger, string function, int durationMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Executed '{Function}' (Failed, Duration={DurationMs}ms)")]
    private static partial void LogFailed(ILogger logger, Exception exception, string function, int durationMs);
}
