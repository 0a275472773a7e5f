using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Isms.Functions.Pages;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Evidence;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Pages;

/// <summary>
/// The ISMS manager's pages beyond the main journey (<see cref="ManagerJourneyTests"/>): a form opened on a record
/// someone changed meanwhile, refusals beside their fields, the evidence and its freshness on a control's page, the
/// SoA's filters without script, a snapshot that no longer verifies, and who reads what: a Reader reads but changes
/// nothing, a person without a role reads only the controls they own.
/// </summary>
[Collection(PageJourneyGroup.Name)]
public sealed class ManagerPagesTests(AzuriteFixture azurite, BrowserFixture browser) : IAsyncLifetime
{
    private const string Manager = ApiClient.Admin;
    private const string Reader = "reader@contoso.example";
    private const string Owner = "dana.owner@contoso.example";
    private LocalFunctionsHost _host = null!;

    private ApiClient Api => ApiClient.AdminOf(_host.Client());

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _host = await TestHost.StartAsync(azurite.ConnectionString);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_SoA_entry_changed_since_the_form_was_opened_is_not_overwritten_and_the_page_says_so_in_words()
    {
        await using var context = await ContextAsync(Manager, Roles.Admin);
        var page = await context.NewPageAsync();
        await OpenAsync(page, "controls/A.5.9");
        await page.Locator("#implementationStatus").SelectOptionAsync("Implemented");
        await page.Locator("#ownerUpn").FillAsync(Owner);

        // Someone else saves the entry while the form is open.
        await ApiClient.JsonAsync(await Api.PutAsync("api/controls/A.5.9", new { applicable = true, implementationStatus = "Partial", ownerUpn = "sam.it@contoso.example" }, "*"), HttpStatusCode.OK);

        var response = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, response.Status);
        var conflict = await page.Locator(".conflict").InnerTextAsync();
        Assert.Contains("The SoA entry of A.5.9 changed since you opened it", conflict, StringComparison.Ordinal);
        Assert.Matches(new Regex($@"Owner\s+{Regex.Escape(Owner)}"), conflict);
        Assert.Equal("sam.it@contoso.example", await page.Locator("#ownerUpn").InputValueAsync());
        Assert.Equal("Partial", await page.Locator("#implementationStatus").InputValueAsync());
        Assert.Contains("sam.it@contoso.example", await page.Locator("main > dl.record").InnerTextAsync(), StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);

