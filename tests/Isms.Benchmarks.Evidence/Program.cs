using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Isms.LocalHost;

// Evidence upload benchmark (issue 6), run on demand:
//   dotnet run -c Release --project tests/Isms.Benchmarks.Evidence -- [--size-mb 64] [--runs 3] [--large-mb 1024]
// The local host runs as its own process, so its working set is the host's alone; both paths write to the same Azurite.
var sizeMb = Option("--size-mb", 64);
var runs = Option("--runs", 3);
var warmups = Option("--warmup", 3);
var smallWarmups = Option("--warmup-small", 60);
var largeMb = Option("--large-mb", 1024);
// Azurite keeps its files on disk, as the local host's own Azurite does; with --ram they go to /dev/shm, where Azurite
// ran about a fifth faster here, and against which the host's own cost weighs more.
var work = Path.Combine(Environment.GetCommandLineArgs().Contains("--ram") ? RamRoot() : Path.GetTempPath(), "isms-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(work);
Console.WriteLine($"Evidence upload benchmark: {sizeMb} MB x {runs} runs, then {(largeMb > 0 ? $"{largeMb} MB through the SAS flow" : "no SAS run")}; work folder {work}");
Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");

// Whatever fails, the gigabytes written under the work folder (in RAM with --ram) go.
try
{
    await using var azurite = await AzuriteEmulator.StartAsync(Path.Combine(work, "azurite"));
    using var host = await StartHostAsync(azurite.ConnectionString);
    using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(30) };
    var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("benchmark");
    await container.CreateIfNotExistsAsync();

    var file = await MakeFileAsync(Path.Combine(work, "evidence.pdf"), sizeMb * 1024L * 1024);
    var small = await MakeFileAsync(Path.Combine(work, "warmup.pdf"), 64 * 1024);
    var idle = host.WorkingSet();
    // The host's per-request code runs once per upload and tiered compilation promotes a method after 30 calls: with
    // three warm-up uploads alone, the host was still compiling (a quarter of its CPU samples) during the counted runs.
    for (var i = 0; i < smallWarmups; i++)
    {
        await UploadHttpAsync(http, small);
        await container.GetBlobClient($"warmup{i}").UploadAsync(small.Path);
    }

    Console.WriteLine($"Host working set: {Mb(idle)} idle, {Mb(host.WorkingSet())} after warm-up");

    var azuritePid = CpuMeter.FindNode(azurite.BlobPort);
    var cpu = new CpuMeter(host.ProcessId, azuritePid);

    // "shared": the client, the host and Azurite's node scheduled over every core, as the OS pleases; this is the one
    // judged. With --split-cores a second arrangement is interleaved run by run, so both meet the same Azurite: Azurite
    // on core 0, the client and the host on the others. It shows how much of the gap is the three processes competing
    // for two cores (in Azure the storage service never takes the app's CPU) and where the host's own ceiling lies.
    var arrangements = new List<Arrangement> { new("shared", null) };
    if (Environment.GetCommandLineArgs().Contains("--split-cores"))
    {
        if (Cores.CanSplit(azuritePid, out var why))
        {
            arrangements.Add(new("storage on its own core", new Dictionary<int, string> { [azuritePid] = Cores.First, [host.ProcessId] = Cores.Rest, [Environment.ProcessId] = Cores.Rest }));
        }
        else
        {
            Console.WriteLine($"Only the shared arrangement is measured: {why}");
        }
    }

    // The first full-size uploads still compile the loops that move the bytes (tiered JIT), the host's more than the SDK's;
    // they are reported and their memory counted, but the throughput compared is the steady state.
    for (var run = 1 - warmups; run <= runs; run++)
    {
        var label = run < 1 ? $"warm-up {run + warmups}" : $"run {run}";
        foreach (var arrangement in run % 2 != 0 ? arrangements : Enumerable.Reverse(arrangements))
        {
            if (arrangements.Count > 1)
            {
                Cores.Apply(arrangement, [azuritePid, host.ProcessId, Environment.ProcessId]);
            }

            var rates = new Dictionary<string, double>();

            // Alternate which goes first, so neither always meets a warmer or busier Azurite.
            foreach (var path in run % 2 != 0 ? new[] { "sdk", "http" } : ["http", "sdk"])
            {
                if (path == "sdk")
                {
                    var before = cpu.Read();
                    var watch = Stopwatch.StartNew();
                    await container.GetBlobClient($"run{run + warmups}-{arrangements.IndexOf(arrangement)}").UploadAsync(file.Path);
                    rates[path] = file.Size / watch.Elapsed.TotalSeconds;
                    Console.WriteLine($"  {label}, {arrangement.Name}: Azure.Storage.Blobs upload: {watch.Elapsed.TotalSeconds:F2} s, {Rate(rates[path])}; CPU s {cpu.Since(before)}");
                }
                else
                {
                    var before = cpu.Read();
                    var (elapsed, growth, sha) = await host.MeasureAsync(() => UploadHttpAsync(http, file));
                    var used = cpu.Since(before);
                    if (sha != file.Sha256)
                    {
                        throw new InvalidOperationException($"The host stored SHA-256 {sha}, not {file.Sha256}.");
                    }

                    rates[path] = file.Size / elapsed.TotalSeconds;
                    arrangement.Growths.Add(growth);
                    Console.WriteLine($"  {label}, {arrangement.Name}: POST /api/evidence:          {elapsed.TotalSeconds:F2} s, {Rate(rates[path])}, host working set +{Mb(growth)}; CPU s {used}");
                }
            }

            (run < 1 ? arrangement.WarmUps : arrangement.Runs).Add((rates["sdk"], rates["http"]));
        }
    }

    if (arrangements.Count > 1)
    {
        Cores.Apply(arrangements[0], [azuritePid, host.ProcessId, Environment.ProcessId]);
    }

    Console.WriteLine();
    Console.WriteLine($"| arrangement ({sizeMb} MB, {runs} runs) | `Azure.Storage.Blobs` `UploadAsync`, median | `POST /api/evidence`, median | ratio, median of the {runs} runs (of the medians) | host peak working-set growth (all uploads, warm-up included) |");
    Console.WriteLine("| --- | --- | --- | --- | --- |");
    foreach (var arrangement in arrangements)
    {
        var sdk = Stats.Median([.. arrangement.Runs.Select(r => r.Sdk)]);
        var viaHost = Stats.Median([.. arrangement.Runs.Select(r => r.Http)]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {arrangement.Name} | {Rate(sdk)} | {Rate(viaHost)} | {arrangement.Ratio:F2}x ({viaHost / sdk:F2}x) | {Mb(arrangement.Growths.Max())} |"));
    }

    foreach (var arrangement in arrangements)
    {
        Console.WriteLine($"Warm-up ratios, {arrangement.Name} (not counted): {string.Join(", ", arrangement.WarmUps.Select(r => (r.Http / r.Sdk).ToString("F2", CultureInfo.InvariantCulture) + "x"))}");
    }

    var judged = arrangements[0];
    var ratio = judged.Ratio;
    var peak = arrangements.Max(a => a.Growths.Max());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Throughput ratio ({judged.Name}) {ratio:F2}x (target >= 0.8x): {(ratio >= 0.8 ? "met" : "NOT met")}; growth {Mb(peak)} (target < 32 MB): {(peak < 32L * 1024 * 1024 ? "met" : "NOT met")}"));

    if (largeMb > 0)
    {
        File.Delete(file.Path);
        var large = await MakeFileAsync(Path.Combine(work, "large.pdf"), largeMb * 1024L * 1024);
        var start = await http.PostAsJsonAsync("api/evidence/uploads", new { fileName = "large.pdf", size = large.Size, sha256 = large.Sha256, controlIds = (string[])["A.8.13"] });
        var session = await start.Content.ReadFromJsonAsync<JsonObject>() ?? throw new InvalidOperationException("No upload session.");
        if (start.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Start failed: {session.ToJsonString()}");
        }

        var upload = Stopwatch.StartNew();
        await using (var largeStream = File.OpenRead(large.Path))
        {
            await new BlockBlobClient(new Uri((string)session["uploadUrl"]!)).UploadAsync(largeStream, new Azure.Storage.Blobs.Models.BlobUploadOptions
        {
                TransferOptions = new Azure.Storage.StorageTransferOptions { MaximumTransferSize = 8 * 1024 * 1024, InitialTransferSize = 8 * 1024 * 1024, MaximumConcurrency = 4 },
            });
        }

        upload.Stop();
        var (elapsed, growth, sha) = await host.MeasureAsync(async () =>
        {
            using var complete = await http.PostAsync((string)session["completeUrl"]!, JsonContent.Create(new { }));
            var body = await complete.Content.ReadFromJsonAsync<JsonObject>();
            return complete.StatusCode == HttpStatusCode.Created ? (string)body!["sha256"]! : throw new InvalidOperationException($"Complete failed: {body}");
        });
        Console.WriteLine();
        Console.WriteLine($"| {largeMb} MB through the SAS flow | time | throughput | host peak working-set growth |");
        Console.WriteLine("| --- | --- | --- | --- |");
        Console.WriteLine($"| client PUT to the staging SAS (not through the host) | {upload.Elapsed.TotalSeconds:F1} s | {Rate(large.Size / upload.Elapsed.TotalSeconds)} | n/a |");
        Console.WriteLine($"| POST complete: stream, hash, verify, file | {elapsed.TotalSeconds:F1} s | {Rate(large.Size / elapsed.TotalSeconds)} | {Mb(growth)} |");
        Console.WriteLine($"SHA-256 verified: {sha == large.Sha256}; growth target < 32 MB: {(growth < 32L * 1024 * 1024 ? "met" : "NOT met")}");
    }
}
finally
{
    try
    {
        Directory.Delete(work, recursive: true);
    }
    catch (IOException)
    {
    }
}

return 0;

static async Task<string> UploadHttpAsync(HttpClient http, TestFile file)
{
    using var form = new MultipartFormDataContent();
    form.Add(new StringContent("A.8.13"), "controlIds");
    form.Add(new StringContent(file.Size.ToString(CultureInfo.InvariantCulture)), "size");
    await using var stream = File.OpenRead(file.Path);
    var part = new StreamContent(stream, 64 * 1024);
    part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
    form.Add(part, "file", Path.GetFileName(file.Path));
    using var response = await http.PostAsync("api/evidence", form);
    var body = await response.Content.ReadFromJsonAsync<JsonObject>();
    return response.StatusCode == HttpStatusCode.Created ? (string)body!["sha256"]! : throw new InvalidOperationException($"Upload failed: {body}");
}

static async Task<TestFile> MakeFileAsync(string path, long size)
{
    using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    await using (var stream = File.Create(path))
    {
        var chunk = new byte[1024 * 1024];
        for (long written = 0; written < size; written += chunk.Length)
        {
            RandomNumberGenerator.Fill(chunk);
            if (written == 0)
            {
                "%PDF-1.7\n"u8.CopyTo(chunk);
            }

            var count = (int)Math.Min(chunk.Length, size - written);
            sha.AppendData(chunk, 0, count);
            await stream.WriteAsync(chunk.AsMemory(0, count));
        }
    }

    return new TestFile(path, size, Convert.ToHexStringLower(sha.GetHashAndReset()));
}

static async Task<HostProcess> StartHostAsync(string storage)
{
    int port;
    using (var listener = new TcpListener(IPAddress.Loopback, 0))
    {
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Isms.LocalHost.dll"));
    start.ArgumentList.Add($"--LocalHost:Port={port}");
    start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
    start.Environment["AzureWebJobsStorage"] = storage;
    start.Environment["DOTNET_gcServer"] = "0";
    var process = Process.Start(start)!;
    var ready = new TaskCompletionSource();
    process.OutputDataReceived += (_, e) =>
    {
        if (e.Data?.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal) == true)
        {
            ready.TrySetResult();
        }
    };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("host: " + e.Data); } };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
    return new HostProcess(process, new Uri($"http://127.0.0.1:{port}/"));
}

