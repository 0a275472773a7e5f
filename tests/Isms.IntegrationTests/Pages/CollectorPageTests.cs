using Azure.Core;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Collection;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Isms.IntegrationTests.Pages;

/// <summary>
/// <c>/collectors</c> in Chromium: the ISMS manager sees each collector, runs one with a button, sees a failure twice
/// become a nonconformity and a missing permission named; a contributor reads the page without the buttons.
/// </summary>
[Collection(PageJourneyGroup.Name)]
public sealed class CollectorPageTests(AzuriteFixture azurite, BrowserFixture browser) : IAsyncLifetime
{
    private FakeGraphServer _graph = null!;
    private LocalFunctionsHost _host = null!;

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _graph = await FakeGraphServer.StartAsync();
        _graph.TenantPageSize = 2;
        _graph.Tenant = CollectorHarness.Good(DateTimeOffset.UtcNow);
        _host = await TestHost.StartAsync(
            azurite.ConnectionString,
            o =>
            {
                o.Settings["Collectors:Enabled"] = "true";
                o.Settings["Collectors:ManagedDevices:Enabled"] = "false";
                o.Settings["Graph:BaseUrl"] = _graph.BaseUrl.ToString();
            },
            s => s.AddSingleton<TokenCredential>(new FakeTokenCredential()));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _graph.DisposeAsync();
    }

    [Fact]
    public async Task The_ISMS_manager_runs_collectors_from_the_page_and_sees_outcomes_failures_and_missing_permissions_in_words()
    {
        await using var adminContext = await browser.SignedInAsync(ApiClient.Admin, Roles.Admin);
        var admin = await adminContext.NewPageAsync();
        await OpenAsync(admin, "collectors");
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(admin);
        var guests = admin.Locator("section", new() { Has = admin.GetByRole(AriaRole.Heading, new() { Name = "Guest accounts" }) });
        Assert.Contains("Not run yet.", await guests.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await admin.GetByRole(AriaRole.Button, new() { Name = "Run Managed devices now" }).CountAsync());

        await admin.GetByRole(AriaRole.Button, new() { Name = "Run Guest accounts now" }).ClickAsync();
        Assert.StartsWith("The collector ran", await admin.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Passed", await guests.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await guests.GetByRole(AriaRole.Link, new() { Name = "summary (version 1)" }).CountAsync());

        // A guest silent for months: one failure is counted, the second raises a nonconformity, linked from the page.
        CollectorHarness.Break("guests", _graph.Tenant, DateTimeOffset.UtcNow);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Run Guest accounts now" }).ClickAsync();
        Assert.Contains("one more raises a nonconformity", await guests.InnerTextAsync(), StringComparison.Ordinal);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Run Guest accounts now" }).ClickAsync();
        var text = await guests.InnerTextAsync();
        Assert.Contains("Failed", text, StringComparison.Ordinal);
        Assert.Contains("sleeper_partner.example", text, StringComparison.Ordinal);
        await guests.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^FND-") }).ClickAsync();
        Assert.Contains("collector guests", await admin.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        var findingPath = new Uri(admin.Url).AbsolutePath.TrimStart('/');

        // The sleeper is gone: the next run passes and the finding's page shows it, still open for its action.
        _graph.Tenant.Guests.RemoveAll(g => g.DisplayName == "Sleeper");
        await OpenAsync(admin, "collectors");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Run Guest accounts now" }).ClickAsync();
        await OpenAsync(admin, findingPath);
        var finding = await admin.Locator("main").InnerTextAsync();
        Assert.Contains("passed. Guest accounts passed", finding, StringComparison.Ordinal);
        Assert.Contains("stays open until its corrective action is closed", finding, StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(admin);

        // A permission the app lacks is named on the page.
        _graph.DeniedPermissions["Application.Read.All"] = true;
        await OpenAsync(admin, "collectors");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Run Application credentials now" }).ClickAsync();
        var apps = admin.Locator("section", new() { Has = admin.GetByRole(AriaRole.Heading, new() { Name = "Application credentials" }) });
        var appsText = await apps.InnerTextAsync();
        Assert.Contains("Could not collect (permission missing)", appsText, StringComparison.Ordinal);
        Assert.Contains("Application.Read.All", appsText, StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(admin);

        // A contributor reads the page; running is for ISMS admins.
        await using var contributorContext = await browser.SignedInAsync("dana.owner@contoso.example", Roles.Contributor);
        var contributor = await contributorContext.NewPageAsync();
        await OpenAsync(contributor, "collectors");
        Assert.Contains("Guest accounts", await contributor.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await contributor.GetByRole(AriaRole.Button).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Run ") }).CountAsync());
    }

    private Task OpenAsync(IPage page, string path) => BrowserFixture.OpenAsync(page, _host.BaseAddress, path);
}
