using System.Net;
using System.Text.Json.Nodes;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Registers;

[Collection(LocalHostGroup.Name)]
public sealed class CorrectiveActionsApiTests(LocalHostFixture fixture)
{
    private const string Owner = "ops.owner@contoso.example";

    private ApiClient Api => ApiClient.AdminOf(fixture.Client);

    private ApiClient OwnerApi => Api.As(Owner, Roles.Contributor);

    private ApiClient Auditor => Api.As("auditor@contoso.example", Roles.Auditor);

    private async Task<string> FindingAsync(string type = "MajorNonconformity")
    {
        var audit = await ApiClient.JsonAsync(await Api.PostAsync("api/audits", Audit()), HttpStatusCode.Created);
        var finding = await ApiClient.JsonAsync(await Api.PostAsync($"api/audits/{audit["id"]}/findings", Finding(type)), HttpStatusCode.Created);
        return (string)finding["id"]!;
    }

    private async Task<JsonObject> ActionAsync(string? findingId = null, string owner = Owner)
    {
        findingId ??= await FindingAsync();
        using var response = await Api.PostAsync($"api/findings/{findingId}/corrective-actions", RegisterData.Action(owner));
        var action = await ApiClient.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/api/corrective-actions/{action["id"]}", response.Headers.Location?.OriginalString);
        return action;
    }

    [Fact]
    public async Task A_format_other_than_json_or_html_is_refused_naming_it()
    {
        var action = await ActionAsync();
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/corrective-actions?format=pdf"), HttpStatusCode.BadRequest, "format");
        await ApiClient.AssertProblemAsync(await Api.GetAsync($"api/corrective-actions/{action["id"]}?format=xml"), HttpStatusCode.BadRequest, "format");
        Assert.Equal((string?)action["id"], (string?)(await ApiClient.JsonAsync(await Api.GetAsync($"api/corrective-actions/{action["id"]}?format=json"), HttpStatusCode.OK))["id"]);
    }

    [Fact]
    public async Task A_major_nonconformity_gets_an_action_due_in_30_days_and_a_minor_in_90()
    {
        var major = await ActionAsync(await FindingAsync("MajorNonconformity"));
        var minor = await ActionAsync(await FindingAsync("MinorNonconformity"));

        Assert.Equal(Date(30), (string?)major["dueDate"]);
        Assert.Equal(Date(90), (string?)minor["dueDate"]);
        Assert.Equal("Open", (string?)major["status"]);
        Assert.False((bool)major["overdue"]!);
    }