static string RamRoot()
{
    const string ram = "/dev/shm";
    return Directory.Exists(ram) && new DriveInfo(ram).AvailableFreeSpace > 8L * 1024 * 1024 * 1024
        ? ram
        : throw new InvalidOperationException($"--ram needs {ram} with 8 GB free.");
}

static int Option(string name, int fallback)
{
    var args = Environment.GetCommandLineArgs();
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}


static string Rate(double bytesPerSecond) => $"{bytesPerSecond / (1024 * 1024):F1} MB/s";

static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):F1} MB";

internal static class Stats
{
    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

internal sealed record TestFile(string Path, long Size, string Sha256);

/// <summary>Which cores each process may run on (process id to a taskset list); null leaves every process on every core.</summary>
internal sealed record Arrangement(string Name, IReadOnlyDictionary<int, string>? Cpus)
{
    public List<(double Sdk, double Http)> Runs { get; } = [];

    public List<(double Sdk, double Http)> WarmUps { get; } = [];

    public List<long> Growths { get; } = [];

    /// <summary>
    /// The median of each run's own ratio: the two uploads of a run follow each other, so they meet Azurite at the same
    /// speed, which drifts by up to half within an invocation; a ratio of the two medians can pair a fast upload with a slow one.
    /// </summary>
    public double Ratio
    {
        get
        {
            return Stats.Median([.. Runs.Select(r => r.Http / r.Sdk)]);
        }
    }
}

/// <summary>
/// Pins every thread of a process to some of the cores this benchmark may use (util-linux's taskset; threads made later
/// inherit it). The cores are the ones the kernel allows this process, not 0 to ProcessorCount - 1.
/// </summary>
internal static class Cores
{
    private static readonly List<string> Allowed = ReadAllowed();

