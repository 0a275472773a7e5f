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

    [Fact]
    public async Task Without_JavaScript_the_form_posts_the_file_and_the_page_shows_the_stored_hash()
    {
        var bytes = Encoding.UTF8.GetBytes("asset,owner\nlaptop-17,dana\n" + Guid.NewGuid());
        var path = await TempFileAsync("asset-register.csv", bytes);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, ViewportSize = new ViewportSize { Width = 1000, Height = 1500 } });
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(fixture.Host.BaseAddress, "upload").ToString());
        await page.Locator("#control-A-5-9").CheckAsync();
        await page.SetInputFilesAsync("#file", path);
        await page.Locator("#effective-date").FillAsync("2026-02-28");
        await page.Locator("#submit").ClickAsync();

        Assert.Equal("The evidence is filed and linked.", await page.Locator("p.notice").InnerTextAsync());
        Assert.Equal(EvidenceFiles.Sha256(bytes), await page.Locator("#sha256").InnerTextAsync());
        Assert.Contains("Selected: A.5.9", await page.Locator("#chosen-controls").InnerTextAsync(), StringComparison.Ordinal);
        var evidence = await ApiClient.JsonAsync(await ApiClient.AdminOf(fixture.Client).GetAsync($"api/evidence/{await page.Locator("#evidence-link").InnerTextAsync()}"), HttpStatusCode.OK);
        Assert.Equal("A.5.9", (string?)evidence["controlIds"]![0]);
        Assert.Equal("2026-02-28", (string?)evidence["effectiveDate"]);

        // axe runs as script, so the page the form led to is checked in a context that runs script.
        await using var checking = await browser.NewContextAsync();
        var same = await checking.NewPageAsync();
        await same.GotoAsync(page.Url);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(same);
    }

    [Fact]
    public async Task Without_JavaScript_a_refused_file_comes_back_with_the_reason_beside_it_and_everything_typed_kept()
    {
        var program = await TempFileAsync("setup.exe", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);
        var description = "Access review of the finance share, " + Guid.NewGuid();
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(fixture.Host.BaseAddress, "upload").ToString());
        await page.Locator("#control-A-5-18").CheckAsync();
        await page.Locator("#control-A-8-2").CheckAsync();
        await page.Locator("#effective-date").FillAsync("2026-03-31");
        await page.Locator("#description").FillAsync(description);
        await page.SetInputFilesAsync("#file", program);
        var refused = await page.RunAndWaitForResponseAsync(() => page.Locator("#submit").ClickAsync(), r => r.Request.Method == "POST");
        await page.WaitForLoadStateAsync();

        Assert.Equal(415, refused.Status);
        Assert.Equal("true", await page.Locator("#file").GetAttributeAsync("aria-invalid"));
        Assert.Contains("file-error", await page.Locator("#file").GetAttributeAsync("aria-describedby"), StringComparison.Ordinal);
        Assert.Contains("setup.exe", await page.Locator("#file-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#control-A-5-18").IsCheckedAsync());
        Assert.True(await page.Locator("#control-A-8-2").IsCheckedAsync());
        Assert.False(await page.Locator("#control-A-5-9").IsCheckedAsync());
        Assert.Equal("Selected: A.5.18, A.8.2", await page.Locator("#chosen-controls").InnerTextAsync());
        Assert.Equal("2026-03-31", await page.Locator("#effective-date").InputValueAsync());
        Assert.Equal(description, await page.Locator("#description").InputValueAsync());
        var listed = await ApiClient.AdminOf(fixture.Client).ArrayAsync("api/evidence?controlId=A.5.18");
        Assert.DoesNotContain(listed, e => (string?)e!["latest"]!["description"] == description);

        // The refused form, as served, checked by axe in a context that runs script (at the app's address, for its stylesheet).
        await using var checking = await browser.NewContextAsync();
        var refusedForm = await checking.NewPageAsync();
        await refusedForm.GotoAsync(new Uri(fixture.Host.BaseAddress, "upload").ToString());
        await refusedForm.SetContentAsync(await page.ContentAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(refusedForm);

        // Only the file is chosen again (a browser never refills a file field); the rest went back as it was.
        var bytes = Encoding.UTF8.GetBytes("share,reviewer,result\nfinance,erin,ok\n" + Guid.NewGuid());
        await page.SetInputFilesAsync("#file", await TempFileAsync("finance-share-review.csv", bytes));
        var filed = await page.RunAndWaitForResponseAsync(() => page.Locator("#submit").ClickAsync(), r => r.Request.Method == "POST");
        await page.WaitForLoadStateAsync();
        Assert.True(filed.Status == 303, $"The form answered {filed.Status}: {await page.Locator("main").InnerTextAsync()}");

        Assert.Equal(EvidenceFiles.Sha256(bytes), await page.Locator("#sha256").InnerTextAsync());
        var evidence = await ApiClient.JsonAsync(await ApiClient.AdminOf(fixture.Client).GetAsync($"api/evidence/{await page.Locator("#evidence-link").InnerTextAsync()}"), HttpStatusCode.OK);
        Assert.Equal(["A.5.18", "A.8.2"], evidence["controlIds"]!.AsArray().Select(c => (string?)c).Order(StringComparer.Ordinal));
        Assert.Equal("2026-03-31", (string?)evidence["effectiveDate"]);
        Assert.Equal(description, (string?)evidence["latest"]!["description"]);
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
