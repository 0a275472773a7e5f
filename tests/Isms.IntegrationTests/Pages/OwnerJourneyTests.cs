using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Chasing;
using Microsoft.Playwright;

namespace Isms.IntegrationTests.Pages;

/// <summary>
/// The owner's journey, as staff without any ISMS role live it: the reminder's link opens the action page, a gate
/// not met is said beside its field, evidence is attached in place, and the action is marked implemented with the
/// keyboard alone. Every state of the page passes axe.
/// </summary>
[Collection(PageJourneyGroup.Name)]
public sealed partial class OwnerJourneyTests(AzuriteFixture azurite, BrowserFixture browser)
{
    /// <summary>A Monday.</summary>
    private static readonly DateOnly Monday = new(2026, 3, 2);

    public static string ArtifactDirectory => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    [Fact]
    public async Task The_owner_follows_the_reminder_link_records_the_cause_attaches_evidence_and_marks_the_action_implemented()
    {
        await using var h = await ChasingHarness.StartAsync(azurite, Monday);
        const string owner = "dana.owner@contoso.example";
        var id = await h.SeedActionAsync(owner, Monday.AddDays(-3), "Listed every tool without single sign-on.", controls: ["A.5.18", "A.8.2"]);
        await h.RunAsync();
        var mail = Assert.Single(h.Graph.Mails, m => m.To.SequenceEqual([owner]));

        // The link as the person clicks it, at the app's public address; here the app answers on the local host.
        var link = new Uri(LinkIn().Matches(mail.Html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).First(l => l.Contains(id, StringComparison.Ordinal)));
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1100, Height = 2200 },
            ExtraHTTPHeaders = new Dictionary<string, string> { [CallerReader.HeaderName] = CallerReader.Encode(owner) },
        });
        var page = await context.NewPageAsync();
        var log = PageLog.Of(page);
        var opened = await page.GotoAsync(new Uri(h.Host.BaseAddress, link.PathAndQuery).ToString());
        Assert.Equal(200, opened!.Status);
        Assert.Equal($"/actions/{id}", new Uri(page.Url).AbsolutePath);
        Assert.Equal($"Corrective action {id}", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("overdue by 3 days", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Implemented needs a root cause and an action plan first.", await page.Locator("#implemented-needs").InnerTextAsync(), StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);

        // Implemented before the cause is known: refused, and the page says so beside the field.
        await page.Locator("#status-Implemented").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        Assert.Contains("rootCause is required before the action can be Implemented", await page.Locator("#rootCause-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await page.Locator("#rootCause").GetAttributeAsync("aria-invalid"));
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);

        await page.Locator("#rootCause").FillAsync("HR does not tell IT when people leave.");
        await page.Locator("#actionPlan").FillAsync("HR's leaver feed disables accounts on the leaving date.");
        await page.Locator("#status-InProgress").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        Assert.Equal("Your changes are saved.", await page.Locator("p.notice").InnerTextAsync());

        // Evidence, attached in place: linked to the action and the finding's controls.
        var file = Path.Combine(ArtifactDirectory, $"leaver-feed-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "user,left,disabled\nalex,2026-02-27,2026-02-27\n", Encoding.UTF8);
        await page.Locator("#description").FillAsync("The first week of the leaver feed");
        await page.SetInputFilesAsync("#file", file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Attach" }).ClickAsync();
        Assert.Equal("The evidence is filed and linked.", await page.Locator("p.notice").InnerTextAsync());
        Assert.Contains(Path.GetFileName(file), await page.Locator("table").InnerTextAsync(), StringComparison.Ordinal);

        // The owner, without a role, opens what they attached from the same page.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = Path.GetFileName(file) }).ClickAsync());
        Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync((await download.PathAsync())!));

        // Implemented, with the keyboard alone: from the plan, Tab to the status, arrow to Implemented, Tab to Save, Enter.
        await page.Locator("#actionPlan").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("status-InProgress", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Save", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("done=implemented"));
        Assert.StartsWith("The action is marked implemented.", await page.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactDirectory, "action-page.png"), FullPage = true });
        // The one refusal above (409, the gate) is the only thing the browser may report.
        var unexpected = log.Problems.Where(p => !p.Contains("status of 409 (Conflict)", StringComparison.Ordinal)).ToList();
        Assert.True(unexpected.Count == 0, "Console messages on the action page:\n" + string.Join('\n', unexpected));

        var api = h.Api();
        var action = await ApiClient.JsonAsync(await api.GetAsync($"api/corrective-actions/{id}"), HttpStatusCode.OK);
        Assert.Equal("Implemented", (string?)action["status"]);
        Assert.Equal("HR does not tell IT when people leave.", (string?)action["rootCause"]);
        var evidence = Assert.Single(await api.ArrayAsync($"api/evidence?correctiveActionId={id}"))!;
        Assert.Equal(["A.5.18", "A.8.2"], evidence["controlIds"]!.AsArray().Select(c => (string)c!).Order());
        Assert.Equal(owner, (string?)evidence["latest"]!["uploadedBy"]);

        // Someone else without a role reads neither the record nor the file; the owner reads both over the API too.
        var evidenceId = (string)evidence["id"]!;
        var stranger = api.As("sam.stranger@contoso.example");
        await ApiClient.AssertProblemAsync(await stranger.GetAsync($"api/evidence/{evidenceId}"), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await stranger.GetAsync($"api/evidence/{evidenceId}/content"), HttpStatusCode.Forbidden);
        var asOwner = api.As(owner);
        Assert.Equal(evidenceId, (string?)(await ApiClient.JsonAsync(await asOwner.GetAsync($"api/evidence/{evidenceId}"), HttpStatusCode.OK))["id"]);
        using var content = await asOwner.GetAsync($"api/evidence/{evidenceId}/content");
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex LinkIn();
}
