using System.Net;
using Isms.IntegrationTests.Infrastructure;

namespace Isms.IntegrationTests.Snapshots;

/// <summary>The report in a real headless Chromium: served with its CSP, rendered with no console error, screenshot kept.</summary>
public sealed class SnapshotReportBrowserTests(SnapshotHostFixture fixture) : IClassFixture<SnapshotHostFixture>
{
    public static string ArtifactDirectory => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    [Fact]
    public async Task The_report_renders_in_headless_Chromium_without_console_errors()
    {
        using var created = await fixture.Auditor.PostAsync("api/snapshots", new { });
        var id = (string)(await ApiClient.JsonAsync(created, HttpStatusCode.Created))["id"]!;
        await Isms.IntegrationTests.Snapshots.SnapshotSeeding.ControlAsync(fixture.Host, "A.8.9", Isms.Core.Controls.ImplementationStatus.Implemented, "config.owner@contoso.example");
        using var second = await fixture.Auditor.PostAsync("api/snapshots", new { });
        id = (string)(await ApiClient.JsonAsync(second, HttpStatusCode.Created))["id"]!;

        // Chromium fetches the page from the local host itself (as the development identity), CSP header and all.
        var screenshot = Path.Combine(ArtifactDirectory, "snapshot-report.png");
        File.Delete(screenshot);
        var render = await ReportChromium.RenderAsync(new Uri(fixture.Host.BaseAddress, $"api/snapshots/{id}/report").ToString(), screenshot);

        Assert.True(render.ConsoleMessages.Count == 0, "Console messages while rendering the report:\n" + string.Join('\n', render.ConsoleMessages));
        Assert.True(File.Exists(screenshot) && new FileInfo(screenshot).Length > 10_000, $"No screenshot was written. Chromium said:\n{render.Log}");
    }

    [Fact]
    public async Task The_console_check_does_catch_an_error()
    {
        // The check above proves something only if a page that does log an error fails it.
        var page = Path.Combine(ArtifactDirectory, "console-error.html");
        await File.WriteAllTextAsync(page, "<!doctype html><title>x</title><script>console.error('deliberate failure')</script><p>x</p>");
        var render = await ReportChromium.RenderAsync(new Uri(page).AbsoluteUri, Path.Combine(ArtifactDirectory, "console-error.png"), 400, 300);

        Assert.Contains(render.ConsoleMessages, m => m.Contains("deliberate failure", StringComparison.Ordinal));
    }
}
