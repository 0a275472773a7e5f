using System.Net;
using Isms.LocalHost;

namespace Isms.IntegrationTests.Host;

/// <summary>The local host as a person runs it: its own process, its own Azurite, stopped with Ctrl+C.</summary>
public sealed class LocalHostProcessTests
{
    [UnixFact("POSIX signals (SIGINT, SIGTERM, SIGKILL) sent to the host process")]
    public async Task Ctrl_C_stops_the_host_and_leaves_no_Azurite_behind()
    {
        var data = Path.Combine(Path.GetTempPath(), "isms-tests", Guid.NewGuid().ToString("N"), "azurite");
        using var host = await LocalHostProcess.StartAsync(data);
        var azuritePort = host.AzuritePort;
        using (var client = host.Client())
        {
            using var health = await client.GetAsync(new Uri("health", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        await host.StopWithAsync("INT");

        Assert.Equal(0, host.ExitCode);
        await Task.Delay(500);
        Assert.False(await Loopback.IsListeningAsync(azuritePort), $"Azurite still listens on {azuritePort} after Ctrl+C.");
        Assert.True(Directory.Exists(data), "Azurite's data should be kept under the configured folder.");
        Directory.Delete(Path.GetDirectoryName(data)!, recursive: true);
    }

    [Fact]
    public async Task Unreachable_storage_is_one_line_naming_the_setting_and_exit_code_1()
    {
        var closed = new UnreachableStorage();
        using var host = LocalHostProcess.Launch(closed.ConnectionString);

        await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var stderr = host.Errors.Trim();

        Assert.Equal(1, host.ExitCode);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.Contains("'AzureWebJobsStorage'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', stderr);
        Assert.Contains($"{closed.Port}", stderr, StringComparison.Ordinal);
    }
}