    [Fact]
    public async Task The_full_clause_10_2_lifecycle_passes_its_gates_and_closes_the_finding()
    {
        var findingId = await FindingAsync();
        var action = await ActionAsync(findingId);
        var path = $"api/corrective-actions/{action["id"]}";

        // No "implemented" without root cause and action plan.
        await ApiClient.AssertProblemAsync(await OwnerApi.PatchAsync(path, new { status = "Implemented" }), HttpStatusCode.Conflict, "rootCause");
        await ApiClient.JsonAsync(await OwnerApi.PatchAsync(path, new { rootCause = "No leaver process with HR.", actionPlan = "HR feed disables accounts on the leaving date.", status = "Implemented" }), HttpStatusCode.OK);

        // No "closed" by the owner, nor by setting the status.
        await ApiClient.AssertProblemAsync(await OwnerApi.PatchAsync(path, new { status = "Closed" }), HttpStatusCode.Conflict, "status");
        await ApiClient.AssertProblemAsync(await Api.As(Owner, Roles.Auditor).PostAsync(path + "/effectiveness-reviews", new { effective = true, notes = "Checked." }), HttpStatusCode.Conflict);

        // A failed review reopens it with a new due date.
        var reopened = await ApiClient.JsonAsync(await Auditor.PostAsync(path + "/effectiveness-reviews", new { effective = false, notes = "Two leavers still active." }), HttpStatusCode.Created);
        Assert.Equal("Open", (string?)reopened["status"]);
        Assert.Equal(Date(30), (string?)reopened["dueDate"]);
        Assert.Equal("Open", (string?)(await ApiClient.JsonAsync(await Api.GetAsync($"api/findings/{findingId}"), HttpStatusCode.OK))["status"]);

        await ApiClient.JsonAsync(await OwnerApi.PatchAsync(path, new { status = "Implemented" }), HttpStatusCode.OK);
        var closed = await ApiClient.JsonAsync(await Auditor.PostAsync(path + "/effectiveness-reviews", new { effective = true, notes = "Sampled 20 leavers: all disabled." }), HttpStatusCode.Created);

        Assert.Equal("Closed", (string?)closed["status"]);
        Assert.Equal(2, closed["effectivenessReviews"]!.AsArray().Count);
        Assert.Equal("Closed", (string?)(await ApiClient.JsonAsync(await Api.GetAsync(path), HttpStatusCode.OK))["status"]);
        Assert.Equal("Closed", (string?)(await ApiClient.JsonAsync(await Api.GetAsync($"api/findings/{findingId}"), HttpStatusCode.OK))["status"]);
        Assert.Contains(await Api.ArrayAsync($"api/corrective-actions?status=Closed&ownerUpn={Owner}"), a => (string?)a!["id"] == (string?)action["id"]);
        Assert.DoesNotContain(await Api.ArrayAsync("api/corrective-actions?status=Open"), a => (string?)a!["id"] == (string?)action["id"]);
        Assert.Equal("Closed", (string?)(await Api.ArrayAsync($"api/findings?auditId={findingId[..findingId.LastIndexOf("-F", StringComparison.Ordinal)]}")).Single()!["status"]);

        var trail = await ApiClient.JsonAsync(await Api.GetAsync($"api/audit-trail?entity=corrective-actions/{action["id"]}"), HttpStatusCode.OK);
        var entries = trail["entries"]!.AsArray();
        Assert.Equal("Created", (string?)entries[0]!["action"]);
        Assert.Contains(entries, e => e!["changes"]!.AsArray().Any(c => (string?)c!["field"] == "status" && (string?)c["after"] == "Closed") && (string?)e["by"] == "auditor@contoso.example");
    }

