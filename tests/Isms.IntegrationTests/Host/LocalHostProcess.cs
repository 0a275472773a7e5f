using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Isms.LocalHost;

namespace Isms.IntegrationTests.Host;

/// <summary>
/// The local host as a person runs it, <c>dotnet Isms.LocalHost.dll</c> in its own process with its own Azurite,
/// for the tests that stop it the way a person or the operating system does.
/// </summary>
public sealed partial class LocalHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly List<string> _errors = [];
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LocalHostProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        _process.OutputDataReceived += (_, e) => Record(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Record(_errors, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "Isms.LocalHost.dll");

    public int Port { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the host printed to standard output so far.</summary>
    public string Output => Text(_output);

    /// <summary>What the host printed to standard error so far.</summary>
    public string Errors => Text(_errors);

    /// <summary>The port of the host's private Azurite, as its start-up banner names it.</summary>
    public int AzuritePort => int.Parse(AzuritePortPattern().Match(Output).Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>A client whose base is the API root the banner names (the route prefix is host.json's, not the test's).</summary>
    public HttpClient Client() => new() { BaseAddress = new Uri(ApiRootPattern().Match(Output).Groups[1].Value), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Starts the host on a free port with its Azurite's data in <paramref name="azuriteData"/> and waits until it serves.</summary>
    public static async Task<LocalHostProcess> StartAsync(string azuriteData)
    {
        var host = Launch(null, $"--LocalHost:AzuriteDataDirectory={azuriteData}");
        try
        {
            await host._running.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            host.Dispose();
            throw new InvalidOperationException($"The local host did not start: {host.Output}\n{host.Errors}", ex);
        }

        return host;
    }

    /// <summary>Starts the host on a free port, with <paramref name="storage"/> as its AzureWebJobsStorage (none: its own Azurite).</summary>
    public static LocalHostProcess Launch(string? storage, params string[] arguments)
    {
        var port = Loopback.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Dll, $"--LocalHost:Port={port}" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("AzureWebJobsStorage");
        if (storage is not null)
        {
            start.Environment["AzureWebJobsStorage"] = storage;
        }

        return new LocalHostProcess(Process.Start(start)!, port);
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    /// <summary>Sends a signal as a person would (<c>INT</c> is Ctrl+C, <c>TERM</c> a service manager) and waits for the exit.</summary>
    public async Task StopWithAsync(string signal)
    {
        using (var kill = Process.Start("kill", [$"-{signal}", Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Ends the host process alone, at once (SIGKILL), as a crash or an out-of-memory kill would.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static string Text(List<string> lines)
    {
        lock (lines)
        {
            return string.Join('\n', lines);
        }
    }

    private void Record(List<string> lines, string? line)
    {
        if (line is null)
        {
            _running.TrySetException(new InvalidOperationException("The local host closed its output."));
            return;
        }

        lock (lines)
        {
            lines.Add(line);
        }

        if (line.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal))
        {
            _running.TrySetResult();
        }
    }

    [GeneratedRegex(@"private Azurite at http://127\.0\.0\.1:(\d+)")]
    private static partial Regex AzuritePortPattern();

    [GeneratedRegex(@"API:\s+(http://\S+/)")]
    private static partial Regex ApiRootPattern();
}
