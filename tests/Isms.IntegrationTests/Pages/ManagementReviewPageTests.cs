using Isms.Functions.Platform;
using Isms.LocalHost;
using Microsoft.Playwright;

namespace Isms.IntegrationTests.Pages;

/// <summary>
/// A management review in Chromium: the ISMS manager plans it (a refusal beside its field first), records it held with
/// the inputs a person writes, is told what completion still needs, completes it (which seals a snapshot), raises an
/// output action, and prints the pack; a reader sees the record without forms.
/// </summary>
[Collection(PageJourneyGroup.Name)]
public sealed class ManagementReviewPageTests(AzuriteFixture azurite, BrowserFixture browser) : IAsyncLifetime
{
    private LocalFunctionsHost _host = null!;

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _host = await TestHost.StartAsync(azurite.ConnectionString);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_ISMS_manager_plans_holds_completes_and_prints_a_review()
    {
        await using var managerContext = await ContextAsync(ApiClient.Admin, Roles.Admin);
        var manager = await managerContext.NewPageAsync();
        await OpenAsync(manager, "management-reviews");
        await manager.Locator("#topManagement").FillAsync("ceo@contoso.example\nnot an address");
        var refused = await manager.RunAndWaitForResponseAsync(() => manager.GetByRole(AriaRole.Button, new() { Name = "Plan the review" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        Assert.NotEmpty(await manager.Locator("#plannedDate-error").InnerTextAsync());
        Assert.Contains("ceo@contoso.example", await manager.Locator("#topManagement").InputValueAsync(), StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(manager);

        await manager.Locator("#plannedDate").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await manager.Locator("#topManagement").FillAsync("ceo@contoso.example");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Plan the review" }).ClickAsync();
        Assert.StartsWith("The management review is planned.", await manager.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
        var reviewPath = new Uri(manager.Url).AbsolutePath.TrimStart('/');
        Assert.Contains("(d 1) Nonconformities and corrective actions", await manager.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // Held, with the inputs a person writes; completing without minutes or a decision is refused in words.
        await manager.Locator("#status").SelectOptionAsync("Held");
        await manager.Locator("#changesInIssues").FillAsync("A new regulator for the payments business.");
        await manager.Locator("#objectives").FillAsync("Three of four objectives met.");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Save the review" }).ClickAsync();
        Assert.Equal("Held", await manager.Locator("#review-status").InnerTextAsync());
        Assert.Contains("A new regulator for the payments business.", await manager.Locator("section[aria-labelledby='pack-b']").InnerTextAsync(), StringComparison.Ordinal);

        await manager.Locator("#status").SelectOptionAsync("Completed");
        var early = await manager.RunAndWaitForResponseAsync(() => manager.GetByRole(AriaRole.Button, new() { Name = "Save the review" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, early.Status);
        Assert.Contains("record what was discussed", await manager.Locator("#minutes-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Three of four objectives met.", await manager.Locator("#objectives").InputValueAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(manager);

        await manager.Locator("#minutes").FillAsync("The board reviewed the pack.");
        await manager.Locator("#resourceDecisions").FillAsync("Fund a second security engineer.");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Save the review" }).ClickAsync();
        Assert.StartsWith("The management review is completed and sealed", await manager.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Completed", await manager.Locator("#review-status").InnerTextAsync());
        Assert.Equal("Resources: Fund a second security engineer.", await manager.Locator("#decisions li").InnerTextAsync());
        Assert.Equal(0, await manager.Locator("#record-heading").CountAsync());

        await manager.Locator("#ownerUpn").FillAsync("sam.it@contoso.example");
        await manager.Locator("#description").FillAsync("Recruit a second security engineer.");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Raise the action" }).ClickAsync();
        Assert.Contains("Recruit a second security engineer.", await manager.Locator("main ul", new() { HasText = "Recruit" }).InnerTextAsync(), StringComparison.Ordinal);

        await OpenAsync(manager, reviewPath + "/pack");
        Assert.Contains("(g) Opportunities for continual improvement", await manager.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(manager);
        await manager.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.Equal(0, await manager.Locator("form[method='post']:visible").CountAsync());

        await using var readerContext = await ContextAsync("reader@contoso.example", Roles.Reader);
        var reader = await readerContext.NewPageAsync();
        await OpenAsync(reader, reviewPath);
        Assert.Equal(0, await reader.Locator("form[method='post']").CountAsync());
        await OpenAsync(reader, "management-reviews");
        Assert.Contains("Completed", await reader.Locator("table").InnerTextAsync(), StringComparison.Ordinal);
    }

    private Task<IBrowserContext> ContextAsync(string upn, string role) => browser.SignedInAsync(upn, role);

    private Task OpenAsync(IPage page, string path) => BrowserFixture.OpenAsync(page, _host.BaseAddress, path);
}