    /// <summary>Every allowed core: the shared arrangement, and what the processes started with.</summary>
    public static string All => string.Join(',', Allowed);

    public static string First => Allowed[0];

    public static string Rest => string.Join(',', Allowed.Skip(1));

    public static bool CanSplit(int azuritePid, out string why)
    {
        why = Allowed.Count < 2 ? "fewer than two cores allowed" : !File.Exists("/usr/bin/taskset") ? "no /usr/bin/taskset" : azuritePid <= 0 ? "Azurite's node process was not found" : string.Empty;
        return why.Length == 0;
    }

    public static void Apply(Arrangement arrangement, IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            var cpus = arrangement.Cpus?.GetValueOrDefault(pid) ?? All;
            using var taskset = Process.Start(new ProcessStartInfo("/usr/bin/taskset", ["--all-tasks", "--cpu-list", "--pid", cpus, pid.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true })!;
            taskset.StandardOutput.ReadToEnd();
            taskset.WaitForExit();
            if (taskset.ExitCode != 0)
            {
                throw new InvalidOperationException($"taskset could not move process {pid} to cores {cpus}.");
            }
        }
    }

    /// <summary>The cores in /proc/self/status's Cpus_allowed_list ("0-1", "2,4-5"), one entry each.</summary>
    private static List<string> ReadAllowed()
    {
        const string status = "/proc/self/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)) : null;
        if (line is null)
        {
            return [];
        }

        var cores = new List<string>();
        foreach (var range in line["Cpus_allowed_list:".Length..].Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = range.Split('-');
            var from = int.Parse(ends[0], CultureInfo.InvariantCulture);
            var to = int.Parse(ends[^1], CultureInfo.InvariantCulture);
            cores.AddRange(Enumerable.Range(from, to - from + 1).Select(c => c.ToString(CultureInfo.InvariantCulture)));
        }

        return cores;
    }
}

/// <summary>The local host in its own process, and its peak working set while something runs.</summary>
internal sealed class HostProcess(Process process, Uri baseAddress) : IDisposable
{
    public Uri BaseAddress { get; } = baseAddress;

