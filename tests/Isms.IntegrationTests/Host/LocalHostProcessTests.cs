using System.Net;
using Isms.LocalHost;

namespace Isms.IntegrationTests.Host;

/// <summary>The local host as a person runs it, its own process, when its storage cannot be reached (Ctrl+C: LocalHostDataTests).</summary>
public sealed class LocalHostProcessTests
{
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
