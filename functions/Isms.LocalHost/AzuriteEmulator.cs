using System.Diagnostics;

namespace Isms.LocalHost;

/// <summary>
/// A private Azurite on loopback and free ports, from the npm package pinned in <c>azurite/package.json</c>.
/// The local host starts one when no storage is configured and the tests start their own the same way.
/// </summary>
/// <remarks>
/// Azurite keeps its data in memory and saves it every five seconds, and once more when it is stopped with SIGINT or
/// SIGTERM; a kill loses whatever came since the last save. So it is stopped, not killed, and its output goes to a
/// log file rather than to a pipe of this process: a pipe whose reader has died makes Azurite fail on its shutdown
/// message and exit before it saves.
/// </remarks>
public sealed class AzuriteEmulator : IAsyncDisposable
{
    /// <summary>Azurite's published development account key: valid only against an emulator, never a secret.</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string Account = "devstoreaccount1";

    /// <summary>How long a stopped Azurite may take to save; the watchdog gives it as long (see <see cref="AzuriteWatchdog"/>).</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(AzuriteWatchdog.SaveSeconds + 5);

    private readonly Process _process;
    private readonly DataDirectoryClaim? _claim;

    private AzuriteEmulator(Process process, DataDirectoryClaim? claim, int blobPort, int queuePort, int tablePort, string? dataDirectory, string logPath)
    {
        _process = process;
        _claim = claim;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        DataDirectory = dataDirectory;
        LogPath = logPath;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>Where the data lives; null when it is kept in memory only.</summary>
    public string? DataDirectory { get; }

    /// <summary>What Azurite prints goes here: beside its data folder, or a temporary file when it keeps data in memory.</summary>
    public string LogPath { get; }

    public bool IsRunning => !_process.HasExited;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{Account};QueueEndpoint=http://127.0.0.1:{QueuePort}/{Account};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{Account};";

    /// <summary>The end of what Azurite printed: the place to look when it does not start.</summary>
    public string Output => AzuriteWatchdog.Tail(LogPath);

    /// <summary>Starts Azurite, installing the pinned package first if this clone has never run it.</summary>
    /// <param name="dataDirectory">Where to keep data; null keeps it in memory (tests).</param>
    public static async Task<AzuriteEmulator> StartAsync(string? dataDirectory, CancellationToken cancellationToken = default)
    {
        var entryPoint = await LocalPaths.EnsureAzuriteInstalledAsync(cancellationToken).ConfigureAwait(false);
        DataDirectoryClaim? claim = null;
        if (dataDirectory is not null)
        {
            dataDirectory = Path.GetFullPath(dataDirectory);
            Directory.CreateDirectory(dataDirectory);

            // An emulator of a host that was just killed may still be saving into this folder: let it finish first.
            claim = await DataDirectoryClaim.WaitForPreviousAsync(dataDirectory, StopTimeout * 2, cancellationToken).ConfigureAwait(false);
        }

        Exception? last = null;

        // Free ports are found by binding port 0; another process can take one before Azurite does, so try again.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                return await StartOnceAsync(entryPoint, dataDirectory, claim, cancellationToken).ConfigureAwait(false);
            }
            catch (AzuriteStartException ex)
            {
                last = ex;
            }
        }

        throw last!;
    }

    private static async Task<AzuriteEmulator> StartOnceAsync(string entryPoint, string? dataDirectory, DataDirectoryClaim? claim, CancellationToken cancellationToken)
    {
        var (blob, queue, table) = (Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort());
        var arguments = new List<string>
        {
            entryPoint, "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", $"{blob}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{table}",
        };
        string logPath;
        if (dataDirectory is null)
        {
            arguments.Add("--inMemoryPersistence");
            logPath = Path.Combine(Path.GetTempPath(), "isms-azurite", $"{Guid.NewGuid():N}.log");
        }
        else
        {
            arguments.AddRange(["--location", dataDirectory]);
            logPath = Path.TrimEndingDirectorySeparator(dataDirectory) + ".log";
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var process = AzuriteWatchdog.Start(arguments, logPath);
        claim?.Record(process);
        var emulator = new AzuriteEmulator(process, claim, blob, queue, table, dataDirectory, logPath);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await Loopback.IsListeningAsync(blob).ConfigureAwait(false) && await Loopback.IsListeningAsync(queue).ConfigureAwait(false) && await Loopback.IsListeningAsync(table).ConfigureAwait(false)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var output = emulator.Output.Trim();
                await emulator.DisposeAsync().ConfigureAwait(false);
                throw new AzuriteStartException($"Azurite did not start: {output}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return emulator;
    }

    /// <summary>
    /// Stops Azurite so that it saves (SIGTERM, which it handles by closing its stores), waits for it, and kills it
    /// only if it has not finished by then. An emulator that keeps nothing on disk is simply killed.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                if (DataDirectory is not null && AzuriteWatchdog.TryRequestStop(_process))
                {
                    using var patience = new CancellationTokenSource(StopTimeout);
                    try
                    {
                        await _process.WaitForExitAsync(patience.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // It did not finish saving in time; what it has not saved by now is lost either way.
                    }
                }

                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                }
            }

            // The shell we started may exit a moment before node does: stopped means the ports are free again.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline
                && (await Loopback.IsListeningAsync(BlobPort).ConfigureAwait(false) || await Loopback.IsListeningAsync(QueuePort).ConfigureAwait(false) || await Loopback.IsListeningAsync(TablePort).ConfigureAwait(false)))
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
            _claim?.Release();
            if (DataDirectory is null)
            {
                AzuriteWatchdog.DeleteLog(LogPath);
            }
        }
    }
}

public sealed class AzuriteStartException(string message) : Exception(message);
