using System.Net;
using System.Text.Json.Nodes;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Reviews;

/// <summary>Management reviews over the API (9.3): planned, held, completed and sealed, their inputs pack and output actions.</summary>
[Collection(LocalHostGroup.Name)]
public sealed class ManagementReviewApiTests(LocalHostFixture fixture)
{
    private const string Ceo = "ceo@contoso.example";

    private ApiClient Api => ApiClient.AdminOf(fixture.Client);

    private async Task<JsonObject> PlanAsync(int inDays = 0) =>
        await ApiClient.JsonAsync(await Api.PostAsync("api/management-reviews", new
        {
            plannedDate = Date(inDays),
            attendees = new object[] { new { upn = Ceo, topManagement = true }, new { upn = ApiClient.Admin, topManagement = false } },
        }), HttpStatusCode.Created);

    [Fact]
    public async Task A_review_is_planned_held_given_output_actions_and_completed_which_seals_a_snapshot_that_carries_it()
    {
        using var created = await Api.PostAsync("api/management-reviews", new { plannedDate = Date(0), attendees = new[] { new { upn = Ceo, topManagement = true } } });
        var review = await ApiClient.JsonAsync(created, HttpStatusCode.Created);
        var id = (string)review["id"]!;
        Assert.Equal($"/api/management-reviews/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("Planned", (string?)review["status"]);
        Assert.NotNull(review["completionNeeds"]!["minutes"]);

        // Output actions follow from a held review.
        await ApiClient.AssertProblemAsync(await Api.PostAsync($"api/management-reviews/{id}/actions", new { ownerUpn = "sam.it@contoso.example", description = "Hire." }), HttpStatusCode.Conflict, "status");
        var held = await ApiClient.JsonAsync(await Api.PatchAsync($"api/management-reviews/{id}", new
        {
            status = "Held",
            changesInIssues = "A new regulator for the payments business.",
            objectives = "Two of three objectives met.",
            feedback = "Customers asked for our SOC report.",
        }), HttpStatusCode.OK);
        Assert.Equal(Date(0), (string?)held["heldOn"]);
        var action = await ApiClient.JsonAsync(await Api.PostAsync($"api/management-reviews/{id}/actions", new { ownerUpn = "sam.it@contoso.example", description = "Hire a second security engineer." }), HttpStatusCode.Created);
        Assert.Equal("ReviewOutput", (string?)action["kind"]);
        Assert.Equal($"management-reviews/{id}", (string?)action["origin"]);

        // Completing needs minutes and a decision.
        var refused = await ApiClient.AssertProblemAsync(await Api.PatchAsync($"api/management-reviews/{id}", new { status = "Completed" }), HttpStatusCode.Conflict);
        Assert.NotNull(refused["errors"]?["minutes"]);
        Assert.NotNull(refused["errors"]?["decisions"]);
        Assert.Equal("Held", (string?)(await ApiClient.JsonAsync(await Api.GetAsync($"api/management-reviews/{id}"), HttpStatusCode.OK))["status"]);

        var completed = await ApiClient.JsonAsync(await Api.PatchAsync($"api/management-reviews/{id}", new
        {
            status = "Completed",
            minutes = "The board reviewed the pack and accepted the treatment plan.",
            decisions = new[] { new { kind = "Resources", text = "Fund a second security engineer." }, new { kind = "ChangeToIsms", text = "Bring the payments subsidiary into scope." } },
        }), HttpStatusCode.OK);
        Assert.Equal("Completed", (string?)completed["status"]);
        Assert.Equal(ApiClient.Admin, (string?)completed["completedBy"]);
        Assert.Equal([(string)action["id"]!], completed["outputActionIds"]!.AsArray().Select(a => (string)a!));
        var snapshotId = (string?)completed["snapshotId"];
        Assert.NotNull(snapshotId);

        var manifest = await ApiClient.JsonAsync(await Api.GetAsync($"api/snapshots/{snapshotId}"), HttpStatusCode.OK);
        Assert.Equal("ManagementReview", (string?)manifest["trigger"]);
        Assert.Equal(id, (string?)manifest["managementReview"]!["id"]);
        Assert.Equal("Fund a second security engineer.", (string?)manifest["managementReview"]!["decisions"]![0]!["text"]);
        Assert.Equal((string?)action["id"], (string?)manifest["managementReview"]!["outputActions"]![0]!["id"]);
        var item93 = manifest["readiness"]!["items"]!.AsArray().Single(i => (string?)i!["key"] == "9.3")!;
        Assert.True((bool)item93["evidenced"]!);
        var report = await (await Api.GetAsync($"api/snapshots/{snapshotId}/report")).Content.ReadAsStringAsync();
        Assert.Contains("Last management review", report, StringComparison.Ordinal);

        // A completed review is a record.
        await ApiClient.AssertProblemAsync(await Api.PatchAsync($"api/management-reviews/{id}", new { minutes = "Rewritten." }), HttpStatusCode.Conflict, "status");
        var trail = (await ApiClient.JsonAsync(await Api.GetAsync($"api/audit-trail?entity=management-reviews/{id}"), HttpStatusCode.OK))["entries"]!.AsArray();
        Assert.True(trail.Count >= 3, trail.ToJsonString());
    }

    [Fact]
    public async Task The_programmes_planned_review_becomes_the_record_and_moves_with_it()
    {
        var planned = await ApiClient.JsonAsync(await Api.PostAsync("api/audits", Audit(lead: ApiClient.Admin, scope: ["9.3"], type: "ManagementReview", startInDays: 400, lengthDays: 0)), HttpStatusCode.Created);
        var plannedId = (string)planned["id"]!;
        await ApiClient.AssertProblemAsync(await Api.PostAsync("api/management-reviews", new { plannedDate = Date(400), auditId = "AUD-NOPE" }), HttpStatusCode.BadRequest, "auditId");

        var review = await ApiClient.JsonAsync(await Api.PostAsync("api/management-reviews", new { plannedDate = Date(401), attendees = new[] { new { upn = Ceo, topManagement = true } } }), HttpStatusCode.Created);
        Assert.Equal(plannedId, (string?)review["auditId"]);
        await ApiClient.AssertProblemAsync(await Api.PostAsync("api/management-reviews", new { plannedDate = Date(400), auditId = plannedId }), HttpStatusCode.Conflict, "auditId");
        var path = $"api/management-reviews/{review["id"]}";

        await ApiClient.JsonAsync(await Api.PatchAsync(path, new { status = "Held" }), HttpStatusCode.OK);
        var running = await ApiClient.JsonAsync(await Api.GetAsync($"api/audits/{plannedId}"), HttpStatusCode.OK);
        Assert.Equal("InProgress", (string?)running["status"]);
        Assert.Equal(Date(0), (string?)running["actualStart"]);

        await ApiClient.JsonAsync(await Api.PatchAsync(path, new { status = "Completed", minutes = "Done.", decisions = new[] { new { kind = "Improvement", text = "Keep going." } } }), HttpStatusCode.OK);
        var done = await ApiClient.JsonAsync(await Api.GetAsync($"api/audits/{plannedId}"), HttpStatusCode.OK);
        Assert.Equal("Completed", (string?)done["status"]);
    }

    [Fact]
    public async Task The_pack_compiles_the_inputs_for_the_period_and_html_is_the_printable_page()
    {
        var review = await PlanAsync();
        var id = (string)review["id"]!;
        var complaint = await ApiClient.JsonAsync(await Api.PostAsync("api/findings", new { type = "MinorNonconformity", source = "Complaint", reference = "CMP-77", controlIds = new[] { "A.5.34" }, description = "A customer's data was sent to the wrong address." }), HttpStatusCode.Created);

        var pack = await ApiClient.JsonAsync(await Api.GetAsync($"api/management-reviews/{id}/pack"), HttpStatusCode.OK);
        Assert.Equal(id, (string?)pack["reviewId"]);
        Assert.Equal(Date(0), (string?)pack["to"]);
        foreach (var (section, input) in new[] { ("previousActions", "9.3.2 a"), ("changesInIssues", "9.3.2 b"), ("interestedParties", "9.3.2 c"), ("nonconformities", "9.3.2 d 1"), ("monitoring", "9.3.2 d 2"), ("auditResults", "9.3.2 d 3"), ("objectives", "9.3.2 d 4"), ("feedback", "9.3.2 e"), ("risks", "9.3.2 f"), ("improvement", "9.3.2 g") })
        {
            Assert.Equal(input, (string?)pack[section]!["input"]);
        }

        Assert.Contains(pack["feedback"]!["complaints"]!.AsArray(), c => (string?)c!["id"] == (string?)complaint["id"]);
        Assert.Contains(pack["nonconformities"]!["open"]!.AsArray(), c => (string?)c!["id"] == (string?)complaint["id"]);

        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Client.BaseAddress };
        using var html = await noRedirect.GetAsync($"api/management-reviews/{id}/pack?format=html");
        Assert.Equal(HttpStatusCode.MovedPermanently, html.StatusCode);
        Assert.Equal($"/management-reviews/{id}/pack", html.Headers.Location?.OriginalString);
        await ApiClient.AssertProblemAsync(await Api.GetAsync($"api/management-reviews/{id}/pack?format=pdf"), HttpStatusCode.BadRequest, "format");
    }

