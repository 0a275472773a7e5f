using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Isms.LocalHost;

namespace Isms.IntegrationTests.Host;

/// <summary>The local host as a person runs it: its own process, its own Azurite, stopped with Ctrl+C.</summary>
public sealed partial class LocalHostProcessTests
{
    private static string LocalHostDll => Path.Combine(AppContext.BaseDirectory, "Isms.LocalHost.dll");

    [UnixFact("kill -INT, which is how Ctrl+C reaches the host")]
    public async Task Ctrl_C_stops_the_host_and_leaves_no_Azurite_behind()
    {
        var port = Loopback.FreePort();
        var data = Path.Combine(Path.GetTempPath(), "isms-tests", Guid.NewGuid().ToString("N"));
        using var process = Start($"--LocalHost:Port={port}", $"--LocalHost:AzuriteDataDirectory={data}");
        var output = new List<string>();
        var running = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.Add(e.Data);
            }

            if (e.Data.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal))
            {
                running.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await running.Task.WaitAsync(TimeSpan.FromSeconds(90));
        string all;
        lock (output)
        {
            all = string.Join('\n', output);
        }

        var azuritePort = int.Parse(AzuritePort().Match(all).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        using (var client = new HttpClient())
        {
            using var health = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/api/health"));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, process.ExitCode);
        await Task.Delay(500);
        Assert.False(await Loopback.IsListeningAsync(azuritePort), $"Azurite still listens on {azuritePort} after Ctrl+C.");
        Assert.True(Directory.Exists(data), "Azurite's data should be kept under the configured folder.");
    }

    [Fact]
    public async Task Unreachable_storage_is_one_line_naming_the_setting_and_exit_code_1()
    {
        var closed = Loopback.FreePort();
        using var process = StartWithStorage(closed, $"--LocalHost:Port={Loopback.FreePort()}");
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var stderr = (await stderrTask).Trim();
        _ = await stdoutTask;

        Assert.Equal(1, process.ExitCode);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.Contains("'AzureWebJobsStorage'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', stderr);
        Assert.Contains($"{closed}", stderr, StringComparison.Ordinal);
    }

    private static Process Start(params string[] arguments) => StartWithStorage(null, arguments);

    private static Process StartWithStorage(int? closedStoragePort, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(LocalHostDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("AzureWebJobsStorage");
        if (closedStoragePort is { } port)
        {
            start.Environment["AzureWebJobsStorage"] =
                $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteEmulator.DevelopmentAccountKey};" +
                $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        }

        return Process.Start(start)!;
    }

    [GeneratedRegex(@"private Azurite at http://127\.0\.0\.1:(\d+)")]
    private static partial Regex AzuritePort();
}
