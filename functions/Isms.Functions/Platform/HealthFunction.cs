using System.Diagnostics;
using Azure.Data.Tables;
using Isms.Functions.Storage;

namespace Isms.Functions.Platform;

/// <summary>Liveness plus a real round trip to each storage service the app depends on.</summary>
public sealed class HealthFunction(IsmsStorage storage, IOptions<StorageOptions> storageOptions, TimeProvider time, ILogger<HealthFunction> logger)
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    [Function("Health")]
    [OpenApiOperation("Liveness and a storage round trip", "Platform", Anonymous = true)]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(HealthReport))]
    [OpenApiResponse(StatusCodes.Status503ServiceUnavailable, typeof(HealthReport), "a check failed; the report names it")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var checks = await Task.WhenAll(
            CheckAsync("tables", RoundTripTableAsync, cancellationToken),
            CheckAsync("blobs", ct => storage.ContainerAsync(storageOptions.Value.EvidenceContainer, ct), cancellationToken),
            CheckAsync("queues", ct => storage.QueueAsync(QueueNames.Reminders, ct), cancellationToken)).ConfigureAwait(false);
        var healthy = checks.All(c => c.Value.Status == HealthStatus.Healthy);
        var report = new HealthReport(healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy, checks.ToDictionary(c => c.Key, c => c.Value));
        if (!healthy)
        {
            logger.LogWarning("Health check failed: {FailedChecks}", string.Join(", ", checks.Where(c => c.Value.Status != HealthStatus.Healthy).Select(c => c.Key)));
        }

        return new ObjectResult(report) { StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable };
    }

    private async Task RoundTripTableAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableNames.Health, cancellationToken).ConfigureAwait(false);
        var probe = new TableEntity("probe", Environment.MachineName) { ["CheckedAt"] = time.GetUtcNow() };
        await table.UpsertEntityAsync(probe, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        await table.GetEntityAsync<TableEntity>(probe.PartitionKey, probe.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static async Task<KeyValuePair<string, HealthCheck>> CheckAsync(string name, Func<CancellationToken, Task> check, CancellationToken cancellationToken)
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

public sealed record HealthReport(HealthStatus Status, IReadOnlyDictionary<string, HealthCheck> Checks);
