using Isms.Functions.Platform;
using Isms.LocalHost;
using Microsoft.Playwright;

namespace Isms.IntegrationTests.Pages;

/// <summary>
/// Findings outside audits in Chromium: an auditor raises a nonconformity from an incident on <c>/improvement</c> (a
/// refusal beside its field first) with its first corrective action, then an opportunity for improvement without one,
/// opens an improvement action from the finding's page, and the improvement log shows it; a reader gets no form.
/// </summary>
[Collection(PageJourneyGroup.Name)]
public sealed class ImprovementPageTests(AzuriteFixture azurite, BrowserFixture browser) : IAsyncLifetime
{
    private const string Owner = "it.ops@contoso.example";
    private LocalFunctionsHost _host = null!;

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _host = await TestHost.StartAsync(azurite.ConnectionString);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_auditor_raises_findings_from_an_incident_and_a_review_and_the_improvement_log_shows_what_was_done()
    {
        await using var auditorContext = await ContextAsync("auditor@contoso.example", Roles.Auditor);
        var auditor = await auditorContext.NewPageAsync();
        await OpenAsync(auditor, "improvement");
        await auditor.Locator("#type").SelectOptionAsync("MinorNonconformity");
        await auditor.Locator("#source").SelectOptionAsync("Incident");
        await auditor.Locator("#controlIds").FillAsync("A.5.24, 10.2");
        await auditor.Locator("#description").FillAsync("The incident was reported a day late.");
        await auditor.Locator("#ownerUpn").FillAsync(Owner);
        await auditor.Locator("#correction").FillAsync("Report the incident now.");
        var refused = await auditor.RunAndWaitForResponseAsync(() => auditor.GetByRole(AriaRole.Button, new() { Name = "Raise the finding" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        Assert.Contains("reference is required", await auditor.Locator("#reference-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("The incident was reported a day late.", await auditor.Locator("#description").InputValueAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(auditor);

        await auditor.Locator("#reference").FillAsync("INC-4711");
        await auditor.GetByRole(AriaRole.Button, new() { Name = "Raise the finding" }).ClickAsync();
        Assert.Equal("The finding is raised and its first action is open.", await auditor.Locator("p.notice").InnerTextAsync());
        Assert.Contains("Incident INC-4711", await auditor.Locator("dl.record").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Report the incident now.", await auditor.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(auditor);

        // An opportunity for improvement from a management review, with no action yet: it is raised alone.
        await OpenAsync(auditor, "improvement");
        await auditor.Locator("#type").SelectOptionAsync("OpportunityForImprovement");
        await auditor.Locator("#source").SelectOptionAsync("ManagementReview");
        await auditor.Locator("#reference").FillAsync("MR-2026-2");
        await auditor.Locator("#controlIds").FillAsync("A.5.24");
        await auditor.Locator("#description").FillAsync("Incident notification could be automated.");
        await auditor.GetByRole(AriaRole.Button, new() { Name = "Raise the finding" }).ClickAsync();
        Assert.StartsWith("The finding is raised.", await auditor.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("None taken.", await auditor.Locator("main p", new() { HasText = "None taken" }).InnerTextAsync());

        await auditor.Locator("#ownerUpn").FillAsync(Owner);
        await auditor.Locator("#correction").FillAsync("Build a flow that notifies the ISMS manager.");
        await auditor.GetByRole(AriaRole.Button, new() { Name = "Open the action" }).ClickAsync();
        Assert.Equal("The corrective action is open.", await auditor.Locator("p.notice").InnerTextAsync());

        await OpenAsync(auditor, "improvement");
        var logRow = auditor.Locator("table[aria-labelledby='log'] tbody tr", new() { HasText = "Incident notification could be automated." });
        Assert.Contains("Management review MR-2026-2", await logRow.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Open", await logRow.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Incident INC-4711", await auditor.Locator("table[aria-labelledby='outside']").InnerTextAsync(), StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(auditor);

        await using var readerContext = await ContextAsync("reader@contoso.example", Roles.Reader);
        var reader = await readerContext.NewPageAsync();
        await OpenAsync(reader, "improvement");
        Assert.Equal(0, await reader.Locator("form[method='post']").CountAsync());
        Assert.Equal(2, await reader.Locator("table[aria-labelledby='outside'] tbody tr").CountAsync());
    }

    private Task<IBrowserContext> ContextAsync(string upn, string role) => browser.SignedInAsync(upn, role);

    private Task OpenAsync(IPage page, string path) => BrowserFixture.OpenAsync(page, _host.BaseAddress, path);
}