    [Fact]
    public async Task Owners_update_their_own_actions_and_nobody_else_s()
    {
        var action = await ActionAsync();
        var path = $"api/corrective-actions/{action["id"]}";

        await ApiClient.AssertProblemAsync(await Api.As("someone.else@contoso.example", Roles.Contributor).PatchAsync(path, new { rootCause = "x" }), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await Auditor.PatchAsync(path, new { rootCause = "x" }), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await OwnerApi.PostAsync(path + "/effectiveness-reviews", new { effective = true }), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await OwnerApi.PostAsync($"api/findings/{action["findingId"]}/corrective-actions", RegisterData.Action(Owner)), HttpStatusCode.Forbidden);
        var updated = await ApiClient.JsonAsync(await OwnerApi.PatchAsync(path, new { status = "InProgress", rootCause = "Manual leaver process." }), HttpStatusCode.OK);
        Assert.Equal("InProgress", (string?)updated["status"]);
        await ApiClient.JsonAsync(await Api.PatchAsync(path, new { actionPlan = "Automate it." }), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_snooze_needs_a_written_reason_and_is_recorded()
    {
        var action = await ActionAsync();
        var path = $"api/corrective-actions/{action["id"]}";

        await ApiClient.AssertProblemAsync(await OwnerApi.PatchAsync(path, new { snoozeUntil = Date(7) }), HttpStatusCode.BadRequest, "snoozeReason");
        await ApiClient.AssertProblemAsync(await OwnerApi.PatchAsync(path, new { snoozeUntil = Date(7), snoozeReason = "busy" }), HttpStatusCode.BadRequest, "snoozeReason");
        await ApiClient.AssertProblemAsync(await OwnerApi.PatchAsync(path, new { snoozeUntil = Date(-1), snoozeReason = "Waiting for the vendor's patch release." }), HttpStatusCode.BadRequest, "snoozeUntil");
        await ApiClient.AssertProblemAsync(await OwnerApi.PatchAsync(path, new { snoozeUntil = Date(90), snoozeReason = "Waiting for the vendor's patch release." }), HttpStatusCode.BadRequest, "snoozeUntil");
        var snoozed = await ApiClient.JsonAsync(await OwnerApi.PatchAsync(path, new { snoozeUntil = Date(7), snoozeReason = "Waiting for the vendor's patch release." }), HttpStatusCode.OK);

        Assert.Equal(Date(7), (string?)snoozed["snoozeUntil"]);
        Assert.Equal("Waiting for the vendor's patch release.", (string?)snoozed["snoozeReason"]);
    }

    [Fact]
    public async Task A_stale_ETag_on_an_action_gets_412_and_the_newer_change_stays()
    {
        var action = await ActionAsync();
        var path = $"api/corrective-actions/{action["id"]}";
        var etag = (string)action["etag"]!;
        await ApiClient.JsonAsync(await OwnerApi.PatchAsync(path, new { rootCause = "First" }, etag), HttpStatusCode.OK);

        await ApiClient.AssertProblemAsync(await OwnerApi.PatchAsync(path, new { rootCause = "Second" }, etag), HttpStatusCode.PreconditionFailed);
        await ApiClient.AssertProblemAsync(await Auditor.PostAsync(path + "/effectiveness-reviews", new { effective = true }, etag), HttpStatusCode.PreconditionFailed);

        Assert.Equal("First", (string?)(await ApiClient.JsonAsync(await Api.GetAsync(path), HttpStatusCode.OK))["rootCause"]);
    }

    [Theory]
    [InlineData("{\"correction\":\"c\"}", "ownerUpn")]
    [InlineData("{\"ownerUpn\":\"owner\",\"correction\":\"c\"}", "ownerUpn")]
    [InlineData("{\"ownerUpn\":\"a@contoso.example\"}", "correction")]
    [InlineData("{\"ownerUpn\":\"a@contoso.example\",\"correction\":\"c\",\"dueDate\":\"2001-01-01\"}", "dueDate")]
    [InlineData("{\"ownerUpn\":\"a@contoso.example\",\"correction\":\"c\",\"dueDate\":\"soon\"}", "dueDate")]
    public async Task Bad_corrective_actions_are_400_naming_the_field(string json, string field)
    {
        var findingId = await FindingAsync();

        await ApiClient.AssertProblemAsync(await Api.SendRawAsync(HttpMethod.Post, $"api/findings/{findingId}/corrective-actions", json, "application/json"), HttpStatusCode.BadRequest, field);
        Assert.Empty((await ApiClient.JsonAsync(await Api.GetAsync($"api/findings/{findingId}"), HttpStatusCode.OK))["correctiveActionIds"]!.AsArray());
    }

    [Fact]
    public async Task Observations_need_no_corrective_action_and_bad_requests_name_their_field()
    {
        await ApiClient.AssertProblemAsync(await Api.PostAsync($"api/findings/{await FindingAsync("Observation")}/corrective-actions", RegisterData.Action(Owner)), HttpStatusCode.BadRequest, "findingId");
        await ApiClient.AssertProblemAsync(await Api.PostAsync("api/findings/AUD-NOPE-FZZZZZZ/corrective-actions", RegisterData.Action(Owner)), HttpStatusCode.NotFound);
        var path = $"api/corrective-actions/{(await ActionAsync())["id"]}";
        await ApiClient.AssertProblemAsync(await OwnerApi.PatchAsync(path, new { status = "Finished" }), HttpStatusCode.BadRequest, "status");
        await ApiClient.AssertProblemAsync(await Auditor.PostAsync(path + "/effectiveness-reviews", new { notes = "n" }), HttpStatusCode.BadRequest, "effective");
        await ApiClient.AssertProblemAsync(await Auditor.PostAsync(path + "/effectiveness-reviews", new { effective = true }), HttpStatusCode.Conflict);
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/corrective-actions?overdue=sometimes"), HttpStatusCode.BadRequest, "overdue");
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/corrective-actions?ownerUpn=not-an-upn"), HttpStatusCode.BadRequest, "ownerUpn");
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/corrective-actions/CA-NOPE"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Actions_are_listed_by_owner_most_overdue_first()
    {
        var owner = $"lister.{Guid.NewGuid():N}@contoso.example";
        var first = await ActionAsync(owner: owner);
        var second = await ActionAsync(owner: owner);

        var listed = await Api.ArrayAsync($"api/corrective-actions?ownerUpn={owner}");

        Assert.Equal(2, listed.Count);
        Assert.Equal(new[] { (string)first["id"]!, (string)second["id"]! }.Order(), listed.Select(a => (string)a!["id"]!).Order());
        Assert.Empty(await Api.ArrayAsync($"api/corrective-actions?ownerUpn={owner}&overdue=true"));
    }
}
