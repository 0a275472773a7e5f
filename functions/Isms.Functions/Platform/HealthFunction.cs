using System.Diagnostics;
using Azure.Data.Tables;
using Isms.Functions.Storage;

namespace Isms.Functions.Platform;

/// <summary>
/// Liveness plus a real round trip to each storage service the app depends on. Someone signed in gets a fresh round
/// trip; an anonymous probe (the platform's health check, anyone on the internet) gets the last answer while it is
/// under 30 s old, so a flood of anonymous requests costs storage at most one round trip per 30 s.
/// </summary>
public sealed class HealthFunction(HealthProbe probe, CallerReader callers)
{
    [Function("Health")]
    [OpenApiOperation("Liveness and a storage round trip", "Platform", Anonymous = true, Description = "Signed in: checked now. Anonymous: the last check while it is under 30 s old (checkedAt says when).")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(HealthReport))]
    [OpenApiResponse(StatusCodes.Status503ServiceUnavailable, typeof(HealthReport), "a check failed; the report names it")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = callers.Read(request) is null
            ? await probe.RecentAsync(cancellationToken).ConfigureAwait(false)
            : await probe.CheckAsync(cancellationToken).ConfigureAwait(false);
        return new ObjectResult(report) { StatusCode = report.Status == HealthStatus.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable };
    }
}

/// <summary>The storage round trips behind <c>/api/health</c>, and the last report for anonymous probes.</summary>
public sealed class HealthProbe(IsmsStorage storage, IOptions<StorageOptions> storageOptions, TimeProvider time, ILogger<HealthProbe> logger)
{
    public static readonly TimeSpan AnonymousMaxAge = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private Task<HealthReport>? _recent;

    /// <summary>The last report while it is younger than <see cref="AnonymousMaxAge"/>; otherwise one new check, shared by everyone asking meanwhile.</summary>
    public Task<HealthReport> RecentAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_recent is { IsCompleted: false } || (_recent is { IsCompletedSuccessfully: true } done && time.GetUtcNow() - done.Result.CheckedAt < AnonymousMaxAge))
            {
                return _recent;
            }

            // Not tied to this caller's cancellation: others wait on the same check.
            return _recent = CheckAsync(CancellationToken.None);
        }
    }

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var checks = await Task.WhenAll(
            RunAsync("tables", RoundTripTableAsync, cancellationToken),
            RunAsync("blobs", ct => storage.ContainerAsync(storageOptions.Value.EvidenceContainer, ct), cancellationToken),
            RunAsync("queues", ct => storage.QueueAsync(QueueNames.Reminders, ct), cancellationToken)).ConfigureAwait(false);
        var healthy = checks.All(c => c.Value.Status == HealthStatus.Healthy);
        if (!healthy)
        {
            logger.LogWarning("Health check failed: {FailedChecks}", string.Join(", ", checks.Where(c => c.Value.Status != HealthStatus.Healthy).Select(c => c.Key)));
        }

        return new HealthReport(healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy, checks.ToDictionary(c => c.Key, c => c.Value), time.GetUtcNow());
    }

    private async Task RoundTripTableAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableNames.Health, cancellationToken).ConfigureAwait(false);
        var probe = new TableEntity("probe", Environment.MachineName) { ["CheckedAt"] = time.GetUtcNow() };
        await table.UpsertEntityAsync(probe, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        await table.GetEntityAsync<TableEntity>(probe.PartitionKey, probe.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static async Task<KeyValuePair<string, HealthCheck>> RunAsync(string name, Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await check(timeout.Token).ConfigureAwait(false);
            return new(name, new HealthCheck(HealthStatus.Healthy, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds, null));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var detail = ex is OperationCanceledException ? $"no answer within {CheckTimeout.TotalSeconds:0} s" : FirstLine(ex.Message);
            return new(name, new HealthCheck(HealthStatus.Unhealthy, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds, detail));
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}

public enum HealthStatus
{
    Healthy,
    Unhealthy,
}

public sealed record HealthCheck(HealthStatus Status, int DurationMs, string? Detail);

public sealed record HealthReport(HealthStatus Status, IReadOnlyDictionary<string, HealthCheck> Checks, DateTimeOffset CheckedAt);
