using System.Net;
using System.Text;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Isms.IntegrationTests.Evidence;

/// <summary>
/// The upload page in a real headless Chromium, under the page's own Content-Security-Policy: picked by keyboard,
/// uploaded, the stored hash read off the page, and no serious accessibility violation before or after.
/// </summary>
[Collection(EvidenceHostGroup.Name)]
public sealed class UploadPageBrowserTests(EvidenceHostFixture fixture, BrowserFixture browser, ITestOutputHelper output)
{
    public static string ArtifactsDirectory => Path.Combine(AppContext.BaseDirectory, "artifacts");

    [Fact]
    public async Task A_person_uploads_a_file_through_the_page_and_sees_the_stored_hash()
    {
        var bytes = Encoding.UTF8.GetBytes("user,role,reviewed\nalice,admin,yes\nbob,reader,yes\n" + Guid.NewGuid());
        var path = await TempFileAsync("access-review-2026-Q1.csv", bytes);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 1500 } });
        var page = await context.NewPageAsync();
        var log = PageLog.Of(page);

        await page.GotoAsync(new Uri(fixture.Host.BaseAddress, "upload").ToString());
        await WaitForAsync(page, log, "document.querySelectorAll('#control-list input').length > 90", TimeSpan.FromSeconds(20));
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);

        // Keyboard only: type into the search, then tick the one match with Space.
        await page.Locator("#control-search").PressSequentiallyAsync("A.5.18");
        await WaitForAsync(page, log, "document.querySelectorAll('#control-list input').length === 1", TimeSpan.FromSeconds(5));
        await page.Locator("#control-A-5-18").PressAsync("Space");
        await WaitForAsync(page, log, "document.getElementById('chosen-controls').textContent.includes('A.5.18')", TimeSpan.FromSeconds(5));
        await page.SetInputFilesAsync("#file", path);
        await page.Locator("#effective-date").FillAsync("2026-01-31");
        await page.Locator("#submit").PressAsync("Enter");

        await WaitForAsync(page, log, "document.getElementById('sha256').value.length === 64", TimeSpan.FromSeconds(30));
        Assert.Equal(EvidenceFiles.Sha256(bytes), await page.EvaluateAsync<string>("document.getElementById('sha256').value"));
        Assert.Equal(100, await page.EvaluateAsync<int>("document.getElementById('progress').value"));
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);
        Assert.True(log.Problems.Count == 0, "The page logged problems: " + string.Join('\n', log.Problems));
        var screenshot = Path.Combine(ArtifactsDirectory, "upload-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"Screenshot: {screenshot}");

        var id = await page.EvaluateAsync<string>("document.getElementById('evidence-link').textContent");
        var evidence = await ApiClient.JsonAsync(await ApiClient.AdminOf(fixture.Client).GetAsync($"api/evidence/{id}"), HttpStatusCode.OK);
        Assert.Equal("A.5.18", (string?)evidence["controlIds"]![0]);
        Assert.Equal("2026-01-31", (string?)evidence["effectiveDate"]);
        Assert.Equal("access-review-2026-Q1.csv", (string?)evidence["latest"]!["fileName"]);
    }

    [Fact]
    public async Task A_file_over_the_HTTP_limit_goes_from_the_page_straight_to_storage_and_the_hash_is_verified()
    {
        var bytes = EvidenceFiles.Pdf((int)EvidenceHostFixture.HttpLimit + (5 * 1024 * 1024) + 17); // two blocks from the browser
        var path = await TempFileAsync("firewall-rules.pdf", bytes);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 1500 } });
        var page = await context.NewPageAsync();
        var log = PageLog.Of(page);

        await page.GotoAsync(new Uri(fixture.Host.BaseAddress, "upload").ToString());
        await WaitForAsync(page, log, "document.querySelectorAll('#control-list input').length > 90", TimeSpan.FromSeconds(20));
        await page.Locator("#control-A-8-20").ClickAsync();
        await page.SetInputFilesAsync("#file", path);
        await page.Locator("#submit").ClickAsync();

        await WaitForAsync(page, log, "document.getElementById('sha256').value.length === 64", TimeSpan.FromSeconds(60));
        Assert.Equal(EvidenceFiles.Sha256(bytes), await page.EvaluateAsync<string>("document.getElementById('sha256').value"));
        Assert.True(log.Problems.Count == 0, "The page logged problems: " + string.Join('\n', log.Problems));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, "upload-page-large.png"), FullPage = true });
    }

    private static async Task<string> TempFileAsync(string name, byte[] bytes)
    {
        var directory = Path.Combine(Path.GetTempPath(), "isms-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        await File.WriteAllBytesAsync(path, bytes);
        return path;
    }

    /// <summary>Waits until the expression is true; on time-out fails with what the page shows and logged.</summary>
    /// <remarks>As a function, not a string: the page's policy forbids eval, and Playwright polls a string with it.</remarks>
    private static async Task WaitForAsync(IPage page, PageLog log, string expression, TimeSpan timeout)
    {
        try
        {
            await page.WaitForFunctionAsync($"() => {expression}", null, new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            var status = await page.EvaluateAsync<string?>("document.getElementById('status')?.textContent");
            var error = await page.EvaluateAsync<string?>("document.getElementById('error')?.textContent");
            Assert.Fail($"Waited {timeout.TotalSeconds} s for `{expression}`. Status: '{status}', error: '{error}'. Page log: {log}");
        }
    }
}