    public int ProcessId => process.Id;

    public long WorkingSet()
    {
        process.Refresh();
        return process.WorkingSet64;
    }

    /// <summary>
    /// Runs <paramref name="action"/> and reports how far the host's working set rose above where it started. On Linux
    /// the kernel keeps the peak itself (VmHWM, reset through clear_refs), so nothing polls the host while it works and
    /// no short peak is missed; elsewhere the working set is sampled every 10 ms.
    /// </summary>
    public async Task<(TimeSpan Elapsed, long PeakGrowth, T Result)> MeasureAsync<T>(Func<Task<T>> action)
    {
        var baseline = WorkingSet();
        if (TryResetPeak())
        {
            var started = Stopwatch.StartNew();
            var outcome = await action();
            started.Stop();
            return (started.Elapsed, Math.Max(0, KernelPeak() - baseline), outcome);
        }

        var peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, WorkingSet());
                await Task.Delay(10);
            }
        });
        var watch = Stopwatch.StartNew();
        var result = await action();
        watch.Stop();
        await stop.CancelAsync();
        await sampler;
        peak = Math.Max(peak, WorkingSet());
        return (watch.Elapsed, peak - baseline, result);
    }

    private bool TryResetPeak()
    {
        try
        {
            File.WriteAllText($"/proc/{process.Id}/clear_refs", "5");
            return KernelPeak() > 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The peak resident set since the last reset, in bytes (VmHWM in /proc/PID/status).</summary>
    private long KernelPeak()
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
    }
}

/// <summary>CPU seconds (user + system, from /proc) of this process, the host and Azurite's node, between two reads.</summary>
internal sealed class CpuMeter(int hostPid, int azuritePid)
{
    private const double TicksPerSecond = 100;

    public static int FindNode(int blobPort)
    {
        foreach (var dir in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (cmdline.Length > 0 && cmdline[0].EndsWith("node", StringComparison.Ordinal) && cmdline.Contains(blobPort.ToString(CultureInfo.InvariantCulture)))
                {
                    return int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }

        return -1;
    }

    public (double Client, double Host, double Azurite, double Wait) Read() => (Ticks(Environment.ProcessId), Ticks(hostPid), Ticks(azuritePid), RunQueueWait(azuritePid));

    /// <summary>Seconds the process's main thread (node's one JavaScript thread) spent runnable but waiting for a core.</summary>
    private static double RunQueueWait(int pid) => pid > 0 && File.Exists($"/proc/{pid}/schedstat")
        ? long.Parse(File.ReadAllText($"/proc/{pid}/schedstat").Split(' ')[1], CultureInfo.InvariantCulture) / 1e9
        : double.NaN;

    public string Since((double Client, double Host, double Azurite, double Wait) before)
    {
        var now = Read();
        return string.Create(CultureInfo.InvariantCulture, $"client {now.Client - before.Client:F2}, host {now.Host - before.Host:F2}, Azurite {now.Azurite - before.Azurite:F2} (waited for a core {now.Wait - before.Wait:F2})");
    }

    private static double Ticks(int pid)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/stat"))
        {
            return double.NaN;
        }

        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
