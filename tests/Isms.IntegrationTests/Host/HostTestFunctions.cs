using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Isms.IntegrationTests.Host;

/// <summary>
/// Functions that exist only in the tests: the local host must find and run them by their attributes alone,
/// which is what proves that a new [Function] needs no change in the host.
/// </summary>
public sealed class HostTestFunctions(Probe probe)
{
    public const string PoisonedQueue = "always-fails";
    public const string HeldQueue = "held";

    /// <summary>Messages named here wait in their function until the test completes the source.</summary>
    public static System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> Holds { get; } = new();

    [Function("TestTimer")]
    public void Timer([TimerTrigger("%TestTimerSchedule%")] TimerInfo timer) => probe.Record("TestTimer", timer);

    [Function("AlwaysFails")]
    public void AlwaysFails([QueueTrigger(PoisonedQueue)] string message)
    {
        probe.Record("AlwaysFails", message);
        throw new InvalidOperationException($"This function fails every time (message '{message}').");
    }

    [Function("TypedQueue")]
    public void TypedQueue([QueueTrigger("typed")] EchoMessage message) => probe.Record("TypedQueue", message);

    [Function("HeldQueue")]
    public async Task Held([QueueTrigger(HeldQueue)] string message)
    {
        if (Holds.TryGetValue(message, out var hold))
        {
            await hold.Task;
        }

        probe.Record("HeldQueue", message);
    }

    [Function("Echo")]
    [OpenApiOperation("Echoes its route values", "Tests")]
    public static IActionResult Echo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/echo/{name}/{count:int}")] HttpRequest request,
        string name,
        int count) => new OkObjectResult(new EchoMessage(name, count));
}

public sealed record EchoMessage(string Name, int Count);