        // The form now carries the current version: saving again is the person's decision, and it is kept.
        await page.Locator("#ownerUpn").FillAsync(Owner);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        Assert.Equal("Your changes are saved.", await page.Locator("p.notice").InnerTextAsync());
        var control = await ApiClient.JsonAsync(await Api.GetAsync("api/controls/A.5.9"), HttpStatusCode.OK);
        Assert.Equal(Owner, (string?)control["ownerUpn"]);
        Assert.Equal("Partial", (string?)control["implementationStatus"]);
    }

    [Fact]
    public async Task Excluding_a_control_without_a_reason_is_refused_beside_the_justification_and_nothing_is_saved()
    {
        await using var context = await ContextAsync(Manager, Roles.Admin);
        var page = await context.NewPageAsync();
        await OpenAsync(page, "controls/A.7.4");
        await page.Locator("#applicable").SelectOptionAsync("false");
        await page.Locator("#justification").FillAsync(string.Empty);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        Assert.NotEmpty(await page.Locator("#justification-error").InnerTextAsync());
        Assert.Contains("justification-error", await page.Locator("#justification").GetAttributeAsync("aria-describedby") ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("false", await page.Locator("#applicable").InputValueAsync());
        Assert.Equal(0, await page.Locator("#ownerUpn-error").CountAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);
        var control = await ApiClient.JsonAsync(await Api.GetAsync("api/controls/A.7.4"), HttpStatusCode.OK);
        Assert.True((bool)control["applicable"]!);
    }

    [Fact]
    public async Task The_certification_record_refuses_a_bad_expiry_beside_it_and_a_record_saved_meanwhile_is_not_overwritten()
    {
        await using var context = await ContextAsync(Manager, Roles.Admin);
        var first = await context.NewPageAsync();
        var second = await context.NewPageAsync();
        await OpenAsync(first, "certification");
        await OpenAsync(second, "certification");
        Assert.Contains("No certification is recorded yet", await first.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // An expiry before the decision: the service's validator answers beside the field.
        await FillCertificationAsync(first, "BSI", Date(-100), Date(-101));
        await first.GetByRole(AriaRole.Button, new() { Name = "Save and plan the audits" }).ClickAsync();
        Assert.Contains("must be after", await first.Locator("#expiryDate-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("BSI", await first.Locator("#certificationBody").InputValueAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(first);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("api/certification")).StatusCode);

        // The second tab records the certification; the first, opened before any record, is told instead of overwriting it.
        await FillCertificationAsync(second, "LRQA", Date(-100), Today.AddDays(-100).AddYears(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await second.GetByRole(AriaRole.Button, new() { Name = "Save and plan the audits" }).ClickAsync();
        Assert.StartsWith("The certification record is saved", await second.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);

        await FillCertificationAsync(first, "BSI", Date(-100), Today.AddDays(-100).AddYears(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var response = await first.RunAndWaitForResponseAsync(() => first.GetByRole(AriaRole.Button, new() { Name = "Save and plan the audits" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, response.Status);
        var conflict = await first.Locator(".conflict").InnerTextAsync();
        Assert.Contains("The certification record changed since you opened it", conflict, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"Certification body\s+BSI"), conflict);
        Assert.Equal("LRQA", await first.Locator("#certificationBody").InputValueAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(first);
        var record = await ApiClient.JsonAsync(await Api.GetAsync("api/certification"), HttpStatusCode.OK);
        Assert.Equal("LRQA", (string?)record["certificationBody"]);
    }

    [Fact]
    public async Task A_control_s_page_lists_its_evidence_for_download_and_says_how_current_it_is()
    {
        var bytes = EvidenceFiles.Pdf();
        using (var upload = await EvidenceFiles.PostAsync(_host.Client(), "api/evidence", EvidenceFiles.Form(bytes, "access-review-q3.pdf", fields: [("controlIds", "A.5.15"), ("effectiveDate", Date(-10)), ("description", "Quarterly access review")])))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        await ApiClient.JsonAsync(await Api.PutAsync("api/controls/A.7.4", new { applicable = false, justification = "No premises: the staff work remotely.", implementationStatus = "NotStarted" }, "*"), HttpStatusCode.OK);

        await using var context = await ContextAsync(Manager, Roles.Admin, acceptDownloads: true);
        var page = await context.NewPageAsync();
        await OpenAsync(page, "controls/A.5.15");
        Assert.StartsWith("Fresh: the latest evidence, effective " + Date(-10), await page.Locator("#freshness").InnerTextAsync(), StringComparison.Ordinal);
        var row = await page.Locator("tr", new() { HasText = "access-review-q3.pdf" }).InnerTextAsync();
        Assert.Contains("Quarterly access review", row, StringComparison.Ordinal);
        Assert.Contains(Date(-10), row, StringComparison.Ordinal);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "access-review-q3.pdf" }).ClickAsync());
        Assert.Equal("access-review-q3.pdf", download.SuggestedFilename);
        Assert.Equal(bytes, await File.ReadAllBytesAsync((await download.PathAsync())!));
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);

        await OpenAsync(page, "controls/A.5.16");
        Assert.StartsWith("Missing", await page.Locator("#freshness").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("No evidence is linked to A.5.16.", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        await OpenAsync(page, "controls/A.7.4");
        Assert.Contains("not applicable", await page.Locator("#freshness").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_SoA_filters_by_theme_and_applicability_without_script()
    {
        await ApiClient.JsonAsync(await Api.PutAsync("api/controls/A.6.7", new { applicable = false, justification = "Nobody works remotely.", implementationStatus = "NotStarted" }, "*"), HttpStatusCode.OK);

        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            ExtraHTTPHeaders = new Dictionary<string, string> { [CallerReader.HeaderName] = CallerReader.Encode(Reader, Roles.Reader) },
        });
        var page = await context.NewPageAsync();
        await OpenAsync(page, "controls");
        await AssertWholeStatementAsync(page);

        await page.Locator("#theme").SelectOptionAsync("People");
        await page.Locator("#applicable").SelectOptionAsync("false");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var url = new Uri(page.Url);
        Assert.Equal("/controls", url.AbsolutePath);
        Assert.Contains("theme=People", url.Query, StringComparison.Ordinal);
        Assert.Contains("applicable=false", url.Query, StringComparison.Ordinal);
        var rows = await page.Locator("tbody tr th").AllInnerTextsAsync();
        Assert.Equal("A.6.7", Assert.Single(rows).Split(' ')[0]);
        Assert.Equal(["People controls"], await page.Locator("main h2:not(#filter-heading)").AllInnerTextsAsync());
        Assert.Equal("People", await page.Locator("#theme").InputValueAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Show all" }).ClickAsync();
        await AssertWholeStatementAsync(page);
    }

    /// <summary>Clauses 4 to 10, then the 93 Annex A controls under their four themes.</summary>
    private static async Task AssertWholeStatementAsync(IPage page)
    {
        Assert.Equal(
            ["Clauses 4 to 10", "Organizational controls", "People controls", "Physical controls", "Technological controls"],
            await page.Locator("main h2:not(#filter-heading)").AllInnerTextsAsync());
        var rows = await page.Locator("tbody tr th").AllInnerTextsAsync();
        Assert.Equal(93, rows.Count(r => r.StartsWith("A.", StringComparison.Ordinal)));
        Assert.Contains(rows, r => r.StartsWith("4.1 ", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("10.2 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reader_reads_the_SoA_certification_and_snapshot_reports_but_no_form_and_a_reader_s_posts_change_nothing()
    {
        var snapshot = await ApiClient.JsonAsync(await Api.PostAsync("api/snapshots", new { }), HttpStatusCode.Created);
        var id = (string)snapshot["id"]!;

        await using var context = await ContextAsync(Reader, Roles.Reader);
        var page = await context.NewPageAsync();
        await OpenAsync(page, "controls");
        await OpenAsync(page, "certification");
        Assert.Equal(0, await page.Locator("form[method='post']").CountAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);

        await OpenAsync(page, "snapshots");
        Assert.Equal(0, await page.Locator("form[method='post']").CountAsync());
        Assert.EndsWith($"/api/snapshots/{id}/report", await page.GetByRole(AriaRole.Link, new() { Name = id }).GetAttributeAsync("href") ?? string.Empty, StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = id }).ClickAsync();
        Assert.Contains(id, await page.ContentAsync(), StringComparison.Ordinal);

        var refused = await page.GotoAsync(new Uri(_host.BaseAddress, $"/snapshots/{id}").ToString());
        Assert.Equal(403, refused!.Status);
        Assert.Equal("Not for your role", await page.Locator("h1").InnerTextAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);

        // The admin's and auditor's forms, sent by a reader with the reader's own valid token: refused, nothing changed.
        using (var post = await PostAsReaderAsync("/certification", new() { ["certificationBody"] = "BSI", ["certificationDecisionDate"] = Date(-10), ["expiryDate"] = Date(300), ["scope"] = "All of it." }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
            Assert.Contains("Nothing was changed", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var post = await PostAsReaderAsync("/snapshots", []))
        {
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
            Assert.Contains("Nothing was changed", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("api/certification")).StatusCode);
        Assert.Single(await Api.ArrayAsync("api/snapshots"));
    }

    [Fact]
    public async Task A_person_without_a_role_reads_only_the_controls_they_own()
    {
        await ApiClient.JsonAsync(await Api.PutAsync("api/controls/A.5.18", new { applicable = true, implementationStatus = "Partial", ownerUpn = Owner }, "*"), HttpStatusCode.OK);
        var leavers = EvidenceFiles.Pdf();
        using (var upload = await EvidenceFiles.PostAsync(_host.Client(), "api/evidence", EvidenceFiles.Form(leavers, "leavers.pdf", fields: [("controlIds", "A.5.18"), ("effectiveDate", Date(-400))])))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        await using var context = await ContextAsync(Owner, acceptDownloads: true);
        var page = await context.NewPageAsync();
        await OpenAsync(page, "controls/A.5.18");
        Assert.StartsWith("Stale for", await page.Locator("#freshness").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("leavers.pdf", await page.Locator("main table").InnerTextAsync(), StringComparison.Ordinal);
        // The control's owner opens the evidence filed for it, without a role.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "leavers.pdf" }).ClickAsync());
        Assert.Equal(leavers, await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.Equal(0, await page.Locator("form[method='post']").CountAsync());
        Assert.Equal(0, await page.Locator("nav a[href$='/controls']").CountAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);

        foreach (var path in new[] { "controls", "controls/A.5.1", "certification", "snapshots" })
        {
            var response = await page.GotoAsync(new Uri(_host.BaseAddress, "/" + path).ToString());
            Assert.True(response!.Status == 403, $"/{path} answered {response.Status} to a person without a role.");
            Assert.Equal("Not for your role", await page.Locator("h1").InnerTextAsync());
        }
    }

    [Fact]
    public async Task A_snapshot_whose_chain_is_broken_says_so_and_names_the_first_break()
    {
        await ApiClient.JsonAsync(await Api.PostAsync("api/snapshots", new { }), HttpStatusCode.Created);
        await using var context = await ContextAsync("lead.auditor@contoso.example", Roles.Auditor);
        var page = await context.NewPageAsync();

        // An auditor seals the second one from the page.
        await OpenAsync(page, "snapshots");
        await page.GetByRole(AriaRole.Button, new() { Name = "Seal a snapshot" }).ClickAsync();
        Assert.Equal("/snapshots/SNAP-000002", new Uri(page.Url).AbsolutePath);
        Assert.Contains("a chain of 2 snapshots", await page.Locator("#verification + p").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Annex A implemented", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // Someone edits the first manifest in storage.
        using (var original = await Api.GetAsync("api/snapshots/SNAP-000001"))
        {
            var text = await original.Content.ReadAsStringAsync();
            var edited = text.Replace("\"openCorrectiveActions\":0", "\"openCorrectiveActions\":3", StringComparison.Ordinal);
            Assert.NotEqual(text, edited);
            await Snapshots.SnapshotSeeding.TamperAsync(_host, "snapshots", "SNAP-000001/manifest.json", Encoding.UTF8.GetBytes(edited));
        }

        await OpenAsync(page, "snapshots/SNAP-000002");
        var verdict = await page.Locator("#verification + p").InnerTextAsync();
        Assert.StartsWith("Does not verify", verdict, StringComparison.Ordinal);
        Assert.Contains("The first break: chain SNAP-000002 → SNAP-000001", verdict, StringComparison.Ordinal);
        Assert.Contains("SNAP-000001 has been altered", verdict, StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);
    }

    private static async Task FillCertificationAsync(IPage page, string body, string decision, string expiry)
    {
        await page.Locator("#certificationBody").FillAsync(body);
        await page.Locator("#certificationDecisionDate").FillAsync(decision);
        await page.Locator("#expiryDate").FillAsync(expiry);
        await page.Locator("#scope").FillAsync("The SaaS platform and its support.");
    }

    /// <summary>A form posted by a Reader with a token valid for them (issued by the app, as a page of theirs would carry it).</summary>
    private async Task<HttpResponseMessage> PostAsReaderAsync(string path, Dictionary<string, string> fields)
    {
        var token = _host.Services.GetRequiredService<FormTokens>().Issue(Caller.ForDevelopment(Reader, new HashSet<string> { Roles.Reader }));
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };
        using var post = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { [FormTokens.FieldName] = token }) };
        post.Headers.Add(CallerReader.HeaderName, CallerReader.Encode(Reader, Roles.Reader));
        return await http.SendAsync(post);
    }

    private async Task<IBrowserContext> ContextAsync(string upn, string? role = null, bool acceptDownloads = false) =>
        await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1100, Height = 1400 },
            AcceptDownloads = acceptDownloads,
            ExtraHTTPHeaders = new Dictionary<string, string> { [CallerReader.HeaderName] = role is null ? CallerReader.Encode(upn) : CallerReader.Encode(upn, role) },
        });

    private async Task OpenAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(new Uri(_host.BaseAddress, "/" + path).ToString());
        Assert.True(response!.Status == 200, $"/{path} answered {response.Status}: {await page.Locator("main").InnerTextAsync()}");
    }
}
