using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Isms.Functions.Pages;
using Isms.Functions.Platform;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Pages;

/// <summary>
/// The auditor's journey through the audit page in Chromium: a finding raised with its first action, the action's
/// owner (no ISMS role) implementing it on the action page, and the auditor reviewing it effective from the audit page,
/// by keyboard alone. Then what the page says when a form is refused: beside the field, when the audit changed
/// meanwhile, when an auditor would audit their own area; and who may see and change what.
/// </summary>
[Collection(PageJourneyGroup.Name)]
public sealed class AuditPageTests(AzuriteFixture azurite, BrowserFixture browser)
{
    private const string Lead = "lead.auditor@contoso.example";
    private const string Owner = "dana.owner@contoso.example";

    public static string ArtifactDirectory => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    [Fact]
    public async Task An_auditor_raises_a_finding_with_its_action_the_owner_implements_it_and_the_auditor_reviews_it_effective()
    {
        await using var host = await StartAsync();
        var api = ApiClient.AdminOf(host.Client());
        var auditId = await AuditAsync(api);

        // The lead auditor opens the audit and raises a major nonconformity with its first action.
        await using var auditorContext = await ContextAsync(Lead, Roles.Auditor);
        var auditor = await auditorContext.NewPageAsync();
        var log = PageLog.Of(auditor);
        var opened = await auditor.GotoAsync(new Uri(host.BaseAddress, $"audits/{auditId}").ToString());
        Assert.Equal(200, opened!.Status);
        Assert.Equal("Internal audit of access control", await auditor.Locator("h1").InnerTextAsync());
        Assert.Contains("No finding is raised in this audit yet.", await auditor.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("/controls/A.5.18", await auditor.Locator("table a", new() { HasText = "A.5.18" }).GetAttributeAsync("href"));
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(auditor);

        await auditor.Locator("#type-MajorNonconformity").CheckAsync();
        await auditor.Locator("#control-A-5-18").CheckAsync();
        await auditor.Locator("#otherControlIds").FillAsync("A.8.2");
        await auditor.Locator("#description").FillAsync("Three leavers still had access to the payroll system after they left.");
        await auditor.Locator("#ownerUpn").FillAsync(Owner);
        await auditor.Locator("#correction").FillAsync("Disabled the three accounts the same day.");
        await auditor.GetByRole(AriaRole.Button, new() { Name = "Raise the finding" }).ClickAsync();
        await auditor.WaitForURLAsync(new Regex("done=finding"));
        Assert.Equal("The finding is raised and its first action is open.", await auditor.Locator("p.notice").InnerTextAsync());
        var actionLink = auditor.Locator("a[href^='/actions/']");
        var actionId = await actionLink.InnerTextAsync();
        var row = await auditor.Locator("tr", new() { Has = actionLink }).InnerTextAsync();
        Assert.Contains(Owner, row, StringComparison.Ordinal);
        Assert.Contains("Open", row, StringComparison.Ordinal);
        Assert.Contains(Date(30), row, StringComparison.Ordinal); // the policy's 30 days for a major nonconformity
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(auditor);

        var finding = Assert.Single(await api.ArrayAsync($"api/findings?auditId={auditId}"))!;
        Assert.Equal(["A.5.18", "A.8.2"], finding["controlIds"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(Lead, (string?)finding["raisedBy"]);

        // The owner, who holds no ISMS role, records the cause and plan and marks it implemented on the action page.
        await using (var ownerContext = await ContextAsync(Owner))
        {
            var owner = await ownerContext.NewPageAsync();
            Assert.Equal(200, (await owner.GotoAsync(new Uri(host.BaseAddress, $"actions/{actionId}").ToString()))!.Status);
            Assert.Equal($"/audits/{auditId}", await owner.Locator("a", new() { HasText = auditId }).GetAttributeAsync("href"));
            await owner.Locator("#rootCause").FillAsync("HR does not tell IT when people leave.");
            await owner.Locator("#actionPlan").FillAsync("A leaver feed from HR disables accounts on the leaving date.");
            await owner.Locator("#status-Implemented").CheckAsync();
            await owner.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await owner.WaitForURLAsync(new Regex("done=implemented"));
        }

        // Back on the audit page, the auditor reviews it with the keyboard alone: Tab to the choice, Space, type, Enter.
        await auditor.GotoAsync(new Uri(host.BaseAddress, $"audits/{auditId}").ToString());
        Assert.Contains("Implemented", await auditor.Locator("tr", new() { Has = actionLink }).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("A leaver feed from HR disables accounts on the leaving date.", await auditor.Locator("dd", new() { HasText = "leaver feed" }).InnerTextAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(auditor);
        await auditor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactDirectory, "audit-page.png"), FullPage = true });
        var key = actionId.Replace('.', '-');
        await TabToAsync(auditor, $"effective-{key}-true");
        await auditor.Keyboard.PressAsync("Space");
        Assert.True(await auditor.Locator($"#effective-{key}-true").IsCheckedAsync());
        await auditor.Keyboard.PressAsync("Tab");
        Assert.Equal($"notes-{key}", await ActiveIdAsync(auditor));
        await auditor.Keyboard.TypeAsync("Sampled ten leavers since the feed started: all disabled on the day.");
        await auditor.Keyboard.PressAsync("Tab");
        Assert.Equal($"Record the review of {actionId}", await auditor.EvaluateAsync<string>("document.activeElement.textContent"));
        await auditor.Keyboard.PressAsync("Enter");
        await auditor.WaitForURLAsync(new Regex("done=reviewed"));
        Assert.Equal("The effectiveness review is recorded.", await auditor.Locator("p.notice").InnerTextAsync());
        Assert.Contains("Closed", await auditor.Locator("tr", new() { Has = actionLink }).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await auditor.Locator($"#effective-{key}-true").CountAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(auditor);
        Assert.True(log.Problems.Count == 0, "Console messages on the audit page:\n" + string.Join('\n', log.Problems));

        var action = await ApiClient.JsonAsync(await api.GetAsync($"api/corrective-actions/{actionId}"), HttpStatusCode.OK);
        Assert.Equal("Closed", (string?)action["status"]);
        var review = Assert.Single(action["effectivenessReviews"]!.AsArray())!;
        Assert.Equal(Lead, (string?)review["reviewerUpn"]);
        Assert.True((bool)review["effective"]!);
        Assert.Equal("Closed", (string?)(await ApiClient.JsonAsync(await api.GetAsync($"api/findings/{finding["id"]}"), HttpStatusCode.OK))["status"]);
    }

    [Fact]
    public async Task A_refused_owner_is_said_beside_its_field_and_no_finding_is_stored_without_its_action()
    {
        await using var host = await StartAsync();
        var api = ApiClient.AdminOf(host.Client());
        var auditId = await AuditAsync(api);
        await using var context = await ContextAsync(Lead, Roles.Auditor);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, $"audits/{auditId}").ToString());

        await page.Locator("#type-MinorNonconformity").CheckAsync();
        await page.Locator("#control-A-5-15").CheckAsync();
        await page.Locator("#description").FillAsync("The access control policy was last reviewed in 2019.");
        await page.Locator("#ownerUpn").FillAsync("dana the owner");
        await page.Locator("#correction").FillAsync("Put the policy on the next review agenda.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Raise the finding" }).ClickAsync();

        Assert.Contains("ownerUpn 'dana the owner' is not a user principal name", await page.Locator("#ownerUpn-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await page.Locator("#ownerUpn").GetAttributeAsync("aria-invalid"));
        Assert.Equal("ownerUpn-hint ownerUpn-error", await page.Locator("#ownerUpn").GetAttributeAsync("aria-describedby"));
        Assert.Equal("The access control policy was last reviewed in 2019.", await page.Locator("#description").InputValueAsync());
        Assert.True(await page.Locator("#type-MinorNonconformity").IsCheckedAsync());
        Assert.True(await page.Locator("#control-A-5-15").IsCheckedAsync());
        Assert.Contains("No finding is raised in this audit yet.", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);
        Assert.Empty(await api.ArrayAsync($"api/findings?auditId={auditId}"));

        // Corrected, the same form raises the finding and opens its action.
        await page.Locator("#ownerUpn").FillAsync(Owner);
        await page.GetByRole(AriaRole.Button, new() { Name = "Raise the finding" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("done=finding"));
        var finding = Assert.Single(await api.ArrayAsync($"api/findings?auditId={auditId}"))!;
        Assert.Single(finding["correctiveActionIds"]!.AsArray());
    }

    [Fact]
    public async Task An_audit_changed_meanwhile_is_said_in_words_with_its_current_values_and_is_not_overwritten()
    {
        await using var host = await StartAsync();
        var api = ApiClient.AdminOf(host.Client());
        var auditId = await AuditAsync(api);
        await using var context = await ContextAsync(Lead, Roles.Auditor);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, $"audits/{auditId}").ToString());

        using var meanwhile = await api.PatchAsync($"api/audits/{auditId}", new { plannedEnd = Date(14) }, "*");
        Assert.Equal(HttpStatusCode.OK, meanwhile.StatusCode);

        await page.Locator("#plannedEnd").FillAsync(Date(20));
        await page.Locator("#status-InProgress").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the audit" }).ClickAsync();

        var conflict = await page.Locator(".conflict").InnerTextAsync();
        Assert.Contains("This audit changed since you opened it", conflict, StringComparison.Ordinal);
        Assert.Contains(Date(20), conflict, StringComparison.Ordinal); // what the person sent, to copy back
        Assert.Equal(Date(14), await page.Locator("#plannedEnd").InputValueAsync());
        Assert.True(await page.Locator("#status-Planned").IsCheckedAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);
        var audit = await ApiClient.JsonAsync(await api.GetAsync($"api/audits/{auditId}"), HttpStatusCode.OK);
        Assert.Equal(Date(14), (string?)audit["plannedEnd"]);
        Assert.Equal("Planned", (string?)audit["status"]);

        // Sent again from the current version, the change is saved: started today, the actual start recorded.
        await page.Locator("#status-InProgress").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the audit" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("done=saved"));
        Assert.Contains($"from {Today:yyyy-MM-dd}", await page.Locator("dd", new() { HasText = "from " }).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("InProgress", (string?)(await ApiClient.JsonAsync(await api.GetAsync($"api/audits/{auditId}"), HttpStatusCode.OK))["status"]);
    }

    [Fact]
    public async Task An_auditor_who_owns_part_of_the_scope_is_refused_in_words_beside_the_auditors()
    {
        await using var host = await StartAsync();
        var api = ApiClient.AdminOf(host.Client());
        await ApiClient.JsonAsync(await api.PutAsync("api/controls/A.5.15", new { applicable = true, implementationStatus = "Partial", ownerUpn = "iam.owner@contoso.example" }, "*"), HttpStatusCode.OK);
        var auditId = await AuditAsync(api);
        await using var context = await ContextAsync(Lead, Roles.Auditor);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, $"audits/{auditId}").ToString());

        await page.Locator("#auditors").FillAsync("second.auditor@contoso.example\niam.owner@contoso.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the audit" }).ClickAsync();

