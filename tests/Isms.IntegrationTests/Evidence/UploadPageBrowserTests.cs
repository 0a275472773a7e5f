using System.Net;
using System.Text;
using Isms.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Isms.IntegrationTests.Evidence;

/// <summary>The upload page in a real headless Chromium: picked by keyboard, uploaded, and the stored hash read off the page.</summary>
[Collection(EvidenceHostGroup.Name)]
public sealed class UploadPageBrowserTests(EvidenceHostFixture fixture, ITestOutputHelper output)
{
    public static string ArtifactsDirectory => Path.Combine(AppContext.BaseDirectory, "artifacts");

    [Fact]
    public async Task A_person_uploads_a_file_through_the_page_and_sees_the_stored_hash()
    {
        var bytes = Encoding.UTF8.GetBytes("user,role,reviewed\nalice,admin,yes\nbob,reader,yes\n" + Guid.NewGuid());
        var path = await TempFileAsync("access-review-2026-Q1.csv", bytes);
        await using var browser = await HeadlessChromium.StartAsync();

        await browser.NavigateAsync(new Uri(fixture.Host.BaseAddress, "api/upload"));
        await browser.WaitForAsync("document.querySelectorAll('#control-list input').length > 90", TimeSpan.FromSeconds(20), () => DescribeAsync(browser));

        // Keyboard only: type into the search, then tick the one match with Space.
        await browser.TypeAsync("#control-search", "A.5.18");
        await browser.WaitForAsync("document.querySelectorAll('#control-list input').length === 1", TimeSpan.FromSeconds(5), () => DescribeAsync(browser));
        await browser.PressAsync("#control-A-5-18", " ", "Space", 32, " ");
        await browser.WaitForAsync("document.getElementById('chosen-controls').textContent.includes('A.5.18')", TimeSpan.FromSeconds(5), () => DescribeAsync(browser));
        await browser.SetFileAsync("#file", path);
        await browser.EvaluateAsync("document.getElementById('effective-date').value = '2026-01-31'");
        await browser.PressAsync("#submit", "Enter", "Enter", 13, "\r");

        await browser.WaitForAsync("document.getElementById('sha256').value.length === 64", TimeSpan.FromSeconds(30), () => DescribeAsync(browser));
        var shown = (string?)await browser.EvaluateAsync("document.getElementById('sha256').value");
        Assert.Equal(EvidenceFiles.Sha256(bytes), shown);
        Assert.Equal(100, (int)(await browser.EvaluateAsync("document.getElementById('progress').value"))!);
        var screenshot = Path.Combine(ArtifactsDirectory, "upload-page.png");
        await browser.ScreenshotAsync(screenshot);
        output.WriteLine($"Screenshot: {screenshot}");

        var id = (string?)await browser.EvaluateAsync("document.getElementById('evidence-link').textContent");
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
        await using var browser = await HeadlessChromium.StartAsync();

        await browser.NavigateAsync(new Uri(fixture.Host.BaseAddress, "api/upload"));
        await browser.WaitForAsync("document.querySelectorAll('#control-list input').length > 90", TimeSpan.FromSeconds(20), () => DescribeAsync(browser));
        await browser.EvaluateAsync("document.getElementById('control-A-8-20').click()");
        await browser.SetFileAsync("#file", path);
        await browser.EvaluateAsync("document.getElementById('submit').click()");

        await browser.WaitForAsync("document.getElementById('sha256').value.length === 64", TimeSpan.FromSeconds(60), () => DescribeAsync(browser));
        Assert.Equal(EvidenceFiles.Sha256(bytes), (string?)await browser.EvaluateAsync("document.getElementById('sha256').value"));
        await browser.ScreenshotAsync(Path.Combine(ArtifactsDirectory, "upload-page-large.png"));
    }

    private static async Task<string> TempFileAsync(string name, byte[] bytes)
    {
        var directory = Path.Combine(Path.GetTempPath(), "isms-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        await File.WriteAllBytesAsync(path, bytes);
        return path;
    }

    private static async Task<string> DescribeAsync(HeadlessChromium browser) =>
        $"Status: '{await browser.EvaluateAsync("document.getElementById('status')?.textContent")}', error: '{await browser.EvaluateAsync("document.getElementById('error')?.textContent")}'.";
}