    [Fact]
    public async Task Only_an_ISMS_admin_plans_and_records_reviews_and_anyone_with_a_role_reads_them()
    {
        var review = await PlanAsync();
        var path = $"api/management-reviews/{review["id"]}";
        await ApiClient.AssertProblemAsync(await Api.As("auditor@contoso.example", Roles.Auditor).PostAsync("api/management-reviews", new { plannedDate = Date(5) }), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await Api.As("staff@contoso.example", Roles.Contributor).PatchAsync(path, new { minutes = "Mine." }), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await Api.As("staff@contoso.example", Roles.Contributor).PostAsync($"{path}/actions", new { ownerUpn = "sam.it@contoso.example", description = "d" }), HttpStatusCode.Forbidden);
        await ApiClient.JsonAsync(await Api.As("reader@contoso.example", Roles.Reader).GetAsync(path), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await Api.As("reader@contoso.example", Roles.Reader).GetAsync($"{path}/pack"), HttpStatusCode.OK);
        Assert.Contains(await Api.As("reader@contoso.example", Roles.Reader).ArrayAsync("api/management-reviews"), r => (string?)r!["id"] == (string?)review["id"]);
        await ApiClient.AssertProblemAsync(await Api.As("nobody@contoso.example").GetAsync(path), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/management-reviews/MR-0000000000"), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/management-reviews/MR-0000000000/pack"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_stale_etag_is_refused_and_changes_nothing()
    {
        var review = await PlanAsync();
        var path = $"api/management-reviews/{review["id"]}";
        await ApiClient.JsonAsync(await Api.PatchAsync(path, new { objectives = "First." }, (string)review["etag"]!), HttpStatusCode.OK);
        await ApiClient.AssertProblemAsync(await Api.PatchAsync(path, new { objectives = "Lost." }, (string)review["etag"]!), HttpStatusCode.PreconditionFailed);
        Assert.Equal("First.", (string?)(await ApiClient.JsonAsync(await Api.GetAsync(path), HttpStatusCode.OK))["objectives"]);
    }

    public static TheoryData<string, string> BadCreates => new()
    {
        { "{}", "plannedDate" },
        { """{"plannedDate":"next month"}""", "plannedDate" },
        { """{"plannedDate":"2026-13-01"}""", "plannedDate" },
        { """{"plannedDate":"2027-01-10","attendees":[{"upn":"not a upn","topManagement":true}]}""", "attendees[0].upn" },
        { """{"plannedDate":"2027-01-10","attendees":[{"topManagement":true}]}""", "attendees[0].upn" },
        { """{"plannedDate":"2027-01-10","attendees":[{"upn":"a@contoso.example"},{"upn":"A@contoso.example"}]}""", "attendees" },
        { """{"plannedDate":"2027-01-10","attendees":"ceo@contoso.example"}""", "attendees" },
        { """{"plannedDate":"2027-01-10","status":"Completed"}""", "status" },
        { """{"plannedDate":"2027-01-10","chair":"ceo"}""", "chair" },
        { "[]", "body" },
        { "{", "body" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task A_bad_review_is_refused_naming_the_field_and_nothing_is_written(string body, string field)
    {
        var before = (await Api.ArrayAsync("api/management-reviews?pageSize=1000")).Count;
        using var response = await Api.SendRawAsync(HttpMethod.Post, "api/management-reviews", body, "application/json");
        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]?[field] is not null || ((string?)problem["detail"])?.Contains(field, StringComparison.OrdinalIgnoreCase) == true, problem.ToJsonString());
        Assert.Equal(before, (await Api.ArrayAsync("api/management-reviews?pageSize=1000")).Count);
    }

    public static TheoryData<string, string> BadChanges => new()
    {
        { """{"status":"Adjourned"}""", "status" },
        { """{"heldOn":"2999-01-01"}""", "heldOn" },
        { """{"decisions":[{"kind":"Party","text":"x"}]}""", "kind" },
        { """{"decisions":[{"kind":"Improvement","text":"  "}]}""", "decisions[0].text" },
        { "{\"minutes\":\"" + new string('m', 6001) + "\"}", "minutes" },
        { "{\"feedback\":\"" + new string('f', 2001) + "\"}", "feedback" },
        { """{"attendees":[{"upn":"x","topManagement":true}]}""", "attendees[0].upn" },
    };

    [Theory]
    [MemberData(nameof(BadChanges))]
    public async Task A_bad_change_is_refused_naming_the_field_and_nothing_changes(string body, string field)
    {
        var review = await PlanAsync();
        var path = $"api/management-reviews/{review["id"]}";
        using var response = await Api.SendRawAsync(HttpMethod.Patch, path, body, "application/json");
        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]?[field] is not null || ((string?)problem["detail"])?.Contains(field, StringComparison.OrdinalIgnoreCase) == true, problem.ToJsonString());
        Assert.Equal((string?)review["etag"], (string?)(await ApiClient.JsonAsync(await Api.GetAsync(path), HttpStatusCode.OK))["etag"]);
    }
}
