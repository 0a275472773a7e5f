using System.Net;
using Isms.Functions.Platform;
using Isms.LocalHost;
using Microsoft.Playwright;

namespace Isms.IntegrationTests.Pages;

/// <summary>
/// The gap analysis in Chromium: the ISMS manager assesses a requirement from its page (a refusal beside its field,
/// then the assessment recorded with its history), a version changed meanwhile is not overwritten, and a reader reads
/// the analysis without a form.
/// </summary>
[Collection(PageJourneyGroup.Name)]
public sealed class GapAnalysisPageTests(AzuriteFixture azurite, BrowserFixture browser) : IAsyncLifetime
{
    private LocalFunctionsHost _host = null!;

    private ApiClient Api => ApiClient.AdminOf(_host.Client());

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _host = await TestHost.StartAsync(azurite.ConnectionString);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_manager_assesses_a_requirement_from_its_page_and_the_analysis_shows_it_by_clause()
    {
        await using var context = await ContextAsync(ApiClient.Admin, Roles.Admin);
        var page = await context.NewPageAsync();
        await OpenAsync(page, "gap-analysis");
        await page.GetByRole(AriaRole.Link, new() { Name = "9.3.1-1" }).ClickAsync();
        Assert.Contains("reviews the ISMS at planned intervals", await page.Locator("#requirement-text").InnerTextAsync(), StringComparison.Ordinal);

        // Not met without saying what is missing: refused beside the note, nothing recorded.
        await page.Locator("#status").SelectOptionAsync("NotMet");
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Record the assessment" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        Assert.NotEmpty(await page.Locator("#note-error").InnerTextAsync());
        Assert.Equal("NotMet", await page.Locator("#status").InputValueAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);

        await page.Locator("#note").FillAsync("No management review held yet; first one planned for March.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the assessment" }).ClickAsync();
        Assert.Equal("The assessment is recorded; the earlier ones stay in the requirement's history.", await page.Locator("p.notice").InnerTextAsync());
        Assert.Equal("Not met", await page.Locator("#current-status").InnerTextAsync());
        Assert.Equal(1, await page.Locator("table[aria-labelledby='history'] tbody tr").CountAsync());

        await page.Locator("#status").SelectOptionAsync("Partial");
        await page.Locator("#note").FillAsync("Review held; minutes not yet approved.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the assessment" }).ClickAsync();
        Assert.Equal(2, await page.Locator("table[aria-labelledby='history'] tbody tr").CountAsync());
        Assert.Contains("Partly met", await page.Locator("table[aria-labelledby='history'] tbody tr").First.InnerTextAsync(), StringComparison.Ordinal);

        // The gap raises an action, chased like a corrective action; its page says what it answers and asks no root cause.
        await page.Locator("#ownerUpn").FillAsync("dana.owner@contoso.example");
        await page.Locator("#description").FillAsync("Get the minutes of the first review approved.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Raise the action" }).ClickAsync();
        Assert.Equal("The action is open; its owner is reminded and chased like any corrective action.", await page.Locator("p.notice").InnerTextAsync());
        var actionLink = page.Locator("table[aria-labelledby='actions'] tbody tr a");
        var actionId = await actionLink.InnerTextAsync();
        await actionLink.ClickAsync();
        Assert.Equal($"Gap action {actionId}", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#rootCause").CountAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "gap-analysis/9.3.1-1" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the gap analysis" }).ClickAsync();
        var row = page.Locator("table[aria-labelledby='by-clause'] tbody tr", new() { HasText = "Performance evaluation" });
        Assert.Equal("1", await row.Locator("td").Nth(1).InnerTextAsync());
        Assert.Contains("Partly met", await page.Locator("tr", new() { HasText = "9.3.1-1" }).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("table[aria-labelledby='progress'] tbody tr").CountAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task An_assessment_recorded_since_the_form_was_opened_is_not_overwritten_and_a_reader_gets_no_form()
    {
        await using var context = await ContextAsync(ApiClient.Admin, Roles.Admin);
        var page = await context.NewPageAsync();
        await OpenAsync(page, "gap-analysis/5.2-2");
        await page.Locator("#status").SelectOptionAsync("Met");
        await page.Locator("#note").FillAsync("Policy on the intranet.");

        await ApiClient.JsonAsync(await Api.As("auditor@contoso.example", Roles.Auditor).PutAsync("api/gap-analysis/5.2-2", new { status = "NotMet", note = "Not communicated to staff." }), HttpStatusCode.OK);

        var response = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Record the assessment" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, response.Status);
        Assert.Contains("changed since you opened it", await page.Locator(".conflict").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Not met", await page.Locator("#current-status").InnerTextAsync());
        var item = await ApiClient.JsonAsync(await Api.GetAsync("api/gap-analysis/5.2-2"), HttpStatusCode.OK);
        Assert.Single(item["assessments"]!.AsArray());

        await using var readerContext = await ContextAsync("reader@contoso.example", Roles.Reader);
        var reader = await readerContext.NewPageAsync();
        await OpenAsync(reader, "gap-analysis/5.2-2");
        Assert.Equal(0, await reader.Locator("form[method='post']").CountAsync());
        Assert.Equal("Not met", await reader.Locator("#current-status").InnerTextAsync());
    }

    private async Task<IBrowserContext> ContextAsync(string upn, string role) =>
        await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1100, Height = 1400 },
            ExtraHTTPHeaders = new Dictionary<string, string> { [CallerReader.HeaderName] = CallerReader.Encode(upn, role) },
        });

    private async Task OpenAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(new Uri(_host.BaseAddress, "/" + path).ToString());
        Assert.True(response!.Status == 200, $"/{path} answered {response.Status}: {await page.Locator("main").InnerTextAsync()}");
    }
}
