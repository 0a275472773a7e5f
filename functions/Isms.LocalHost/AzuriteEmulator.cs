using System.Diagnostics;
using System.Text;

namespace Isms.LocalHost;

/// <summary>
/// A private Azurite on loopback and free ports, from the npm package pinned in <c>azurite/package.json</c>.
/// The local host starts one when no storage is configured and the tests start their own the same way.
/// </summary>
public sealed class AzuriteEmulator : IAsyncDisposable
{
    /// <summary>Azurite's published development account key: valid only against an emulator, never a secret.</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string Account = "devstoreaccount1";
    private readonly Process _process;
    private readonly StringBuilder _output;

    private AzuriteEmulator(Process process, StringBuilder output, int blobPort, int queuePort, int tablePort, string? dataDirectory)
    {
        _process = process;
        _output = output;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        DataDirectory = dataDirectory;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>Where the data lives; null when it is kept in memory only.</summary>
    public string? DataDirectory { get; }

    public bool IsRunning => !_process.HasExited;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{Account};QueueEndpoint=http://127.0.0.1:{QueuePort}/{Account};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{Account};";

    /// <summary>Starts Azurite, installing the pinned package first if this clone has never run it.</summary>
    /// <param name="dataDirectory">Where to keep data; null keeps it in memory (tests).</param>
    public static async Task<AzuriteEmulator> StartAsync(string? dataDirectory, CancellationToken cancellationToken = default)
    {
        var entryPoint = await LocalPaths.EnsureAzuriteInstalledAsync(cancellationToken).ConfigureAwait(false);
        Exception? last = null;

        // Free ports are found by binding port 0; another process can take one before Azurite does, so try again.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                return await StartOnceAsync(entryPoint, dataDirectory, cancellationToken).ConfigureAwait(false);
            }
            catch (AzuriteStartException ex)
            {
                last = ex;
            }
        }

        throw last!;
    }

    private static async Task<AzuriteEmulator> StartOnceAsync(string entryPoint, string? dataDirectory, CancellationToken cancellationToken)
    {
        var (blob, queue, table) = (Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort());
        var arguments = new List<string>
        {
            entryPoint, "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", $"{blob}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{table}",
        };
        if (dataDirectory is null)
        {
            arguments.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            arguments.AddRange(["--location", dataDirectory]);
        }

        var start = WatchedStartInfo(arguments);
        var output = new StringBuilder();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        if (!process.Start())
        {
            throw new AzuriteStartException("Azurite could not be started: is Node.js installed and on PATH?");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var emulator = new AzuriteEmulator(process, output, blob, queue, table, dataDirectory);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await Loopback.IsListeningAsync(blob).ConfigureAwait(false) && await Loopback.IsListeningAsync(queue).ConfigureAwait(false) && await Loopback.IsListeningAsync(table).ConfigureAwait(false)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
                throw new AzuriteStartException($"Azurite did not start: {emulator.Output.Trim()}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return emulator;
    }

    /// <summary>What Azurite printed: the place to look when it does not start.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// On Unix a small shell stands between us and node and ends Azurite when this process goes away, even by
    /// SIGKILL, so a killed host or test run never leaves an emulator holding its ports and data folder.
    /// </summary>
    private static ProcessStartInfo WatchedStartInfo(List<string> nodeArguments)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        if (OperatingSystem.IsWindows())
        {
            start.FileName = "node";
            nodeArguments.ForEach(start.ArgumentList.Add);
            return start;
        }

        const string Watchdog =
            "node \"$@\" & child=$!; trap 'kill $child 2>/dev/null; exit 0' TERM INT; " +
            "while kill -0 $PPID 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done; " +
            "kill $child 2>/dev/null; wait $child";
        start.FileName = "/bin/sh";
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Watchdog);
        start.ArgumentList.Add("azurite");
        nodeArguments.ForEach(start.ArgumentList.Add);
        return start;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 16_384)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>Stops Azurite and everything it started.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }
}

public sealed class AzuriteStartException(string message) : Exception(message);
