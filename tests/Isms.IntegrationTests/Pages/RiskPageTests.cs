using System.Net;
using Isms.Functions.Platform;
using Isms.LocalHost;
using Microsoft.Playwright;

namespace Isms.IntegrationTests.Pages;

/// <summary>
/// The risk register in Chromium: a contributor assesses a risk from the register page (a refusal beside its field
/// first), its owner records a treatment above the criteria, the ISMS manager approves, the owner accepts, and the
/// register's heat map and list show it; a reader gets no form.
/// </summary>
[Collection(PageJourneyGroup.Name)]
public sealed class RiskPageTests(AzuriteFixture azurite, BrowserFixture browser) : IAsyncLifetime
{
    private const string Owner = "dana.owner@contoso.example";
    private LocalFunctionsHost _host = null!;

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _host = await TestHost.StartAsync(azurite.ConnectionString);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_risk_is_assessed_treated_approved_and_accepted_by_the_people_it_belongs_to()
    {
        await using var analystContext = await ContextAsync("analyst@contoso.example", Roles.Contributor);
        var analyst = await analystContext.NewPageAsync();
        await OpenAsync(analyst, "risks");
        await analyst.Locator("#title").FillAsync("Ransomware encrypts the file servers");
        await analyst.Locator("#asset").FillAsync("File servers");
        await analyst.Locator("#threat").FillAsync("Ransomware");
        await analyst.Locator("#vulnerability").FillAsync("Flat network");
        await analyst.Locator("#ownerUpn").FillAsync(Owner);
        await analyst.Locator("#impact").SelectOptionAsync("5");
        var refused = await analyst.RunAndWaitForResponseAsync(() => analyst.GetByRole(AriaRole.Button, new() { Name = "Add the risk" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        Assert.NotEmpty(await analyst.Locator("#likelihood-error").InnerTextAsync());
        Assert.Equal("File servers", await analyst.Locator("#asset").InputValueAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(analyst);

        await analyst.Locator("#likelihood").SelectOptionAsync("4");
        await analyst.GetByRole(AriaRole.Button, new() { Name = "Add the risk" }).ClickAsync();
        Assert.StartsWith("The risk is in the register.", await analyst.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
        var riskPath = new Uri(analyst.Url).AbsolutePath.TrimStart('/');
        Assert.Equal(0, await analyst.Locator("#treat-heading").CountAsync());

        // The owner treats it: the residual risk stays above the criteria, so acceptance waits for the ISMS manager.
        await using var ownerContext = await ContextAsync(Owner, Roles.Contributor);
        var owner = await ownerContext.NewPageAsync();
        await OpenAsync(owner, riskPath);
        await owner.Locator("#option").SelectOptionAsync("Modify");
        await owner.Locator("#controlIds").FillAsync("A.8.13, A.8.22");
        await owner.Locator("#residualLikelihood").SelectOptionAsync("2");
        await owner.Locator("#residualImpact").SelectOptionAsync("4");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Save the treatment" }).ClickAsync();
        Assert.Contains("above the acceptance criteria", await owner.Locator("#residual").InnerTextAsync(), StringComparison.Ordinal);
        var early = await owner.RunAndWaitForResponseAsync(() => owner.GetByRole(AriaRole.Button, new() { Name = "Accept the residual risk" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, early.Status);
        Assert.Contains("the ISMS manager must approve", await owner.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(owner);

        await using var managerContext = await ContextAsync(ApiClient.Admin, Roles.Admin);
        var manager = await managerContext.NewPageAsync();
        await OpenAsync(manager, riskPath);
        Assert.Equal(0, await manager.Locator("#accept-heading").CountAsync());
        await manager.Locator("#approve-note").FillAsync("Offline backups make the remainder tolerable.");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        Assert.StartsWith("Your approval to retain the risk", await manager.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);

        await OpenAsync(owner, riskPath);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Accept the residual risk" }).ClickAsync();
        Assert.Equal("Your acceptance of the residual risk is recorded.", await owner.Locator("p.notice").InnerTextAsync());
        Assert.Equal("Accepted by its owner", await owner.Locator("#risk-status").InnerTextAsync());
        Assert.StartsWith($"by {Owner}", await owner.Locator("#acceptance").InnerTextAsync(), StringComparison.Ordinal);

        await OpenAsync(manager, "risks");
        var row = manager.Locator("table[aria-labelledby='heat-map'] tbody tr", new() { HasText = "2 Unlikely" });
        Assert.Equal("1 (above)", await row.Locator("td").Nth(3).InnerTextAsync());
        Assert.Contains("Accepted by its owner", await manager.Locator("tr", new() { HasText = "Ransomware encrypts" }).InnerTextAsync(), StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(manager);

        await using var readerContext = await ContextAsync("reader@contoso.example", Roles.Reader);
        var reader = await readerContext.NewPageAsync();
        await OpenAsync(reader, riskPath);
        Assert.Equal(0, await reader.Locator("form[method='post']").CountAsync());
    }

    [Fact]
    public async Task A_risk_owner_without_an_ISMS_role_finds_the_risk_on_My_work_and_accepts_it_there()
    {
        const string staff = "kim.facilities@contoso.example";
        var api = ApiClient.AdminOf(_host.Client());
        var risk = await ApiClient.JsonAsync(await api.PostAsync("api/risks", new
        {
            title = "Office break-in",
            asset = "Head office",
            threat = "Burglary",
            vulnerability = "No alarm on the server room",
            ownerUpn = staff,
            likelihood = 3,
            impact = 3,
            treatment = new { option = "Modify", controlIds = new[] { "A.7.1" }, residualLikelihood = 1, residualImpact = 3 },
        }), HttpStatusCode.Created);

        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ExtraHTTPHeaders = new Dictionary<string, string> { [CallerReader.HeaderName] = CallerReader.Encode(staff) },
        });
        var page = await context.NewPageAsync();
        await OpenAsync(page, "my");
        Assert.Contains("Awaits its owner's acceptance", await page.Locator("section[aria-labelledby='my-risks']").InnerTextAsync(), StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = $"{risk["id"]} Office break-in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept the residual risk" }).ClickAsync();
        Assert.Equal("Accepted by its owner", await page.Locator("#risk-status").InnerTextAsync());
    }

    private Task<IBrowserContext> ContextAsync(string upn, string role) => browser.SignedInAsync(upn, role);

    private Task OpenAsync(IPage page, string path) => BrowserFixture.OpenAsync(page, _host.BaseAddress, path);
}
