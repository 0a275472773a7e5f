using System.Net;
using Microsoft.Playwright;

namespace Isms.IntegrationTests.Snapshots;

/// <summary>
/// The report in a real headless Chromium: served with its CSP, rendered with no console error and no serious
/// accessibility violation, screenshot kept; and proof that both checks do catch what they look for.
/// </summary>
[Collection(SnapshotHostGroup.Name)]
public sealed class SnapshotReportBrowserTests(SnapshotHostFixture fixture, BrowserFixture browser) : IClassFixture<SnapshotHostFixture>
{
    public static string ArtifactDirectory => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    [Fact]
    public async Task The_report_renders_in_headless_Chromium_without_console_errors_or_serious_accessibility_violations()
    {
        using var created = await fixture.Auditor.PostAsync("api/snapshots", new { });
        var id = (string)(await ApiClient.JsonAsync(created, HttpStatusCode.Created))["id"]!;
        await Isms.IntegrationTests.Snapshots.SnapshotSeeding.ControlAsync(fixture.Host, "A.8.9", Isms.Core.Controls.ImplementationStatus.Implemented, "config.owner@contoso.example");
        using var second = await fixture.Auditor.PostAsync("api/snapshots", new { });
        id = (string)(await ApiClient.JsonAsync(second, HttpStatusCode.Created))["id"]!;

        // Chromium fetches the page from the local host itself (as the development identity), CSP header and all.
        var screenshot = Path.Combine(ArtifactDirectory, "snapshot-report.png");
        File.Delete(screenshot);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1240, Height = 3600 } });
        var page = await context.NewPageAsync();
        var log = PageLog.Of(page);
        var response = await page.GotoAsync(new Uri(fixture.Host.BaseAddress, $"api/snapshots/{id}/report").ToString());
        Assert.Equal((int)HttpStatusCode.OK, response!.Status);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot });

        Assert.True(log.Problems.Count == 0, "Console messages while rendering the report:\n" + string.Join('\n', log.Problems));
        Assert.True(File.Exists(screenshot) && new FileInfo(screenshot).Length > 10_000, $"No screenshot was written. The page logged: {log}");
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task The_console_check_does_catch_an_error_and_a_refusal_by_the_content_security_policy()
    {
        // The check above proves something only if a page that does log an error, or breaks its own policy, fails it.
        await using var context = await browser.NewContextAsync();
        var (_, log) = await OpenAsync(
            context,
            "console-error.html",
            "<!doctype html><html lang=en><meta http-equiv=Content-Security-Policy content=\"style-src 'none'\"><title>x</title>" +
            "<style>p { color: red }</style><script>console.error('deliberate failure')</script><p>x</p></html>");

        Assert.Contains(log.Problems, m => m.Contains("deliberate failure", StringComparison.Ordinal));
        Assert.Contains(log.Problems, m => m.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_accessibility_check_does_catch_serious_violations_and_names_them()
    {
        // An image without a text alternative, a field without a label, grey on grey: what the report and the upload page must not have.
        await using var context = await browser.NewContextAsync();
        var (page, _) = await OpenAsync(
            context,
            "inaccessible.html",
            "<!doctype html><html lang=en><title>x</title><main><h1>x</h1>" +
            "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\"><input type=text>" +
            "<p style=\"color:#aaa;background:#bbb\">faint</p></main></html>");

        var found = await AccessibilityCheck.RunAsync(page);
        Assert.Contains(found, v => v.Id == "image-alt" && v.Impact == "critical" && v.Targets.Contains("img"));
        Assert.Contains(found, v => v.Id == "label" && v.Impact == "critical");
        Assert.Contains(found, v => v.Id == "color-contrast" && v.Impact == "serious");
        var failure = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => AccessibilityCheck.AssertNoSeriousViolationsAsync(page));
        Assert.Contains("image-alt (critical)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("color-contrast (serious)", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>A page written to a file and opened in the context, recorded from its first line.</summary>
    private static async Task<(IPage Page, PageLog Log)> OpenAsync(IBrowserContext context, string name, string html)
    {
        var file = Path.Combine(ArtifactDirectory, name);
        await File.WriteAllTextAsync(file, html);
        var page = await context.NewPageAsync();
        var log = PageLog.Of(page);
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        return (page, log);
    }
}