        var error = await page.Locator("#auditors-error").InnerTextAsync();
        Assert.Contains("iam.owner@contoso.example owns A.5.15 in this audit's scope", error, StringComparison.Ordinal);
        Assert.Contains("may not audit their own area", error, StringComparison.Ordinal);
        Assert.Equal("true", await page.Locator("#auditors").GetAttributeAsync("aria-invalid"));
        Assert.Equal("second.auditor@contoso.example\niam.owner@contoso.example", await page.Locator("#auditors").InputValueAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(page);
        Assert.Empty((await ApiClient.JsonAsync(await api.GetAsync($"api/audits/{auditId}"), HttpStatusCode.OK))["auditors"]!.AsArray());
    }

    [Fact]
    public async Task The_team_and_ISMS_roles_read_the_page_only_the_team_and_admins_change_it_and_an_observation_takes_no_action()
    {
        await using var host = await StartAsync();
        var api = ApiClient.AdminOf(host.Client());
        var auditId = await AuditAsync(api);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        // Someone without a role, not on the team: nothing to see. A reader, or an auditor of another audit: the page, no forms.
        using (var stranger = await GetAsync(http, auditId, "someone@contoso.example"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
            Assert.Contains("Not yours to see", await stranger.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var (upn, role) in new[] { ("reader@contoso.example", Roles.Reader), ("other.auditor@contoso.example", Roles.Auditor) })
        {
            using var read = await GetAsync(http, auditId, upn, role);
            var html = await read.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
        }

        // A team member without the auditor role reads it; the lead with the role, and an admin, get the forms.
        await ApiClient.JsonAsync(await api.PatchAsync($"api/audits/{auditId}", new { auditors = new[] { "trainee@contoso.example" } }, "*"), HttpStatusCode.OK);
        using (var trainee = await GetAsync(http, auditId, "trainee@contoso.example"))
        {
            Assert.Equal(HttpStatusCode.OK, trainee.StatusCode);
            Assert.DoesNotContain("<form", await trainee.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var (upn, role) in new[] { (Lead, Roles.Auditor), (ApiClient.Admin, Roles.Admin) })
        {
            using var team = await GetAsync(http, auditId, upn, role);
            var html = await team.Content.ReadAsStringAsync();
            Assert.Contains($"action=\"/audits/{auditId}/findings\"", html, StringComparison.Ordinal);
            Assert.Contains($"action=\"/audits/{auditId}\"", html, StringComparison.Ordinal);
        }

        // An auditor of another audit, with a valid token from another page, is refused and nothing is raised.
        var observation = new Dictionary<string, string> { ["type"] = "Observation", ["controlIds"] = "A.5.15", ["description"] = "Access reviews are kept on paper." };
        using (var refused = await PostAsync(host, http, $"audits/{auditId}/findings", "other.auditor@contoso.example", observation, Roles.Auditor))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains(Lead, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty(await api.ArrayAsync($"api/findings?auditId={auditId}"));

        // An observation given an owner is refused (it takes no action); without one it is raised, and none is opened.
        using (var withOwner = await PostAsync(host, http, $"audits/{auditId}/findings", Lead, new(observation) { ["ownerUpn"] = Owner }, Roles.Auditor))
        {
            Assert.Equal(HttpStatusCode.BadRequest, withOwner.StatusCode);
            Assert.Matches("<p class=\"error\" id=\"type-error\">type: an observation takes no corrective action", await withOwner.Content.ReadAsStringAsync());
        }

        using (var raised = await PostAsync(host, http, $"audits/{auditId}/findings", Lead, observation, Roles.Auditor))
        {
            Assert.Equal(HttpStatusCode.SeeOther, raised.StatusCode);
            Assert.Equal($"/audits/{auditId}?done=raised", raised.Headers.Location?.OriginalString);
        }

        var finding = Assert.Single(await api.ArrayAsync($"api/findings?auditId={auditId}"))!;
        Assert.Equal("Observation", (string?)finding["type"]);
        Assert.Empty(finding["correctiveActionIds"]!.AsArray());
    }

    [Fact]
    public async Task A_nonconformity_left_without_an_action_says_so_and_its_first_action_is_opened_from_the_page()
    {
        // As the API allows, and as a finding stays when its action could not be stored: raised, no action yet.
        await using var host = await StartAsync();
        var api = ApiClient.AdminOf(host.Client());
        var auditId = await AuditAsync(api);
        var findingId = (string)(await ApiClient.JsonAsync(await api.PostAsync($"api/audits/{auditId}/findings", Finding()), HttpStatusCode.Created))["id"]!;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        var path = $"audits/{auditId}/findings/{findingId}/actions";

        using (var page = await GetAsync(http, auditId, Lead, Roles.Auditor))
        {
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("No corrective action yet", html, StringComparison.Ordinal);
            Assert.Contains($"action=\"/{path}\"", html, StringComparison.Ordinal);
        }

        var fields = new Dictionary<string, string> { ["ownerUpn"] = Owner, ["correction"] = "Disabled the leavers' accounts.", ["dueDate"] = Date(-1) };
        using (var past = await PostAsync(host, http, path, Lead, fields, Roles.Auditor))
        {
            var html = await past.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
            Assert.Matches($"<p class=\"error\" id=\"dueDate-{findingId}-error\">dueDate {Date(-1)} is in the past", html);
            Assert.Contains($"value=\"{Owner}\"", html, StringComparison.Ordinal);
        }

        using (var opened = await PostAsync(host, http, path, Lead, new(fields) { ["dueDate"] = Date(45) }, Roles.Auditor))
        {
            Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
            Assert.Equal($"/audits/{auditId}?done=opened", opened.Headers.Location?.OriginalString);
        }

        var actionId = (string)Assert.Single((await ApiClient.JsonAsync(await api.GetAsync($"api/findings/{findingId}"), HttpStatusCode.OK))["correctiveActionIds"]!.AsArray())!;
        var action = await ApiClient.JsonAsync(await api.GetAsync($"api/corrective-actions/{actionId}"), HttpStatusCode.OK);
        Assert.Equal(Owner, (string?)action["ownerUpn"]);
        Assert.Equal(Date(45), (string?)action["dueDate"]);
    }

    private async Task<LocalFunctionsHost> StartAsync()
    {
        await azurite.ResetAsync();
        return await TestHost.StartAsync(azurite.ConnectionString);
    }

    /// <summary>An internal audit led by <see cref="Lead"/>, planned by the ISMS manager through the API.</summary>
    private static async Task<string> AuditAsync(ApiClient api) =>
        (string)(await ApiClient.JsonAsync(await api.PostAsync("api/audits", Audit(lead: Lead, scope: ["A.5.15", "A.5.18"])), HttpStatusCode.Created))["id"]!;

    private async Task<IBrowserContext> ContextAsync(string upn, params string[] roles) =>
        await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1100, Height = 1600 },
            ExtraHTTPHeaders = new Dictionary<string, string> { [CallerReader.HeaderName] = CallerReader.Encode(upn, roles) },
        });

    /// <summary>Presses Tab from the top of the page until <paramref name="id"/> has the focus, as a keyboard user would.</summary>
    private static async Task TabToAsync(IPage page, string id)
    {
        for (var presses = 0; presses < 200; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await ActiveIdAsync(page) == id)
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached #{id}.");
    }

    private static Task<string> ActiveIdAsync(IPage page) => page.EvaluateAsync<string>("document.activeElement.id");

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string auditId, string upn, params string[] roles)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/audits/{auditId}");
        request.Headers.Add(CallerReader.HeaderName, CallerReader.Encode(upn, roles));
        return await http.SendAsync(request);
    }

    /// <summary>A form as the person's browser would post it, with the antiforgery token the app issues them on any page.</summary>
    private static async Task<HttpResponseMessage> PostAsync(LocalFunctionsHost host, HttpClient http, string path, string upn, Dictionary<string, string> fields, params string[] roles)
    {
        var caller = Caller.ForDevelopment(upn, roles.ToHashSet(StringComparer.Ordinal));
        var form = new Dictionary<string, string>(fields) { [FormTokens.FieldName] = host.Services.GetRequiredService<FormTokens>().Issue(caller) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/" + path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(CallerReader.HeaderName, CallerReader.Encode(upn, roles));
        return await http.SendAsync(request);
    }
}
