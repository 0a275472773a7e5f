using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Isms.IntegrationTests.Snapshots;

/// <summary>What Chromium made of a page: the screenshot it wrote and every console message it logged.</summary>
public sealed record ChromiumRender(string ScreenshotPath, IReadOnlyList<string> ConsoleMessages, string Log);

/// <summary>
/// Debian's headless Chromium run once per page with <c>--screenshot</c>; with <c>--enable-logging=stderr --v=0</c>
/// it logs every console message (errors, CSP refusals, failed loads) as an <c>INFO:CONSOLE:{line}]</c> line on stderr.
/// </summary>
public static partial class ReportChromium
{
    public const string Executable = "/usr/bin/chromium";

    public static async Task<ChromiumRender> RenderAsync(string url, string screenshotPath, int width = 1240, int height = 3600)
    {
        Assert.True(
            File.Exists(Executable),
            $"{Executable} is missing: install it with 'apt-get update -qq && apt-get install -y -qq chromium' (.ci/run does this on a clean machine).");
        var profile = Directory.CreateTempSubdirectory("isms-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
                $"--user-data-dir={profile.FullName}", "--enable-logging=stderr", "--v=0",
                $"--window-size={width},{height}", $"--screenshot={screenshotPath}", url,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"Chromium did not finish rendering {url} within 90 s.");
            }

            var log = await stderr + await stdout;
            var console = log.Split('\n').Where(l => ConsoleLine().IsMatch(l)).Select(l => l.Trim()).ToList();
            return new ChromiumRender(screenshotPath, console, log);
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Chromium's helpers may still hold a file for a moment; the temp directory is cleaned eventually.
            }
        }
    }

    [GeneratedRegex(@":CONSOLE(:\d+|\(\d+\))?\]|Refused to|Uncaught", RegexOptions.CultureInvariant)]
    private static partial Regex ConsoleLine();
}
