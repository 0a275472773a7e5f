using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Isms.Core.Controls;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Evidence;
using Isms.LocalHost;
using Microsoft.Playwright;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Pages;

/// <summary>
/// Home (<c>/</c>) and My work (<c>/my</c>) over one known state of the registers, read in Chromium: the home page's
/// figures are the registers' (readiness as the sealed snapshot judged it, freshness as the API reports it, the
/// owners and actions by name), and a person without a role sees only what is theirs. The old addresses over HTTP.
/// </summary>
[Collection(PageJourneyGroup.Name)]
public sealed class HomeAndMyPagesTests(AzuriteFixture azurite, BrowserFixture browser) : IAsyncLifetime
{
    private const string Dana = "dana.owner@contoso.example";
    private const string Sam = "sam.it@contoso.example";
    private LocalFunctionsHost _host = null!;
    private Seeded _seeded = null!;

    public static string ArtifactDirectory => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    private ApiClient Api => ApiClient.AdminOf(_host.Client());

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _host = await TestHost.StartAsync(azurite.ConnectionString);
        _seeded = await SeedAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Home_shows_readiness_nonconformities_overdue_owners_freshness_audits_and_the_last_snapshot_of_the_registers()
    {
        await using var manager = await ContextAsync(ApiClient.Admin, Roles.Admin);
        var home = await manager.NewPageAsync();
        await OpenAsync(home, "/");
        var main = await home.Locator("main").InnerTextAsync();

        // The next external audit, its days left and its page.
        Assert.Equal("30 days left", await home.Locator("#next-audit + p").InnerTextAsync());
        Assert.Equal(1, await home.Locator($"section[aria-labelledby='next-audit'] a[href='/audits/{_seeded.Surveillance}']").CountAsync());

        // Blockers first, the open major before any missing document, and the same list the sealed snapshot judged.
        var blockers = await home.Locator("section[aria-labelledby='next-audit'] ul li").AllInnerTextsAsync();
        var manifest = await ApiClient.JsonAsync(await Api.GetAsync($"api/snapshots/{_seeded.Snapshot}"), HttpStatusCode.OK);
        var sealedBlockers = manifest["readiness"]!["blockers"]!.AsArray().Select(b => (string)b!["detail"]!).ToList();
        Assert.Equal(sealedBlockers, blockers);
        Assert.StartsWith($"Open major nonconformity {_seeded.Major} (audit {_seeded.Internal}): Leavers keep access for weeks.", blockers[0], StringComparison.Ordinal);
        Assert.DoesNotContain(blockers, b => b.StartsWith("5.2 ", StringComparison.Ordinal));
        Assert.Contains(blockers, b => b.StartsWith("4.3 Scope of the ISMS", StringComparison.Ordinal));
        Assert.Contains($"{blockers.Count} blockers stand in the way of certification", main, StringComparison.Ordinal);

        // Open nonconformities and the actions behind them, by owner, the longest overdue first, each linked.
        Assert.Contains("1 major, 1 minor", main, StringComparison.Ordinal);
        Assert.Contains("2 overdue of 3 open, held by 2 owners.", main, StringComparison.Ordinal);
        var owners = await home.Locator("section[aria-labelledby='overdue-owners'] tbody tr").AllInnerTextsAsync();
        Assert.Equal(2, owners.Count);
        Assert.Matches(new Regex($@"^{Regex.Escape(Dana)}\s+1\s+4\s+{_seeded.DanaLate}\s*$"), owners[0]);
        Assert.Matches(new Regex($@"^{Regex.Escape(Sam)}\s+1\s+2\s+{_seeded.SamLate}\s*$"), owners[1]);
        Assert.Equal(1, await home.Locator($"a[href='/actions/{_seeded.DanaLate}']").CountAsync());
        Assert.Equal(0, await home.Locator($"a[href='/actions/{_seeded.DanaOnTime}']").CountAsync());
        Assert.Equal(2, await home.Locator("svg[role='img'] title#overdue-chart-title ~ g").CountAsync());

        // Freshness by theme: the API's per-control states, counted per theme, are the page's rows.
        var freshness = await Api.ArrayAsync("api/evidence-freshness");
        var expected = freshness
            .GroupBy(c => ControlCatalogue.TryGet((string)c!["controlId"]!, out var control) ? control.Theme : ControlTheme.Clause)
            .OrderBy(g => g.Key)
            .Select(g => string.Join(' ', new[] { g.Key.ToString() }.Concat(new[] { "Fresh", "DueSoon", "Stale", "Missing" }.Select(s => g.Count(c => (string)c!["state"]! == s).ToString(System.Globalization.CultureInfo.InvariantCulture)))))
            .ToList();
        var rows = (await home.Locator("section[aria-labelledby='freshness'] tbody tr").AllInnerTextsAsync()).Select(r => Regex.Replace(r.Trim(), @"\s+", " ")).ToList();
        Assert.Equal(expected, rows);
        Assert.Contains(rows, r => r.StartsWith("Organizational 1 ", StringComparison.Ordinal));
        Assert.Equal(1, await home.Locator("section[aria-labelledby='freshness'] a[href='/controls']").CountAsync());

        // The audits ahead (the internal one is over) and the last sealed snapshot.
        var ahead = await home.Locator("section[aria-labelledby='next-audits'] tbody tr").AllInnerTextsAsync();
        Assert.Single(ahead);
        Assert.Contains("Surveillance audit of the cloud platform", ahead[0], StringComparison.Ordinal);
        Assert.Equal(_seeded.Snapshot, await home.Locator($"section[aria-labelledby='last-snapshot'] a[href='/snapshots/{_seeded.Snapshot}']").InnerTextAsync());

        await AccessibilityCheck.AssertNoSeriousViolationsAsync(home);
        await home.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactDirectory, "home.png"), FullPage = true });

        // The owner's link opens the action's page.
        await home.Locator($"a[href='/actions/{_seeded.DanaLate}']").ClickAsync();
        Assert.Equal($"/actions/{_seeded.DanaLate}", new Uri(home.Url).AbsolutePath);
    }

    [Fact]
    public async Task My_work_for_a_person_without_a_role_lists_only_their_actions_controls_and_audits()
    {
        await using var dana = await ContextAsync(Dana);
        var page = await dana.NewPageAsync();

        // The home page is the organisation's: a person without a role is sent to their own work.
        var opened = await page.GotoAsync(new Uri(_host.BaseAddress, "/").ToString());
        Assert.Equal(200, opened!.Status);
        Assert.Equal("/my", new Uri(page.Url).AbsolutePath);

        // Her two actions, the overdue one first; not Sam's.
        var actions = await page.Locator("section[aria-labelledby='my-actions'] tbody tr").AllInnerTextsAsync();
        Assert.Equal(2, actions.Count);
        Assert.StartsWith(_seeded.DanaLate, actions[0], StringComparison.Ordinal);
        Assert.Contains("overdue by 4 days", actions[0], StringComparison.Ordinal);
        Assert.StartsWith(_seeded.DanaOnTime, actions[1], StringComparison.Ordinal);
        Assert.DoesNotContain("overdue", actions[1], StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator($"a[href='/actions/{_seeded.SamLate}']").CountAsync());

        // The control she owns with no evidence, not the one Sam owns, nor the fresh one.
        var controls = await page.Locator("section[aria-labelledby='my-controls'] tbody tr").AllInnerTextsAsync();
        var control = Assert.Single(controls);
        Assert.StartsWith("A.5.18", control, StringComparison.Ordinal);
        Assert.Contains("missing", control, StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("a[href='/controls/A.5.18']").CountAsync());
        Assert.Equal(0, await page.Locator("a[href='/controls/A.8.8']").CountAsync());

        // The audit she takes part in, not the one she has no place on; no upload link without the contributor role.
        var audits = await page.Locator("section[aria-labelledby='my-audits'] li").AllInnerTextsAsync();
        Assert.StartsWith("Internal audit: Internal audit of access control", Assert.Single(audits), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator($"a[href='/audits/{_seeded.Surveillance}']").CountAsync());
        Assert.Equal(0, await page.Locator("a[href='/upload']").CountAsync());

        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactDirectory, "my-work.png"), FullPage = true });

        // Her action's link opens its page, which she may read as its owner.
        await page.Locator($"a[href='/actions/{_seeded.DanaLate}']").ClickAsync();
        Assert.Equal($"/actions/{_seeded.DanaLate}", new Uri(page.Url).AbsolutePath);
        Assert.Contains(_seeded.DanaLate, await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_HTTP_the_root_sends_a_person_without_a_role_to_my_work_and_the_old_addresses_move_permanently()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };

        using (var home = await GetAsync(http, "/", Dana))
        {
            Assert.Equal(HttpStatusCode.SeeOther, home.StatusCode);
            Assert.Equal("/my", home.Headers.Location?.OriginalString);
        }

        using (var home = await GetAsync(http, "/", "reader@contoso.example", Roles.Reader))
        {
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            ApiClient.AssertLockedDownPage(home);
        }

        using (var mine = await GetAsync(http, "/my", Dana))
        {
            Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        }

        // Only the root is routed by the optional empty parameter: anything after it is not the home page.
        using (var beyond = await GetAsync(http, "/x", "reader@contoso.example", Roles.Reader))
        {
            Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
        }

        await AssertMovedAsync(http, $"/api/corrective-actions/{_seeded.DanaLate}?format=html", $"/actions/{_seeded.DanaLate}");
        await AssertMovedAsync(http, $"/api/corrective-actions?ownerUpn={Uri.EscapeDataString(Dana)}&format=html", "/my");
        await AssertMovedAsync(http, $"/api/audits/{_seeded.Internal}?format=html", $"/audits/{_seeded.Internal}");
        await AssertMovedAsync(http, "/api/soa?format=html", "/controls");
        await AssertMovedAsync(http, "/api/upload", "/upload");

        // The SoA's exports stay where they were.
        using (var csv = await GetAsync(http, "/api/soa?format=csv", "reader@contoso.example", Roles.Reader))
        {
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
            Assert.Contains("A.5.18", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var json = await GetAsync(http, "/api/soa?format=json", "reader@contoso.example", Roles.Reader))
        {
            Assert.Equal(HttpStatusCode.OK, json.StatusCode);
            Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        }
    }

    /// <summary>
    /// The state every test reads: an internal audit that is over (Dana on its team) with an open major and an open
    /// minor, a surveillance audit in 30 days, Dana's action 4 days overdue and another due in 10 days, Sam's action
    /// 2 days overdue, A.5.18 owned by Dana and A.8.8 by Sam (no evidence), A.5.15 and clause 5.2 evidenced, and a
    /// snapshot sealed over all of it.
    /// </summary>
    private async Task<Seeded> SeedAsync()
    {
        var api = Api;
        var created = await ApiClient.JsonAsync(await api.PostAsync("api/audits", Audit(startInDays: -20, lengthDays: 2)), HttpStatusCode.Created);
        var internalId = (string)created["id"]!;
        await ApiClient.JsonAsync(await api.PatchAsync($"api/audits/{internalId}", new { auditors = new[] { Dana } }, (string)created["etag"]!), HttpStatusCode.OK);
        var surveillance = await ApiClient.JsonAsync(
            await api.PostAsync("api/audits", new
            {
                type = "Surveillance",
                title = "Surveillance audit of the cloud platform",
                plannedStart = Date(30),
                plannedEnd = Date(32),
                leadAuditorUpn = "external.lead@certifier.example",
                scope = new[] { "A.8.8" },
            }),
            HttpStatusCode.Created);

        var major = await ApiClient.JsonAsync(await api.PostAsync($"api/audits/{internalId}/findings", Finding(description: "Leavers keep access for weeks.")), HttpStatusCode.Created);
        var minor = await ApiClient.JsonAsync(await api.PostAsync($"api/audits/{internalId}/findings", Finding("MinorNonconformity", ["A.5.15"], "Access reviews are on paper.")), HttpStatusCode.Created);
        var danaLate = await ActionAsync((string)major["id"]!, Dana, overdueDays: 4);
        var danaOnTime = (string)(await ApiClient.JsonAsync(await api.PostAsync($"api/findings/{minor["id"]}/corrective-actions", Registers.RegisterData.Action(Dana, dueDate: Date(10))), HttpStatusCode.Created))["id"]!;
        var samLate = await ActionAsync((string)minor["id"]!, Sam, overdueDays: 2);

        await ApiClient.JsonAsync(await api.PutAsync("api/controls/A.5.18", new { applicable = true, implementationStatus = "Partial", ownerUpn = Dana }, "*"), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await api.PutAsync("api/controls/A.8.8", new { applicable = true, implementationStatus = "Partial", ownerUpn = Sam }, "*"), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await api.PutAsync("api/controls/A.5.15", new { applicable = true, implementationStatus = "Implemented", ownerUpn = Dana }, "*"), HttpStatusCode.OK);
        foreach (var (control, name) in new[] { ("A.5.15", "access-review.pdf"), ("5.2", "policy.pdf") })
        {
            using var upload = await EvidenceFiles.PostAsync(_host.Client(), "api/evidence", EvidenceFiles.Form(EvidenceFiles.Pdf(), name, fields: [("controlIds", control), ("effectiveDate", Date(-10))]));
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        var snapshot = await ApiClient.JsonAsync(await api.PostAsync("api/snapshots", new { }), HttpStatusCode.Created);
        return new Seeded(internalId, (string)surveillance["id"]!, (string)major["id"]!, danaLate, danaOnTime, samLate, (string)snapshot["id"]!);
    }

    /// <summary>An action whose due date has passed, as time would make it (the API refuses a past due date).</summary>
    private async Task<string> ActionAsync(string findingId, string owner, int overdueDays)
    {
        var action = await ApiClient.JsonAsync(await Api.PostAsync($"api/findings/{findingId}/corrective-actions", Registers.RegisterData.Action(owner)), HttpStatusCode.Created);
        var register = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Isms.Functions.Registers.CorrectiveActionRegister>(_host.Services);
        var stored = await register.GetAsync((string)action["id"]!, CancellationToken.None);
        await register.ReplaceAsync(stored!, stored!.Value with { DueDate = Today.AddDays(-overdueDays) }, Caller.ForDevelopment("seed@contoso.example", new HashSet<string> { Roles.Admin }), CancellationToken.None);
        return stored.Value.Id;
    }

    private static async Task AssertMovedAsync(HttpClient http, string oldAddress, string page)
    {
        using var moved = await GetAsync(http, oldAddress, Dana);
        Assert.True(moved.StatusCode == HttpStatusCode.MovedPermanently, $"{oldAddress}: {(int)moved.StatusCode} {await moved.Content.ReadAsStringAsync()}");
        Assert.Equal(page, moved.Headers.Location?.OriginalString);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string upn, params string[] roles)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(CallerReader.HeaderName, CallerReader.Encode(upn, roles));
        return await http.SendAsync(request);
    }

    private async Task<IBrowserContext> ContextAsync(string upn, string? role = null) =>
        await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1100, Height = 1400 },
            ExtraHTTPHeaders = new Dictionary<string, string> { [CallerReader.HeaderName] = role is null ? CallerReader.Encode(upn) : CallerReader.Encode(upn, role) },
        });

    private async Task OpenAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(new Uri(_host.BaseAddress, path).ToString());
        Assert.True(response!.Status == 200, $"{path} answered {response.Status}: {await page.Locator("main").InnerTextAsync()}");
    }

    private sealed record Seeded(string Internal, string Surveillance, string Major, string DanaLate, string DanaOnTime, string SamLate, string Snapshot);
}
