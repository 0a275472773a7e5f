using System.Net;
using Isms.IntegrationTests.Infrastructure;
using Isms.IntegrationTests.Registers;

namespace Isms.IntegrationTests.Host;

/// <summary>
/// What the local host answered 201 for is still there after it stops, however it stops: Azurite keeps its data in
/// memory and saves it every few seconds, so an emulator that is killed rather than stopped loses the latest writes.
/// </summary>
public sealed class LocalHostDataTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "isms-tests", Guid.NewGuid().ToString("N"), "azurite");

    [UnixFact("POSIX signals (SIGINT, SIGTERM, SIGKILL) sent to the host process")]
    public async Task A_record_written_just_before_Ctrl_C_is_there_after_a_restart() =>
        await WriteStopAndReadBackAsync(host => host.StopWithAsync("INT"));

    [UnixFact("POSIX signals (SIGINT, SIGTERM, SIGKILL) sent to the host process")]
    public async Task A_record_written_just_before_SIGTERM_is_there_after_a_restart() =>
        await WriteStopAndReadBackAsync(host => host.StopWithAsync("TERM"));

    [UnixFact("POSIX signals (SIGINT, SIGTERM, SIGKILL) sent to the host process")]
    public async Task A_record_written_just_before_the_host_process_is_killed_is_there_after_a_restart() =>
        await WriteStopAndReadBackAsync(host => host.KillAsync());

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

    private async Task WriteStopAndReadBackAsync(Func<LocalHostProcess, Task> stop)
    {
        string id;
        using (var first = await LocalHostProcess.StartAsync(_data))
        {
            using var client = first.Client();
            using var created = await ApiClient.AdminOf(client).PostAsync("audits", RegisterData.Audit());
            id = (await ApiClient.JsonAsync(created, HttpStatusCode.Created))["id"]!.ToString();

            // At once, well inside Azurite's five-second save interval.
            await stop(first);
        }

        using var second = await LocalHostProcess.StartAsync(_data);
        using var again = second.Client();
        using var read = await ApiClient.AdminOf(again).GetAsync($"audits/{id}");
        var audit = await ApiClient.JsonAsync(read, HttpStatusCode.OK);
        Assert.Equal(id, (string?)audit["id"]);
        await second.StopWithAsync("INT");
    }
}
