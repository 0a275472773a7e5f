using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Isms.IntegrationTests.Infrastructure;
using Isms.LocalHost;

namespace Isms.IntegrationTests.Docs;

/// <summary>Every curl example in docs/api.md runs, in order, against a fresh local host: the docs cannot rot.</summary>
public sealed partial class ApiDocumentationTests(AzuriteFixture azurite) : IsolatedHostTests(azurite)
{
    [UnixFact("bash and curl, as docs/api.md's examples are written for")]
    public async Task Every_example_in_the_API_guide_runs_against_the_local_host()
    {
        var markdown = await File.ReadAllTextAsync(Path.Combine(LocalPaths.RepositoryRoot, "docs", "api.md"));
        var blocks = BashBlock().Matches(markdown).Select(m => m.Groups[1].Value).ToList();
        Assert.True(blocks.Count >= 5, "docs/api.md should walk through the API in bash blocks.");
        var script = new StringBuilder("set -euo pipefail\n");
        foreach (var block in blocks)
        {
            script.AppendLine(block);
        }

        var authority = Host.BaseAddress.GetLeftPart(UriPartial.Authority);
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var bash = Process.Start(start)!;
        await bash.StandardInput.WriteAsync(script.ToString().Replace("http://127.0.0.1:7071", authority, StringComparison.Ordinal));
        bash.StandardInput.Close();
        var output = bash.StandardOutput.ReadToEndAsync();
        var errors = bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(bash.ExitCode == 0, $"docs/api.md failed (exit {bash.ExitCode}):\n{await errors}\n--- output ---\n{await output}");
        Assert.Contains("\"status\": \"Closed\"", await output, StringComparison.Ordinal);
        Assert.Contains("\"title\": \"The request is not valid.\"", await output, StringComparison.Ordinal);
    }

    [GeneratedRegex("```bash\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
