using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Chasing;
using Isms.IntegrationTests.Evidence;

namespace Isms.IntegrationTests.People;

/// <summary>
/// Policies acknowledged and training done, end to end: audiences read from the fake Graph's groups (nested, paged,
/// disabled accounts, a member removed), publication by someone other than the author, acknowledgement, completion and
/// CSV import, reminders in the owner's one digest, roles, and the figures auditors ask for.
/// </summary>
public sealed class PeopleTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>A Monday.</summary>
    private static readonly DateOnly Monday = new(2026, 3, 2);

    private const string AllStaff = "0b7f2c1e-0000-4000-8000-000000000001";
    private const string Engineering = "0b7f2c1e-0000-4000-8000-000000000002";
    private const string Ana = "ana@contoso.example";
    private const string Ben = "ben@contoso.example";
    private const string Cleo = "cleo@contoso.example";
    private const string Dan = "dan@contoso.example";
    private const string Author = "writer@contoso.example";

    private async Task<ChasingHarness> StartAsync()
    {
        var h = await ChasingHarness.StartAsync(azurite, Monday);
        h.Graph.GroupPageSize = 2;
        h.Graph.Groups[AllStaff] = new FakeGroup("All staff", [Ana, Ben], [Engineering]);
        h.Graph.Groups[Engineering] = new FakeGroup("Engineering", Cleo, Dan);
        h.Graph.DisabledUsers[Dan] = true;
        return h;
    }

    private static async Task<JsonObject> CreateDocumentAsync(ChasingHarness h, bool acknowledge = true)
    {
        using var response = await h.Api().As(Author, Roles.Contributor).PostAsync("api/documents", new
        {
            title = "Acceptable use policy",
            kind = "Policy",
            controlIds = new[] { "A.5.10", "5.2" },
            ownerUpn = ApiClient.Admin,
            reviewFrequency = "Annual",
            audienceGroupIds = new[] { AllStaff },
            requiresAcknowledgement = acknowledge,
        });
        return await ApiClient.JsonAsync(response, HttpStatusCode.Created);
    }

    private static async Task<HttpResponseMessage> UploadAsync(ChasingHarness h, string id, string summary = "First issue.", bool major = false, string by = Author, string[]? roles = null) =>
        await h.Api().As(by, roles ?? [Roles.Contributor]).SendAsync(HttpMethod.Post, $"api/documents/{id}/versions",
            EvidenceFiles.Form(EvidenceFiles.Pdf(), "acceptable-use.pdf", fields: [("changeSummary", summary), ("major", major ? "true" : "false")]), null);

    /// <summary>A document with version 1.0 uploaded by the author and published by the ISMS manager.</summary>
    private static async Task<(string Id, JsonObject Approval)> PublishedAsync(ChasingHarness h)
    {
        var id = (string)(await CreateDocumentAsync(h))["id"]!;
        await ApiClient.JsonAsync(await UploadAsync(h, id), HttpStatusCode.Created);
        var approval = await ApiClient.JsonAsync(await h.Api().PostAsync($"api/documents/{id}/versions/1.0/approval", new { }), HttpStatusCode.Created);
        return (id, approval);
    }

    private static async Task<Dictionary<string, string>> StatesAsync(ChasingHarness h, string documentId) =>
        (await h.Api().ArrayAsync($"api/acknowledgements?documentId={documentId}"))
            .ToDictionary(a => (string)a!["userUpn"]!, a => (string)a!["state"]!);

    [Fact]
    public async Task Publishing_asks_the_enabled_people_of_the_groups_and_their_nested_groups_read_page_by_page()
    {
        await using var h = await StartAsync();
        var (id, approval) = await PublishedAsync(h);

        var document = approval["document"]!;
        Assert.Equal(("1.0", "1.0"), ((string?)document["publishedVersion"], (string?)document["acknowledgedVersion"]));
        var version = document["versions"]![0]!;
        Assert.Equal(("Published", ApiClient.Admin, Roles.Admin), ((string?)version["status"], (string?)version["approval"]!["approverUpn"], (string?)version["approval"]!["approverRole"]));
        Assert.Equal(64, ((string)version["sha256"]!).Length);
        Assert.Equal(Monday.AddMonths(12), DateOnly.Parse((string)document["nextReviewDate"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((3, 3), ((int)approval["audience"]!["members"]!, (int)approval["audience"]!["joined"]!));

        // Ana, Ben and Cleo (through Engineering, nested); Dan's account is disabled. Two people a page: several pages.
        var states = await StatesAsync(h, id);
        Assert.Equal([Ana, Ben, Cleo], states.Keys.Order());
        Assert.All(states.Values, s => Assert.Equal("Owed", s));
        Assert.True(h.Graph.CallsOf("groupMembers").Count >= 2, "the members are read page by page");

        // The file is evidence of the document's controls, kept with its hash.
        var evidence = await ApiClient.JsonAsync(await h.Api().GetAsync($"api/evidence/{version["evidenceId"]}"), HttpStatusCode.OK);
        Assert.Contains("A.5.10", evidence["controlIds"]!.AsArray().Select(c => (string?)c));
    }

    [Fact]
    public async Task A_person_acknowledges_once_a_minor_version_keeps_it_and_a_major_version_asks_again()
    {
        await using var h = await StartAsync();
        var (id, _) = await PublishedAsync(h);
        var ana = h.Api().As(Ana);

        // A person with no ISMS role reads the document they are asked to acknowledge, and acknowledges it once.
        await ApiClient.JsonAsync(await ana.GetAsync($"api/documents/{id}"), HttpStatusCode.OK);
        var done = await ApiClient.JsonAsync(await ana.PostAsync($"api/documents/{id}/versions/1.0/acknowledgements", new { }), HttpStatusCode.Created);
        Assert.Equal(("Done", "1.0"), ((string?)done["state"], (string?)done["doneVersion"]));
        await ApiClient.AssertProblemAsync(await ana.PostAsync($"api/documents/{id}/versions/1.0/acknowledgements", new { }), HttpStatusCode.Conflict, "version");

        // Someone outside the audience cannot, and cannot read it.
        await ApiClient.AssertProblemAsync(await h.Api().As("eve@contoso.example").PostAsync($"api/documents/{id}/versions/1.0/acknowledgements", new { }), HttpStatusCode.Conflict, "userUpn");
        await ApiClient.AssertProblemAsync(await h.Api().As("eve@contoso.example").GetAsync($"api/documents/{id}"), HttpStatusCode.Forbidden);

        // 1.1 (minor): Ana's acknowledgement of 1.0 still counts.
        await ApiClient.JsonAsync(await UploadAsync(h, id, "Typo fixed."), HttpStatusCode.Created);
        await ApiClient.JsonAsync(await h.Api().PostAsync($"api/documents/{id}/versions/1.1/approval", new { }), HttpStatusCode.Created);
        Assert.Equal("Done", (await StatesAsync(h, id))[Ana]);

        // 2.0 (major): everyone is asked again, Ana included, and 1.0 can no longer be acknowledged.
        await ApiClient.JsonAsync(await UploadAsync(h, id, "Personal devices are now covered.", major: true), HttpStatusCode.Created);
        var published = await ApiClient.JsonAsync(await h.Api().PostAsync($"api/documents/{id}/versions/2.0/approval", new { }), HttpStatusCode.Created);
        Assert.Equal(["Superseded", "Superseded", "Published"], published["document"]!["versions"]!.AsArray().Select(v => (string?)v!["status"]));
        Assert.Equal("Owed", (await StatesAsync(h, id))[Ana]);
        await ApiClient.AssertProblemAsync(await ana.PostAsync($"api/documents/{id}/versions/1.0/acknowledgements", new { }), HttpStatusCode.Conflict, "version");
        var again = await ApiClient.JsonAsync(await ana.PostAsync($"api/documents/{id}/versions/2.0/acknowledgements", new { }), HttpStatusCode.Created);
        Assert.Equal(2, again["history"]!.AsArray().Count);
    }

    [Fact]
    public async Task Only_someone_other_than_the_author_publishes_and_only_an_admin_or_the_owner()
    {
        await using var h = await StartAsync();
        var id = (string)(await CreateDocumentAsync(h))["id"]!;
        await ApiClient.JsonAsync(await UploadAsync(h, id, by: ApiClient.Admin), HttpStatusCode.Created);

        // The admin uploaded it: the admin cannot approve it; a contributor who is not the owner may not approve at all.
        await ApiClient.AssertProblemAsync(await h.Api().PostAsync($"api/documents/{id}/versions/1.0/approval", new { }), HttpStatusCode.Conflict, "approverUpn");
        await ApiClient.AssertProblemAsync(await h.Api().As(Author, Roles.Contributor).PostAsync($"api/documents/{id}/versions/1.0/approval", new { }), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await h.Api().As(Ana).PostAsync($"api/documents/{id}/versions/1.0/acknowledgements", new { }), HttpStatusCode.Conflict, "version");
        await ApiClient.JsonAsync(await h.Api().As("second.admin@contoso.example", Roles.Admin).PostAsync($"api/documents/{id}/versions/1.0/approval", new { }), HttpStatusCode.Created);
        await ApiClient.AssertProblemAsync(await h.Api().As("second.admin@contoso.example", Roles.Admin).PostAsync($"api/documents/{id}/versions/1.0/approval", new { }), HttpStatusCode.Conflict, "version");

        var trail = (await ApiClient.JsonAsync(await h.Api().GetAsync($"api/audit-trail?entity=documents/{id}"), HttpStatusCode.OK))["entries"]!.AsArray();
        Assert.Contains(trail, e => (string?)e!["by"] == "second.admin@contoso.example");
    }

    [Fact]
    public async Task The_daily_sync_adds_joiners_drops_leavers_and_disabled_accounts_and_keeps_what_they_did()
    {
        await using var h = await StartAsync();
        var (id, _) = await PublishedAsync(h);
        await ApiClient.JsonAsync(await h.Api().As(Ben).PostAsync($"api/documents/{id}/versions/1.0/acknowledgements", new { }), HttpStatusCode.Created);

        // Ben leaves All staff, Dan's account is enabled again, Cleo's is disabled.
        h.Graph.Groups[AllStaff] = new FakeGroup("All staff", [Ana], [Engineering]);
        h.Graph.DisabledUsers.TryRemove(Dan, out _);
        h.Graph.DisabledUsers[Cleo] = true;
        h.SetToday(Monday.AddDays(1));
        await RunSyncAsync(h);

        var all = (await h.Api().ArrayAsync($"api/acknowledgements?documentId={id}&pageSize=1000")).ToDictionary(a => (string)a!["userUpn"]!, a => (string)a!["state"]!);
        Assert.Equal([Ana, Dan], all.Keys.Order());
        var ben = await ApiClient.JsonAsync(await h.Api().GetAsync($"api/people/{Ben}"), HttpStatusCode.OK);
        var record = Assert.Single(ben["requirements"]!.AsArray());
        Assert.Equal(("NoLongerRequired", "1.0", "2026-03-03"), ((string?)record!["state"], (string?)record["doneVersion"], (string?)record["leftAudienceOn"]));

        // A group the app may not read leaves the audience as it was, and a new audience naming one is refused by name.
        h.Graph.DeniedPermissions["GroupMember.Read.All"] = true;
        await RunSyncAsync(h);
        Assert.Equal([Ana, Dan], (await StatesAsync(h, id)).Keys.Order());
        var refused = await ApiClient.AssertProblemAsync(await h.Api().PostAsync("api/courses", new { title = "Awareness", frequencyMonths = 12, audienceGroupIds = new[] { AllStaff } }), HttpStatusCode.BadRequest, "audienceGroupIds");
        Assert.Contains("GroupMember.Read.All", refused.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turning_acknowledgement_off_stops_asking_everyone_at_once_and_keeps_what_they_did()
    {
        await using var h = await StartAsync();
        var (id, _) = await PublishedAsync(h);
        await ApiClient.JsonAsync(await h.Api().As(Ana).PostAsync($"api/documents/{id}/versions/1.0/acknowledgements", new { }), HttpStatusCode.Created);

        await ApiClient.JsonAsync(await h.Api().PatchAsync($"api/documents/{id}", new { requiresAcknowledgement = false }), HttpStatusCode.OK);

        Assert.Empty(await StatesAsync(h, id));
        var ana = Assert.Single((await ApiClient.JsonAsync(await h.Api().GetAsync($"api/people/{Ana}"), HttpStatusCode.OK))["requirements"]!.AsArray());
        Assert.Equal(("NoLongerRequired", "1.0"), ((string?)ana!["state"], (string?)ana["doneVersion"]));
        Assert.Equal(0, (int)(await h.RunAsync())["sent"]!);
    }

    [Fact]
    public async Task Acknowledgements_owed_are_chased_in_each_person_s_one_digest_exactly_once()
    {
        await using var h = await StartAsync();
        var action = await h.SeedActionAsync(Ana, Monday.AddDays(7), "Rotate the shared admin password");
        var (id, _) = await PublishedAsync(h);

        var run = await h.RunAsync();
        Assert.Equal(4, (int)run["sent"]!);
        var mails = h.Graph.Mails.ToList();
        Assert.Equal([Ana, Ben, Cleo], mails.Select(m => m.To.Single()).Order());
        var anas = Assert.Single(mails, m => m.To.Single() == Ana);
        Assert.Contains("Acknowledge Acceptable use policy (version 1.0)", anas.Html, StringComparison.Ordinal);
        Assert.Contains(action, anas.Html, StringComparison.Ordinal);
        var bens = Assert.Single(mails, m => m.To.Single() == Ben);
        Assert.Contains($"https://isms.contoso.example/documents/{id}", bens.Html, StringComparison.Ordinal);

        // The same day again: nothing twice. Ben acknowledges; at the next rung only Ana and Cleo are reminded.
        Assert.Equal(0, (int)(await h.RunAsync())["sent"]!);
        await ApiClient.JsonAsync(await h.Api().As(Ben).PostAsync($"api/documents/{id}/versions/1.0/acknowledgements", new { }), HttpStatusCode.Created);
        h.SetToday(Monday.AddDays(7));
        await h.RunAsync();
        var later = h.Graph.Mails.Skip(3).Select(m => m.To.Single()).Order().ToList();
        Assert.Equal([Ana, Cleo], later);

        // Overdue a week: the line manager is copied, as for a corrective action.
        h.Graph.Managers[Cleo] = "cleo.manager@contoso.example";
        h.SetToday(Monday.AddDays(14 + 7));
        await h.RunAsync();
        Assert.Contains(h.Graph.Mails.Skip(5), m => m.To.Single() == Cleo && m.Cc.Contains("cleo.manager@contoso.example"));
    }

    [Fact]
    public async Task A_reminder_queued_before_messages_named_the_requirements_still_finds_them_in_the_person_s_owed_copies()
    {
        await using var h = await StartAsync();
        var (id, _) = await PublishedAsync(h);

        // A message as the version before this one queued it: who and when, nothing about what they are asked.
        var storage = h.Host.Services.GetRequiredService<Isms.Functions.Storage.IsmsStorage>();
        var queue = await storage.QueueAsync(Isms.Functions.Storage.QueueNames.Reminders, CancellationToken.None);
        await queue.SendMessageAsync($$"""{"runId":"20260302T080000Z-0ld000","ownerUpn":"{{Ana}}","date":"2026-03-02"}""");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!h.Graph.Mails.Any(m => m.To.Single() == Ana) && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        var mail = Assert.Single(h.Graph.Mails, m => m.To.Single() == Ana);
        Assert.Contains("Acknowledge Acceptable use policy (version 1.0)", mail.Html, StringComparison.Ordinal);
        Assert.Contains($"https://isms.contoso.example/documents/{id}", mail.Html, StringComparison.Ordinal);

        // The run that follows finds Ana's stage sent and reminds only the others.
        await h.RunAsync();
        Assert.Equal([Ana, Ben, Cleo], h.Graph.Mails.Select(m => m.To.Single()).Order());
    }

    [Fact]
    public async Task A_document_s_review_falling_due_is_chased_to_its_owner_until_a_review_is_recorded()
    {
        await using var h = await StartAsync();
        using var created = await h.Api().PostAsync("api/documents", new
        {
            title = "Supplier security procedure", kind = "Procedure", controlIds = new[] { "A.5.19" }, ownerUpn = Ben, reviewFrequency = "Monthly",
        });
        var id = (string)(await ApiClient.JsonAsync(created, HttpStatusCode.Created))["id"]!;
        await ApiClient.AssertProblemAsync(await h.Api().As(Ben).PostAsync($"api/documents/{id}/reviews", new { notes = "Nothing to review yet." }), HttpStatusCode.Conflict, "id");
        await ApiClient.JsonAsync(await UploadAsync(h, id), HttpStatusCode.Created);
        var published = await ApiClient.JsonAsync(await h.Api().PostAsync($"api/documents/{id}/versions/1.0/approval", new { }), HttpStatusCode.Created);
        Assert.Equal("2026-04-02", (string?)published["document"]!["nextReviewDate"]);

        // Fourteen days before the review date the owner is reminded, with a link to the document.
        h.SetToday(new DateOnly(2026, 3, 19));
        Assert.Equal(1, (int)(await h.RunAsync())["sent"]!);
        var mail = Assert.Single(h.Graph.Mails);
        Assert.Equal(Ben, mail.To.Single());
        Assert.Contains("Review: Supplier security procedure", mail.Html, StringComparison.Ordinal);
        Assert.Contains("review due in 14 days", mail.Html, StringComparison.Ordinal);
        Assert.Contains($"https://isms.contoso.example/documents/{id}", mail.Html, StringComparison.Ordinal);

        // Only the owner or an ISMS admin records a review, and says what it concluded.
        await ApiClient.AssertProblemAsync(await h.Api().As(Ana).PostAsync($"api/documents/{id}/reviews", new { notes = "Fine by me." }), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await h.Api().As(Ben).PostAsync($"api/documents/{id}/reviews", new { notes = " " }), HttpStatusCode.BadRequest, "notes");
        var reviewed = await ApiClient.JsonAsync(await h.Api().As(Ben).PostAsync($"api/documents/{id}/reviews", new { notes = "Still matches the supplier contracts." }), HttpStatusCode.Created);
        Assert.Equal("2026-04-19", (string?)reviewed["nextReviewDate"]);
        var review = Assert.Single(reviewed["reviews"]!.AsArray())!;
        Assert.Equal((Ben, "Document owner", "Still matches the supplier contracts."), ((string)review["reviewerUpn"]!, (string)review["reviewerRole"]!, (string)review["notes"]!));
        Assert.Equal("1.0", (string?)reviewed["publishedVersion"]);

        // The rung seven days before the old date passes without a reminder; the new date is chased in its turn.
        h.SetToday(new DateOnly(2026, 3, 26));
        Assert.Equal(0, (int)(await h.RunAsync())["sent"]!);
        h.SetToday(new DateOnly(2026, 4, 20));
        Assert.Equal(1, (int)(await h.RunAsync())["sent"]!);
        Assert.Contains("review 1 day overdue", h.Graph.Mails.Last().Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Training_is_completed_by_the_person_or_imported_all_rows_or_none_and_falls_due_again()
    {
        await using var h = await StartAsync();
        var course = await ApiClient.JsonAsync(await h.Api().PostAsync("api/courses", new { title = "Security awareness 2026", frequencyMonths = 12, audienceGroupIds = new[] { AllStaff }, dueWithinDays = 30 }), HttpStatusCode.Created);
        var id = (string)course["id"]!;

        var cleo = await ApiClient.JsonAsync(await h.Api().As(Cleo).PostAsync($"api/courses/{id}/completions", new { completedOn = "2026-02-27" }), HttpStatusCode.Created);
        Assert.Equal(("Done", "2027-02-27"), ((string?)cleo["state"], (string?)cleo["dueDate"]));

        // A bad file is refused whole, each bad line named (the header is line 1), and nothing is recorded.
        var bad = "Email,Completed,Score\nana@contoso.example,2026-02-20,90\nben@contoso.example,20/02/2026,88\nnot-an-address,2026-02-20,70\nben@contoso.example,2026-02-21\n";
        var refused = await ApiClient.AssertProblemAsync(await Import(h, id, bad), HttpStatusCode.BadRequest);
        var errors = refused["errors"]!.AsObject();
        Assert.Equal(["line 3", "line 4", "line 5"], errors.Select(e => e.Key).Order());
        Assert.Contains("20/02/2026", (string?)errors["line 3"]![0], StringComparison.Ordinal);
        Assert.Equal("Owed", (string?)(await PersonAsync(h, Ana))["state"]);

        var good = "Email,Completed,Score\n\"ana@contoso.example\",2026-02-20,90\nben@contoso.example,2026-02-21T09:30:00Z,88\noutsider@contoso.example,2026-02-20,70\n";
        var imported = await ApiClient.JsonAsync(await Import(h, id, good), HttpStatusCode.Created);
        Assert.Equal((3, 2, 1), ((int)imported["rows"]!, (int)imported["recorded"]!, (int)imported["outsideAudience"]!));
        var ana = await PersonAsync(h, Ana);
        Assert.Equal(("Done", "2027-02-20", "Import"), ((string?)ana["state"], (string?)ana["dueDate"], (string?)ana["source"]));

        // A year on, it is due again and chased.
        h.SetToday(new DateOnly(2027, 2, 22));
        Assert.Equal("Overdue", (string?)(await PersonAsync(h, Ana))["state"]);
        await h.RunAsync();
        Assert.Contains(h.Graph.Mails, m => m.To.Single() == Ana && m.Html.Contains("Complete Security awareness 2026", StringComparison.Ordinal));

        var trail = (await ApiClient.JsonAsync(await h.Api().GetAsync($"api/audit-trail?entity=courses/{id}"), HttpStatusCode.OK))["entries"]!.AsArray();
        Assert.Contains(trail, e => (string?)e!["action"] == "CompletionsImported");
    }

    [Fact]
    public async Task Auditors_get_figures_per_group_and_a_sample_drawn_again_from_its_seed_and_recorded()
    {
        await using var h = await StartAsync();
        var (id, _) = await PublishedAsync(h);
        await ApiClient.JsonAsync(await h.Api().As(Ana).PostAsync($"api/documents/{id}/versions/1.0/acknowledgements", new { }), HttpStatusCode.Created);
        h.SetToday(Monday.AddDays(15));

        var summary = await ApiClient.JsonAsync(await h.Api().As("reader@contoso.example", Roles.Reader).GetAsync("api/people/summary"), HttpStatusCode.OK);
        Assert.Equal((3, 1, 2), ((int)summary["acknowledgement"]!["required"]!, (int)summary["acknowledgement"]!["done"]!, (int)summary["acknowledgement"]!["overdue"]!));
        Assert.Equal([Ben, Cleo], summary["overduePeople"]!.AsArray().Select(p => (string?)p));
        // Figures per group of the audience (Cleo is in All staff through Engineering, nested in it).
        var allStaff = Assert.Single(summary["groups"]!.AsArray());
        Assert.Equal((AllStaff, 3, 1), ((string?)allStaff!["groupId"], (int)allStaff["people"]!, (int)allStaff["acknowledgement"]!["done"]!));

        var auditor = h.Api().As("auditor@contoso.example", Roles.Auditor);
        var sample = await ApiClient.JsonAsync(await auditor.GetAsync("api/people/sample?size=2&seed=42"), HttpStatusCode.OK);
        var again = await ApiClient.JsonAsync(await auditor.GetAsync("api/people/sample?size=2&seed=42"), HttpStatusCode.OK);
        var drawn = sample["people"]!.AsArray().Select(p => (string?)p!["userUpn"]).ToList();
        Assert.Equal(2, drawn.Count);
        Assert.Equal(drawn, again["people"]!.AsArray().Select(p => (string?)p!["userUpn"]));
        Assert.All(sample["people"]!.AsArray(), p => Assert.Single(p!["requirements"]!.AsArray()));
        var trail = (await ApiClient.JsonAsync(await h.Api().GetAsync($"api/audit-trail?entity=people-samples/{sample["sampleId"]}"), HttpStatusCode.OK))["entries"]!.AsArray();
        var changes = Assert.Single(trail)!["changes"]!.AsArray();
        Assert.Contains(changes, c => (string?)c!["field"] == "people" && (string?)c["after"] == string.Join(", ", drawn));
        await ApiClient.AssertProblemAsync(await h.Api().As("reader@contoso.example", Roles.Reader).GetAsync("api/people/sample?size=2"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_snapshot_seals_the_figures_and_every_person_s_record_and_still_verifies()
    {
        await using var h = await StartAsync();
        var (id, _) = await PublishedAsync(h);
        await ApiClient.JsonAsync(await h.Api().As(Ana).PostAsync($"api/documents/{id}/versions/1.0/acknowledgements", new { }), HttpStatusCode.Created);

        var snapshot = await ApiClient.JsonAsync(await h.Api().PostAsync("api/snapshots", new { }), HttpStatusCode.Created);
        var manifest = JsonNode.Parse(await (await h.Api().GetAsync($"api/snapshots/{snapshot["id"]}")).Content.ReadAsStringAsync())!;
        Assert.Equal((3, 1, 2), ((int)manifest["people"]!["acknowledgement"]!["required"]!, (int)manifest["people"]!["acknowledgement"]!["done"]!, (int)manifest["people"]!["acknowledgement"]!["owed"]!));
        var records = manifest["peopleRecords"]!.AsArray();
        Assert.Equal([Ana, Ben, Cleo], records.Select(r => (string)r!["upn"]!).Order());
        Assert.Equal(("Done", "1.0"), ((string?)records.Single(r => (string?)r!["upn"] == Ana)!["state"], (string?)records.Single(r => (string?)r!["upn"] == Ana)!["doneVersion"]));

        var verification = await ApiClient.JsonAsync(await h.Api().GetAsync($"api/snapshots/{snapshot["id"]}/verification"), HttpStatusCode.OK);
        Assert.True((bool)verification["verified"]!, verification.ToJsonString());
        var report = await (await h.Api().GetAsync($"api/snapshots/{snapshot["id"]}/report")).Content.ReadAsStringAsync();
        Assert.Contains("Policies and training", report, StringComparison.Ordinal);
        Assert.Contains("1 of 3 done, 2 owed, 0 overdue", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task People_without_a_role_see_and_do_only_their_own()
    {
        await using var h = await StartAsync();
        var (id, _) = await PublishedAsync(h);
        var ana = h.Api().As(Ana);
        await ApiClient.AssertProblemAsync(await ana.GetAsync("api/documents"), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await ana.GetAsync($"api/people/{Ben}"), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await ana.GetAsync($"api/acknowledgements?userUpn={Ben}"), HttpStatusCode.Forbidden);
        var own = await ana.ArrayAsync("api/acknowledgements");
        Assert.Equal([Ana], own.Select(a => (string?)a!["userUpn"]));
        await ApiClient.AssertProblemAsync(await ana.PostAsync("api/documents", new { title = "Mine" }), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await UploadAsync(h, id, by: Ana, roles: []), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await ana.PatchAsync($"api/documents/{id}", new { title = "Renamed" }), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await h.Api().As("reader@contoso.example", Roles.Reader).PostAsync("api/courses", new { title = "x", frequencyMonths = 12 }), HttpStatusCode.Forbidden);
        var course = await ApiClient.JsonAsync(await h.Api().PostAsync("api/courses", new { title = "Phishing", frequencyMonths = 0, audienceGroupIds = new[] { Engineering } }), HttpStatusCode.Created);
        await ApiClient.AssertProblemAsync(await Import(h, (string)course["id"]!, "userPrincipalName,completedOn\nana@contoso.example,2026-02-20\n", h.Api().As(Author, Roles.Contributor)), HttpStatusCode.Forbidden);
    }

    public static TheoryData<string, string, int, string> BadInputs => new()
    {
        { "POST api/documents", """{"kind":"Policy","ownerUpn":"ana@contoso.example","reviewFrequency":"Annual"}""", 400, "title" },
        { "POST api/documents", """{"title":"P","kind":"Memo","ownerUpn":"ana@contoso.example","reviewFrequency":"Annual"}""", 400, "kind" },
        { "POST api/documents", """{"title":"P","ownerUpn":"ana@contoso.example","reviewFrequency":"Annual"}""", 400, "kind" },
        { "POST api/documents", """{"title":"P","kind":"Policy","ownerUpn":"ana@contoso.example","reviewFrequency":"Weekly"}""", 400, "reviewFrequency" },
        { "POST api/documents", """{"title":"P","kind":"Policy","ownerUpn":"ana@contoso.example"}""", 400, "reviewFrequency" },
        { "POST api/documents", """{"title":"P","kind":"Policy","ownerUpn":"not an address","reviewFrequency":"Annual"}""", 400, "ownerUpn" },
        { "POST api/documents", """{"title":"P","kind":"Policy","ownerUpn":"ana@contoso.example","reviewFrequency":"Annual","controlIds":["A.9.9"]}""", 400, "controlIds" },
        { "POST api/documents", """{"title":"P","kind":"Policy","ownerUpn":"ana@contoso.example","reviewFrequency":"Annual","audienceGroupIds":["all-staff"]}""", 400, "audienceGroupIds" },
        { "POST api/documents", """{"title":"P","kind":"Policy","ownerUpn":"ana@contoso.example","reviewFrequency":"Annual","audienceGroupIds":["0b7f2c1e-0000-4000-8000-0000000000ff"]}""", 400, "audienceGroupIds" },
        { "POST api/documents", """{"title":"P","kind":"Policy","ownerUpn":"ana@contoso.example","reviewFrequency":"Annual","classification":"Secret"}""", 400, "classification" },
        { "POST api/documents", """{"title":"P","kind":"Policy","ownerUpn":"ana@contoso.example","reviewFrequency":"Annual","requiresAcknowledgement":"yes"}""", 400, "requiresAcknowledgement" },
        { "POST api/courses", """{"title":"C"}""", 400, "frequencyMonths" },
        { "POST api/courses", """{"frequencyMonths":12}""", 400, "title" },
        { "POST api/courses", """{"title":"C","frequencyMonths":-1}""", 400, "frequencyMonths" },
        { "POST api/courses", """{"title":"C","frequencyMonths":12,"dueWithinDays":0}""", 400, "dueWithinDays" },
        { "POST api/courses", """{"title":"C","frequencyMonths":12,"kind":"Fun"}""", 400, "kind" },
        { "POST api/courses", """{"title":"C","frequencyMonths":12,"audienceGroupIds":["x"]}""", 400, "audienceGroupIds" },
        { "GET api/people/sample?size=0", "", 400, "size" },
        { "GET api/people/sample?size=101", "", 400, "size" },
        { "GET api/people/sample?size=2&seed=abc", "", 400, "seed" },
        { "GET api/people/sample?groupId=staff", "", 400, "groupId" },
        { "GET api/acknowledgements?state=Late", "", 400, "state" },
        { "GET api/people/not-an-address", "", 400, "upn" },
        { "GET api/documents/DOC-NOPE", "", 404, "" },
        { "POST api/documents/DOC-NOPE/versions/1.0/approval", "{}", 404, "" },
        { "POST api/documents/DOC-NOPE/reviews", """{"notes":"Still right."}""", 404, "" },
        { "POST api/courses/CRS-NOPE/completions", "{}", 404, "" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_refused_with_the_field_named(string request, string body, int status, string field)
    {
        await using var h = await StartAsync();
        var (method, path) = (request.Split(' ')[0], request.Split(' ')[1]);
        using var response = method == "GET"
            ? await h.Api().GetAsync(path)
            : await h.Api().SendRawAsync(HttpMethod.Post, path, body, "application/json");
        await ApiClient.AssertProblemAsync(response, (HttpStatusCode)status, field.Length == 0 ? null : field);
    }

    [Fact]
    public async Task Bad_versions_completions_and_imports_are_refused_and_store_nothing()
    {
        await using var h = await StartAsync();
        var (id, _) = await PublishedAsync(h);
        var author = h.Api().As(Author, Roles.Contributor);

        await ApiClient.AssertProblemAsync(await UploadAsync(h, id, summary: " "), HttpStatusCode.BadRequest, "changeSummary");
        await ApiClient.AssertProblemAsync(await author.SendAsync(HttpMethod.Post, $"api/documents/{id}/versions", EvidenceFiles.Form(EvidenceFiles.Pdf(), fields: [("changeSummary", "x"), ("major", "maybe")]), null), HttpStatusCode.BadRequest, "major");
        await ApiClient.AssertProblemAsync(await author.SendAsync(HttpMethod.Post, $"api/documents/{id}/versions", EvidenceFiles.Form(null, fields: [("changeSummary", "x")]), null), HttpStatusCode.BadRequest);
        var document = await ApiClient.JsonAsync(await h.Api().GetAsync($"api/documents/{id}"), HttpStatusCode.OK);
        Assert.Single(document["versions"]!.AsArray());

        await ApiClient.JsonAsync(await UploadAsync(h, id, "Second."), HttpStatusCode.Created);
        await ApiClient.AssertProblemAsync(await UploadAsync(h, id, "Third."), HttpStatusCode.Conflict, "file");
        await ApiClient.AssertProblemAsync(await h.Api().PostAsync($"api/documents/{id}/versions/9.9/approval", new { }), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await h.Api().As(Ana).PostAsync($"api/documents/{id}/versions/1.1/acknowledgements", new { }), HttpStatusCode.Conflict, "version");

        var course = (string)(await ApiClient.JsonAsync(await h.Api().PostAsync("api/courses", new { title = "Awareness", frequencyMonths = 12, audienceGroupIds = new[] { AllStaff } }), HttpStatusCode.Created))["id"]!;
        await ApiClient.AssertProblemAsync(await h.Api().As(Ana).PostAsync($"api/courses/{course}/completions", new { completedOn = "2026-03-03" }), HttpStatusCode.BadRequest, "completedOn");
        await ApiClient.AssertProblemAsync(await h.Api().As(Ana).PostAsync($"api/courses/{course}/completions", new { evidenceId = "EV-NOPE" }), HttpStatusCode.BadRequest, "evidenceId");
        await ApiClient.AssertProblemAsync(await h.Api().As("eve@contoso.example").PostAsync($"api/courses/{course}/completions", new { }), HttpStatusCode.Conflict, "userUpn");

        await ApiClient.AssertProblemAsync(await h.Api().SendRawAsync(HttpMethod.Post, $"api/courses/{course}/completions/import", "a,b\n", "application/json"), HttpStatusCode.UnsupportedMediaType);
        await ApiClient.AssertProblemAsync(await Import(h, course, "Email,When\nana@contoso.example,2026-02-20\n"), HttpStatusCode.BadRequest, "upnColumn");
        await ApiClient.AssertProblemAsync(await Import(h, course, "userPrincipalName,completedOn\n"), HttpStatusCode.BadRequest, "file");
        await ApiClient.AssertProblemAsync(await Import(h, course, ""), HttpStatusCode.BadRequest, "file");
        await ApiClient.AssertProblemAsync(await Import(h, course, "userPrincipalName,completedOn\n\"ana@contoso.example,2026-02-20\n"), HttpStatusCode.BadRequest, "line 2");
        await ApiClient.AssertProblemAsync(await Import(h, course, "userPrincipalName,completedOn\nana@contoso.example,2027-01-01\n"), HttpStatusCode.BadRequest, "line 2");
        await ApiClient.AssertProblemAsync(await Import(h, course, "userPrincipalName,completedOn\n,2026-01-01\n"), HttpStatusCode.BadRequest, "line 2");
        Assert.Equal("Owed", (string?)(await PersonAsync(h, Ana, "Training"))["state"]);
    }

    /// <summary>Runs the daily sync now; the local host answers once the run has ended.</summary>
    private static async Task RunSyncAsync(ChasingHarness h)
    {
        using var client = h.Host.Client();
        using var response = await client.PostAsync("admin/functions/SyncAudiences", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static Task<HttpResponseMessage> Import(ChasingHarness h, string courseId, string csv, ApiClient? caller = null)
    {
        var query = csv.StartsWith("Email,Completed", StringComparison.Ordinal) ? "?upnColumn=Email&dateColumn=Completed" : string.Empty;
        return (caller ?? h.Api()).SendRawAsync(HttpMethod.Post, $"api/courses/{courseId}/completions/import{query}", csv, "text/csv");
    }

    private static async Task<JsonNode> PersonAsync(ChasingHarness h, string upn, string kind = "Training") =>
        (await ApiClient.JsonAsync(await h.Api().GetAsync($"api/people/{upn}"), HttpStatusCode.OK))["requirements"]!.AsArray().Single(r => (string?)r!["kind"] == kind)!;
}
