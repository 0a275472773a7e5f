using System.Net;
using System.Text.RegularExpressions;
using Isms.Functions.Platform;
using Isms.LocalHost;
using Microsoft.Playwright;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Pages;

/// <summary>
/// The ISMS manager's journey in Chromium (the SoA editor, the certification record, sealing a snapshot and opening
/// its report and verification), home and My work with the figures of a known state, what a Reader may not do, and
/// every page at 360 px wide and in print, with axe on each.
/// </summary>
[Collection(PageJourneyGroup.Name)]
public sealed class ManagerJourneyTests(AzuriteFixture azurite, BrowserFixture browser) : IAsyncLifetime
{
    private const string Manager = ApiClient.Admin;
    private const string Owner = "dana.owner@contoso.example";
    private LocalFunctionsHost _host = null!;

    public static string ArtifactDirectory => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    private ApiClient Api => ApiClient.AdminOf(_host.Client());

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _host = await TestHost.StartAsync(azurite.ConnectionString);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_manager_edits_the_SoA_records_the_certification_seals_a_snapshot_and_opens_its_report_and_verification()
    {
        await using var context = await ContextAsync(Manager, Roles.Admin);
        var page = await context.NewPageAsync();
        var log = PageLog.Of(page);

        // The SoA editor: a bad owner is refused beside its field, a good edit shows on the SoA.
        await OpenAsync(page, "controls/A.8.8");
        await page.Locator("#implementationStatus").SelectOptionAsync("Implemented");
        await page.Locator("#ownerUpn").FillAsync("not an address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        Assert.NotEmpty(await page.Locator("#ownerUpn-error").InnerTextAsync());
        Assert.Equal("not an address", await page.Locator("#ownerUpn").InputValueAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);
        await page.Locator("#ownerUpn").FillAsync(Owner);
        await page.Locator("#riskRating").SelectOptionAsync("High");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        Assert.Equal("Your changes are saved.", await page.Locator("p.notice").InnerTextAsync());
        await OpenAsync(page, "controls?theme=Technological");
        var row = await page.Locator("tr", new() { HasText = "A.8.8" }).InnerTextAsync();
        Assert.Contains("Implemented", row, StringComparison.Ordinal);
        Assert.Contains(Owner, row, StringComparison.Ordinal);
        Assert.Contains("High", row, StringComparison.Ordinal);
        Assert.DoesNotContain("A.5.1 ", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactDirectory, "controls.png") });

