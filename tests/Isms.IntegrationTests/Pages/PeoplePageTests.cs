using System.Net;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Evidence;
using Isms.LocalHost;
using Microsoft.Playwright;

namespace Isms.IntegrationTests.Pages;

/// <summary>
/// Policies and training in Chromium, where reminders lead: the ISMS manager approves a draft on its document's page
/// (which asks the group), a person with no ISMS role finds it on <c>/my</c>, acknowledges it with one button and
/// records a course; the register shows the figures. Groups come from <c>People:Groups</c>, as on the local host.
/// </summary>
[Collection(PageJourneyGroup.Name)]
public sealed class PeoplePageTests(AzuriteFixture azurite, BrowserFixture browser) : IAsyncLifetime
{
    private const string Group = "0b7f2c1e-0000-4000-8000-0000000000a1";
    private const string Person = "sam.staff@contoso.example";
    private LocalFunctionsHost _host = null!;

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _host = await TestHost.StartAsync(azurite.ConnectionString, o =>
        {
            o.Settings[$"People:Groups:{Group}:DisplayName"] = "All staff";
            o.Settings[$"People:Groups:{Group}:Members"] = $"{Person}, kim.staff@contoso.example";
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_person_acknowledges_a_policy_and_records_training_from_the_pages_the_reminders_lead_to()
    {
        var api = ApiClient.AdminOf(_host.Client());
        var document = await ApiClient.JsonAsync(await api.PostAsync("api/documents", new { title = "Information security policy", kind = "Policy", ownerUpn = ApiClient.Admin, reviewFrequency = "Annual", audienceGroupIds = new[] { Group }, requiresAcknowledgement = true, controlIds = new[] { "A.5.1" } }), HttpStatusCode.Created);
        var id = (string)document["id"]!;
        using (var upload = await api.As("writer@contoso.example", Roles.Contributor).SendAsync(HttpMethod.Post, $"api/documents/{id}/versions", EvidenceFiles.Form(EvidenceFiles.Pdf(), "infosec-policy.pdf", fields: [("changeSummary", "First issue.")]), null))
        {
            await ApiClient.JsonAsync(upload, HttpStatusCode.Created);
        }

        var course = await ApiClient.JsonAsync(await api.PostAsync("api/courses", new { title = "Security awareness", frequencyMonths = 12, audienceGroupIds = new[] { Group } }), HttpStatusCode.Created);

        // The ISMS manager approves the draft on the document's page.
        await using var adminContext = await browser.SignedInAsync(ApiClient.Admin, Roles.Admin);
        var admin = await adminContext.NewPageAsync();
        await OpenAsync(admin, $"documents/{id}");
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(admin);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Approve and publish version 1.0" }).ClickAsync();
        Assert.StartsWith("The version is approved and published", await admin.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("isms.manager@contoso.example (Isms.Admin)", await admin.Locator("table").InnerTextAsync(), StringComparison.Ordinal);

        // A review that changes nothing is recorded on the same page; one without a conclusion is refused beside its field.
        await admin.Locator("#review-notes").FillAsync(" ");
        var unsaid = await admin.RunAndWaitForResponseAsync(() => admin.GetByRole(AriaRole.Button, new() { Name = "Record the review" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, unsaid.Status);
        Assert.Contains("notes", await admin.Locator("#review-notes-error").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(admin);
        await admin.Locator("#review-notes").FillAsync("Still matches how we work.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Record the review" }).ClickAsync();
        Assert.StartsWith("The review is recorded", await admin.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Still matches how we work.", await admin.Locator("table", new() { HasText = "Conclusion" }).InnerTextAsync(), StringComparison.Ordinal);

        // The person, with no ISMS role, finds both on their work page.
        await using var personContext = await browser.SignedInAsync(Person);
        var person = await personContext.NewPageAsync();
        await OpenAsync(person, "my");
        var asked = await person.Locator("section[aria-labelledby='my-asked']").InnerTextAsync();
        Assert.Contains("Acknowledge Information security policy (version 1.0)", asked, StringComparison.Ordinal);
        Assert.Contains("Complete Security awareness", asked, StringComparison.Ordinal);
        await person.GetByRole(AriaRole.Link, new() { Name = "Acknowledge Information security policy (version 1.0)" }).ClickAsync();
        Assert.Contains("SHA-256", await person.Locator("section.panel").InnerTextAsync(), StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(person);
        await person.GetByRole(AriaRole.Button, new() { Name = "I have read version 1.0 and acknowledge it" }).ClickAsync();
        Assert.Equal("Your acknowledgement is recorded. Thank you.", await person.Locator("p.notice").InnerTextAsync());
        Assert.Contains("You acknowledged version 1.0", await person.Locator("section.panel").InnerTextAsync(), StringComparison.Ordinal);

        // A completion date in the future is refused beside its field, nothing recorded; then today's is.
        await OpenAsync(person, $"courses/{course["id"]}");
        await person.Locator("#completedOn").FillAsync(DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var refused = await person.RunAndWaitForResponseAsync(() => person.GetByRole(AriaRole.Button, new() { Name = "Record that I completed it" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        Assert.Contains("in the future", await person.Locator("#completedOn-error").InnerTextAsync(), StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(person);
        await person.Locator("#completedOn").FillAsync(string.Empty);
        await person.GetByRole(AriaRole.Button, new() { Name = "Record that I completed it" }).ClickAsync();
        Assert.Equal("Your completion is recorded.", await person.Locator("p.notice").InnerTextAsync());

        // Someone the document is not for cannot read it; the register shows the figures to the ISMS manager.
        await using var outsiderContext = await browser.SignedInAsync("outsider@contoso.example");
        var outsider = await outsiderContext.NewPageAsync();
        var response = await outsider.GotoAsync(new Uri(_host.BaseAddress, $"/documents/{id}").ToString());
        Assert.Equal(403, response!.Status);

        await OpenAsync(admin, "documents");
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(admin);
        Assert.Contains("1 of 2 (0 overdue)", await admin.Locator("table").First.InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_register_is_kept_from_the_pages_documents_and_courses_added_a_version_uploaded_and_completions_imported()
    {
        // A contributor registers a policy; a form without a title comes back with the error beside it and the rest kept.
        await using var writerContext = await browser.SignedInAsync("writer@contoso.example", Roles.Contributor);
        var writer = await writerContext.NewPageAsync();
        await OpenAsync(writer, "documents");
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(writer);
        await writer.Locator("#doc-kind").SelectOptionAsync("Policy");
        await writer.Locator("#doc-ownerUpn").FillAsync(ApiClient.Admin);
        var untitled = await writer.RunAndWaitForResponseAsync(() => writer.GetByRole(AriaRole.Button, new() { Name = "Register the document" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, untitled.Status);
        Assert.Contains("title", await writer.Locator("#doc-title-error").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ApiClient.Admin, await writer.Locator("#doc-ownerUpn").InputValueAsync());
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(writer);
        await writer.Locator("#doc-title").FillAsync("Access control policy");
        await writer.Locator("#doc-controlIds").FillAsync("A.5.15, 5.2");
        await writer.Locator("#doc-audienceGroupIds").FillAsync(Group);
        await writer.Locator("#doc-requiresAcknowledgement").CheckAsync();
        await writer.GetByRole(AriaRole.Button, new() { Name = "Register the document" }).ClickAsync();
        Assert.StartsWith("The document is registered", await writer.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
        var documentPath = new Uri(writer.Url).AbsolutePath.TrimStart('/');

        // Its first version: without a change summary nothing is stored; with one it waits as a draft.
        var pdf = new FilePayload { Name = "access-control.pdf", MimeType = "application/pdf", Buffer = EvidenceFiles.Pdf() };
        await writer.Locator("#version-file").SetInputFilesAsync(pdf);
        var unsaid = await writer.RunAndWaitForResponseAsync(() => writer.GetByRole(AriaRole.Button, new() { Name = "Upload the version" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, unsaid.Status);
        Assert.Contains("changeSummary", await writer.Locator("#version-changeSummary-error").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(writer);
        await writer.Locator("#version-file").SetInputFilesAsync(pdf);
        await writer.Locator("#version-changeSummary").FillAsync("First issue.");
        await writer.GetByRole(AriaRole.Button, new() { Name = "Upload the version" }).ClickAsync();
        Assert.StartsWith("The version is uploaded as a draft", await writer.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Draft", await writer.Locator("table").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await writer.GetByRole(AriaRole.Button, new() { Name = "Approve and publish version 1.0" }).CountAsync());

        // The ISMS manager, its owner, approves it; then adds a course: a missing period is refused beside its field.
        await using var adminContext = await browser.SignedInAsync(ApiClient.Admin, Roles.Admin);
        var admin = await adminContext.NewPageAsync();
        await OpenAsync(admin, documentPath);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Approve and publish version 1.0" }).ClickAsync();
        Assert.StartsWith("The version is approved and published", await admin.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);

        await OpenAsync(admin, "documents");
        await admin.Locator("#course-title").FillAsync("Phishing awareness");
        await admin.Locator("#course-frequencyMonths").FillAsync(string.Empty);
        await admin.Locator("#course-audienceGroupIds").FillAsync(Group);
        var noPeriod = await admin.RunAndWaitForResponseAsync(() => admin.GetByRole(AriaRole.Button, new() { Name = "Add the course" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, noPeriod.Status);
        Assert.Contains("frequencyMonths", await admin.Locator("#course-frequencyMonths-error").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        await admin.Locator("#course-frequencyMonths").FillAsync("12");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add the course" }).ClickAsync();
        Assert.StartsWith("The course is added", await admin.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(admin);

        // Completions from a learning platform's export: a bad row is named by its line and nothing is imported; then all are.
        var bad = new FilePayload { Name = "completions.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes($"Email,Completed\n{Person},2026-01-15\nkim.staff@contoso.example,last week\n") };
        await admin.Locator("#import-file").SetInputFilesAsync(bad);
        await admin.Locator("#import-upnColumn").FillAsync("Email");
        await admin.Locator("#import-dateColumn").FillAsync("Completed");
        var badRow = await admin.RunAndWaitForResponseAsync(() => admin.GetByRole(AriaRole.Button, new() { Name = "Import the completions" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, badRow.Status);
        Assert.Contains("Line 3", await admin.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await AccessibilityCheck.AssertNoSeriousViolationsAsync(admin);
        var api = ApiClient.AdminOf(_host.Client());
        var before = await ApiClient.JsonAsync(await api.GetAsync($"api/people/{Person}"), HttpStatusCode.OK);
        Assert.DoesNotContain(before["requirements"]!.AsArray(), r => (string?)r!["kind"] == "Training" && (string?)r["state"] == "Done");
        await admin.Locator("#import-file").SetInputFilesAsync(new FilePayload { Name = "completions.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes($"Email,Completed\n{Person},2026-01-15\n") });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Import the completions" }).ClickAsync();
        Assert.StartsWith("The completions are imported", await admin.Locator("p.notice").InnerTextAsync(), StringComparison.Ordinal);
        var record = await ApiClient.JsonAsync(await api.GetAsync($"api/people/{Person}"), HttpStatusCode.OK);
        Assert.Contains(record["requirements"]!.AsArray(), r => (string?)r!["kind"] == "Training" && (string?)r["state"] == "Done");

        // A person without a role sees no register forms and cannot post one.
        await using var personContext = await browser.SignedInAsync(Person);
        var person = await personContext.NewPageAsync();
        await OpenAsync(person, documentPath);
        Assert.Equal(0, await person.GetByRole(AriaRole.Button, new() { Name = "Upload the version" }).CountAsync());
    }

    private Task OpenAsync(IPage page, string path) => BrowserFixture.OpenAsync(page, _host.BaseAddress, path);
}
