using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Isms.Functions.Snapshots;
using Isms.Functions.Storage;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;

namespace Isms.Benchmarks.Snapshots;

/// <summary>The measuring process: the app as the worker runs it (the local host), a bare scan and a sealed snapshot, alternately.</summary>
public static class Worker
{
    public static async Task RunAsync(string connectionString, int runs)
    {
        var options = new LocalHostOptions { Port = 0, RunTimers = false, PersistAzuriteData = false };
        options.Settings["AzureWebJobsStorage"] = connectionString;
        options.Settings["Logging:LogLevel:Default"] = "Warning";
        await using var host = await LocalFunctionsHost.StartAsync(options);
        var taker = host.Services.GetRequiredService<SnapshotTaker>();
        var storage = host.Services.GetRequiredService<IsmsStorage>();

        // Warm-up: connections, JIT, Azurite's own caches.
        var (warmRows, _) = await BareScanAsync(storage);
        await taker.TakeAsync("benchmark@contoso.example", "Benchmark warm-up", CancellationToken.None);
        Console.WriteLine($"Warm-up done: {warmRows:N0} rows per bare scan. Peak working set so far {PeakMb():F0} MB.");

        var scans = new List<double>();
        var snapshots = new List<double>();
        SnapshotRecord? last = null;
        for (var run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            var (rows, bytes) = await BareScanAsync(storage);
            scans.Add(watch.Elapsed.TotalSeconds);

            watch.Restart();
            last = await taker.TakeAsync("benchmark@contoso.example", "Benchmark", CancellationToken.None);
            snapshots.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Run {run + 1}: bare scan {scans[^1]:F2} s ({rows:N0} rows, {bytes / 1048576.0:F0} MB of JSON); snapshot {last.Id} {snapshots[^1]:F2} s ({last.Size / 1048576.0:F1} MB manifest, {last.Headline?.EvidenceVersions:N0} evidence files); ratio {snapshots[^1] / scans[^1]:F2}x"));
        }

        var scan = Median(scans);
        var snapshot = Median(snapshots);
        var peak = PeakMb();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Median over {runs} runs: bare scan {scan:F2} s, snapshot {snapshot:F2} s, ratio {snapshot / scan:F2}x (target <= 1.5x). Worker peak working set {peak:F0} MB (target < 256 MB)."));
        Environment.ExitCode = snapshot / scan <= 1.5 && peak < 256 ? 0 : 1;
    }

    /// <summary>The same entities the snapshot reads, read and counted and nothing else: evidence as the catalog queries it, then corrective actions as the register does.</summary>
    private static async Task<(long Rows, long Bytes)> BareScanAsync(IsmsStorage storage)
    {
        long rows = 0;
        long bytes = 0;
        var evidence = await storage.TableAsync(TableEvidenceCatalog.EvidenceTable, CancellationToken.None);
        await foreach (var entity in evidence.QueryAsync<TableEntity>($"RowKey eq '{TableEvidenceCatalog.RecordRow}'", maxPerPage: 1000, select: ["PartitionKey", "Json"]))
        {
            rows++;
            bytes += entity.GetString("Json")?.Length ?? 0;
        }

        var actions = await storage.TableAsync(TableNames.CorrectiveActions, CancellationToken.None);
        await foreach (var entity in actions.QueryAsync<TableEntity>("PartitionKey ge 'closed|' and PartitionKey lt 'open}'", maxPerPage: 1000))
        {
            rows++;
            bytes += entity.GetString("Json")?.Length ?? 0;
        }

        return (rows, bytes);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The process's peak resident set (VmHWM), the working set's high-water mark on Linux.</summary>
    private static double PeakMb()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null
            ? Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0
            : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