        // The certification record plans the cycle's external audits.
        await OpenAsync(page, "certification");
        await page.Locator("#certificationBody").FillAsync("BSI");
        await page.Locator("#certificationDecisionDate").FillAsync(Date(-200));
        await page.Locator("#expiryDate").FillAsync(Today.AddDays(-200).AddYears(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#scope").FillAsync("The SaaS platform and its support, London office.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and plan the audits" }).ClickAsync();
        Assert.StartsWith("The certification record is saved", await page.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("dd a[href^='/audits/']").CountAsync() >= 2, "The saved record lists the external audits it planned.");
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);

        // Home now knows the next external audit.
        await OpenAsync(page, string.Empty);
        Assert.Matches(new Regex(@"\d+ days? left"), await page.Locator("#next-audit + p").InnerTextAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);

        // Seal a snapshot and open it: verified, with its report.
        await OpenAsync(page, "snapshots");
        await page.GetByRole(AriaRole.Button, new() { Name = "Seal a snapshot" }).ClickAsync();
        Assert.Equal("The snapshot is sealed.", await page.Locator("p.notice").InnerTextAsync());
        Assert.Matches(new Regex("/snapshots/SNAP-0+1$"), new Uri(page.Url).AbsolutePath);
        Assert.StartsWith("Verified", await page.Locator("#verification + p").InnerTextAsync(), StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactDirectory, "snapshot-page.png"), FullPage = true });
        await page.GetByRole(AriaRole.Link, new() { Name = "The report" }).ClickAsync();
        Assert.Contains("SNAP-000001", await page.ContentAsync(), StringComparison.Ordinal);

        var unexpected = log.Problems.Where(p => !p.Contains("status of 400", StringComparison.Ordinal)).ToList();
        Assert.True(unexpected.Count == 0, "Console messages:\n" + string.Join('\n', unexpected));
    }

    [Fact]
    public async Task Home_and_my_work_show_the_figures_of_the_registers_to_whom_they_belong()
    {
        var api = Api;
        var audit = await ApiClient.JsonAsync(await api.PostAsync("api/audits", Audit(startInDays: -20, lengthDays: 2)), HttpStatusCode.Created);
        var major = await ApiClient.JsonAsync(await api.PostAsync($"api/audits/{audit["id"]}/findings", Finding(description: "Leavers keep access for weeks.")), HttpStatusCode.Created);
        var minor = await ApiClient.JsonAsync(await api.PostAsync($"api/audits/{audit["id"]}/findings", Finding("MinorNonconformity", ["A.5.15"], "Access reviews are on paper.")), HttpStatusCode.Created);
        var late = await ApiClient.JsonAsync(await api.PostAsync($"api/findings/{major["id"]}/corrective-actions", Registers.RegisterData.Action(Owner)), HttpStatusCode.Created);
        await OverdueAsync((string)late["id"]!, days: 4);
        await ApiClient.JsonAsync(await api.PostAsync($"api/findings/{minor["id"]}/corrective-actions", Registers.RegisterData.Action("sam.it@contoso.example", dueDate: Date(10))), HttpStatusCode.Created);
        await ApiClient.JsonAsync(await api.PutAsync("api/controls/A.5.18", new { applicable = true, implementationStatus = "Partial", ownerUpn = Owner }, "*"), HttpStatusCode.OK);

        await using var manager = await ContextAsync(Manager, Roles.Admin);
        var home = await manager.NewPageAsync();
        await OpenAsync(home, string.Empty);
        var main = await home.Locator("main").InnerTextAsync();
        Assert.Contains("1 major, 1 minor", main, StringComparison.Ordinal);
        Assert.Contains("1 overdue of 2 open, held by 1 owner.", main, StringComparison.Ordinal);
        var ownerRow = await home.Locator("tr", new() { HasText = Owner }).InnerTextAsync();
        Assert.Matches(new Regex($@"{Regex.Escape(Owner)}\s+1\s+4\s+{late["id"]}"), ownerRow);
        Assert.Contains("Open major nonconformity", main, StringComparison.Ordinal);
        Assert.Equal(1, await home.Locator("svg[role='img'] title#overdue-chart-title").CountAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(home);
        await home.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactDirectory, "home.png"), FullPage = true });

        // Dana holds no role: the home page sends her to her own work, which lists only what is hers.
        await using var dana = await ContextAsync(Owner);
        var mine = await dana.NewPageAsync();
        await mine.GotoAsync(new Uri(_host.BaseAddress, "/").ToString());
        Assert.Equal("/my", new Uri(mine.Url).AbsolutePath);
        var work = await mine.Locator("main").InnerTextAsync();
        Assert.Contains((string)late["id"]!, work, StringComparison.Ordinal);
        Assert.Contains("overdue by 4 days", work, StringComparison.Ordinal);
        Assert.DoesNotContain("sam.it", work, StringComparison.Ordinal);
        Assert.Contains("A.5.18", work, StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(mine);
    }

    [Fact]
    public async Task A_reader_sees_no_edit_form_and_a_reader_s_post_changes_nothing()
    {
        await using var reader = await ContextAsync("reader@contoso.example", Roles.Reader);
        var page = await reader.NewPageAsync();
        await OpenAsync(page, "controls/A.5.1");
        Assert.Equal(0, await page.Locator("form[method='post']").CountAsync());

        // The admin's form, sent by a reader with the reader's own valid token: refused, nothing saved.
        await using var admin = await ContextAsync(Manager, Roles.Admin);
        var adminPage = await admin.NewPageAsync();
        await OpenAsync(adminPage, "controls/A.5.1");
        var etag = await adminPage.Locator("input[name='etag']").First.InputValueAsync();
        var token = await TokenForAsync("reader@contoso.example", Roles.Reader);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };
        using var post = new HttpRequestMessage(HttpMethod.Post, "/controls/A.5.1")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__antiforgery"] = token, ["etag"] = etag, ["applicable"] = "false", ["justification"] = "Excluded by a reader.",
                ["implementationStatus"] = "NotStarted", ["ownerUpn"] = string.Empty, ["reviewFrequency"] = "Annual", ["riskRating"] = "Low",
            }),
        };
        post.Headers.Add(CallerReader.HeaderName, CallerReader.Encode("reader@contoso.example", Roles.Reader));
        using var refused = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var control = await ApiClient.JsonAsync(await Api.GetAsync("api/controls/A.5.1"), HttpStatusCode.OK);
        Assert.NotEqual("Excluded by a reader.", (string?)control["justification"]);
    }

    [Fact]
    public async Task A_reader_cannot_plan_a_review_or_raise_a_finding_and_a_person_without_a_role_cannot_read_them()
    {
        var token = await TokenForAsync("reader@contoso.example", Roles.Reader);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };
        var reviewsBefore = (await Api.ArrayAsync("api/management-reviews?pageSize=1000")).Count;
        var findingsBefore = (await Api.ArrayAsync("api/findings?source=Incident&pageSize=1000")).Count;
        foreach (var (path, fields) in new (string, Dictionary<string, string>)[]
        {
            ("/management-reviews", new() { ["plannedDate"] = "2027-01-10", ["topManagement"] = "ceo@contoso.example" }),
            ("/improvement", new() { ["type"] = "MinorNonconformity", ["source"] = "Incident", ["reference"] = "INC-1", ["controlIds"] = "A.5.24", ["description"] = "d", ["ownerUpn"] = Owner, ["correction"] = "c" }),
        })
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__antiforgery"] = token }) };
            post.Headers.Add(CallerReader.HeaderName, CallerReader.Encode("reader@contoso.example", Roles.Reader));
            using var refused = await http.SendAsync(post);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("Nothing was changed.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var get = new HttpRequestMessage(HttpMethod.Get, path);
            get.Headers.Add(CallerReader.HeaderName, CallerReader.Encode("staff@contoso.example"));
            using var notForThem = await http.SendAsync(get);
            Assert.Equal(HttpStatusCode.Forbidden, notForThem.StatusCode);
        }

        Assert.Equal(reviewsBefore, (await Api.ArrayAsync("api/management-reviews?pageSize=1000")).Count);
        Assert.Equal(findingsBefore, (await Api.ArrayAsync("api/findings?source=Incident&pageSize=1000")).Count);
    }

    [Fact]
    public async Task Every_page_reads_at_360_pixels_prints_without_its_forms_and_passes_axe()
    {
        var api = Api;
        var audit = await ApiClient.JsonAsync(await api.PostAsync("api/audits", Audit()), HttpStatusCode.Created);
        var finding = await ApiClient.JsonAsync(await api.PostAsync($"api/audits/{audit["id"]}/findings", Finding()), HttpStatusCode.Created);
        var action = await ApiClient.JsonAsync(await api.PostAsync($"api/findings/{finding["id"]}/corrective-actions", Registers.RegisterData.Action(Owner)), HttpStatusCode.Created);
        var snapshot = await ApiClient.JsonAsync(await api.PostAsync("api/snapshots", new { }), HttpStatusCode.Created);
        var review = await ApiClient.JsonAsync(await api.PostAsync("api/management-reviews", new { plannedDate = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), attendees = new[] { new { upn = "ceo@contoso.example", topManagement = true } } }), HttpStatusCode.Created);
        await ApiClient.JsonAsync(await api.PatchAsync($"api/management-reviews/{review["id"]}", new { status = "Held" }), HttpStatusCode.OK);
        var risk = await ApiClient.JsonAsync(await api.PostAsync("api/risks", new { title = "Ransomware", asset = "File servers", threat = "Ransomware", vulnerability = "Flat network", ownerUpn = Manager, likelihood = 4, impact = 5, treatment = new { option = "Modify", residualLikelihood = 2, residualImpact = 4 } }), HttpStatusCode.Created);

        await using var context = await ContextAsync(Manager, Roles.Admin, width: 360);
        var page = await context.NewPageAsync();
        foreach (var path in new[] { string.Empty, "my", $"actions/{action["id"]}", $"audits/{audit["id"]}", "controls", "controls/A.5.1", "certification", "snapshots", $"snapshots/{snapshot["id"]}", "upload", "gap-analysis", "gap-analysis/6.1.2-1", "risks", $"risks/{risk["id"]}", "improvement", $"findings/{finding["id"]}", "management-reviews", $"management-reviews/{review["id"]}", $"management-reviews/{review["id"]}/pack" })
        {
            await OpenAsync(page, path);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"/{path} is {overflow} px wider than a 360 px screen.");
            await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            Assert.Equal(0, await page.Locator("form[method='post']:visible").CountAsync());
            await page.EmulateMediaAsync(new() { Media = Media.Screen });
        }
    }

    /// <summary>Moves an action's due date into the past, as time would (the API refuses a past due date).</summary>
    private async Task OverdueAsync(string id, int days)
    {
        var register = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Isms.Functions.Registers.CorrectiveActionRegister>(_host.Services);
        var stored = await register.GetAsync(id, CancellationToken.None);
        await register.ReplaceAsync(stored!, stored!.Value with { DueDate = Today.AddDays(-days) }, Caller.ForDevelopment("seed@contoso.example", new HashSet<string> { Roles.Admin }), CancellationToken.None);
    }

    private async Task<string> TokenForAsync(string upn, params string[] roles)
    {
        // A person's token is valid on any form: read it from the page of an action they own, which shows them forms.
        var audit = await ApiClient.JsonAsync(await Api.PostAsync("api/audits", Audit()), HttpStatusCode.Created);
        var finding = await ApiClient.JsonAsync(await Api.PostAsync($"api/audits/{audit["id"]}/findings", Finding()), HttpStatusCode.Created);
        var action = await ApiClient.JsonAsync(await Api.PostAsync($"api/findings/{finding["id"]}/corrective-actions", Registers.RegisterData.Action(upn)), HttpStatusCode.Created);
        using var http = new HttpClient { BaseAddress = _host.BaseAddress };
        using var get = new HttpRequestMessage(HttpMethod.Get, $"/actions/{action["id"]}");
        get.Headers.Add(CallerReader.HeaderName, CallerReader.Encode(upn, roles));
        using var page = await http.SendAsync(get);
        var token = Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"__antiforgery\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        return WebUtility.HtmlDecode(token);
    }

    private async Task<IBrowserContext> ContextAsync(string upn, string? role = null, int width = 1100) =>
        await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 1400 },
            ExtraHTTPHeaders = new Dictionary<string, string> { [CallerReader.HeaderName] = role is null ? CallerReader.Encode(upn) : CallerReader.Encode(upn, role) },
        });

    private async Task OpenAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(new Uri(_host.BaseAddress, "/" + path).ToString());
        Assert.True(response!.Status == 200, $"/{path} answered {response.Status}: {await page.Locator("main").InnerTextAsync()}");
    }
}
