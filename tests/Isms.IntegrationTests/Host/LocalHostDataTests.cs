using System.Net;
using Isms.IntegrationTests.Infrastructure;
using Isms.IntegrationTests.Registers;
using Isms.LocalHost;

namespace Isms.IntegrationTests.Host;

/// <summary>
/// What the local host answered 201 for is still there after it stops, however it stops: Azurite keeps its data in
/// memory and saves it every few seconds, so an emulator that is killed rather than stopped loses the latest writes.
/// </summary>
public sealed class LocalHostDataTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "isms-tests", Guid.NewGuid().ToString("N"), "azurite");

    /// <summary>
    /// One data folder through three stops in a row (Ctrl+C also must end the host with exit code 0 and leave no Azurite
    /// listening), each right after a write (well inside Azurite's five-second save
    /// interval): Ctrl+C, then SIGTERM, then SIGKILL of the host process alone. After each restart every record written
    /// so far must be there. (The three stops share their restarts: four host starts instead of six.)
    /// </summary>
    [UnixFact("POSIX signals (SIGINT, SIGTERM, SIGKILL) sent to the host process")]
    public async Task What_was_answered_201_is_there_after_Ctrl_C_SIGTERM_and_a_killed_host_process()
    {
        var stops = new (string How, Func<LocalHostProcess, Task> Stop)[]
        {
            ("Ctrl+C", host => host.StopWithAsync("INT")),
            ("SIGTERM", host => host.StopWithAsync("TERM")),
            ("SIGKILL of the host process", host => host.KillAsync()),
        };
        var written = new List<string>();
        var host = await LocalHostProcess.StartAsync(_data);
        try
        {
            foreach (var (how, stop) in stops)
            {
                using (var client = host.Client())
                {
                    using var created = await ApiClient.AdminOf(client).PostAsync("audits", RegisterData.Audit());
                    written.Add((await ApiClient.JsonAsync(created, HttpStatusCode.Created))["id"]!.ToString());
                }

                var azuritePort = host.AzuritePort;
                await stop(host);
                if (how == "Ctrl+C")
                {
                    // A person's Ctrl+C ends the host cleanly and takes its Azurite with it.
                    Assert.Equal(0, host.ExitCode);
                    await Task.Delay(500);
                    Assert.False(await Loopback.IsListeningAsync(azuritePort), $"Azurite still listens on {azuritePort} after Ctrl+C.");
                }

                host.Dispose();
                host = await LocalHostProcess.StartAsync(_data);
                using var again = host.Client();
                foreach (var id in written)
                {
                    using var read = await ApiClient.AdminOf(again).GetAsync($"audits/{id}");
                    Assert.True(read.StatusCode == HttpStatusCode.OK, $"Audit {id} was lost when the host was stopped with {how}: {(int)read.StatusCode}");
                }
            }

            await host.StopWithAsync("INT");
        }
        finally
        {
            host.Dispose();
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(_data)!, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was written.
        }
    }
}
