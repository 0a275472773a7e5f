using System.Net;
using System.Text.Json.Nodes;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;

namespace Isms.IntegrationTests.Improvement;

/// <summary>POST /api/findings: nonconformities and opportunities found outside audits, their actions, and the improvement log.</summary>
[Collection(LocalHostGroup.Name)]
public sealed class FindingsOutsideAuditsApiTests(LocalHostFixture fixture)
{
    private const string Owner = "it.ops@contoso.example";

    private ApiClient Api => ApiClient.AdminOf(fixture.Client);

    private static object Nonconformity(string source = "Incident", string? reference = "INC-4711", string type = "MinorNonconformity") => new
    {
        type,
        source,
        reference,
        controlIds = new[] { "a.5.24", "10.2" },
        description = "The ransomware incident was not reported to the ISMS manager within the 24 hours the procedure sets.",
    };

    [Fact]
    public async Task An_incident_raises_a_nonconformity_whose_corrective_action_runs_the_usual_lifecycle()
    {
        using var response = await Api.PostAsync("api/findings", Nonconformity());
        var finding = await ApiClient.JsonAsync(response, HttpStatusCode.Created);
        var id = (string)finding["id"]!;
        Assert.Equal($"/api/findings/{id}", response.Headers.Location?.OriginalString);
        Assert.Null(finding["auditId"]);
        Assert.Equal("Incident", (string?)finding["source"]);
        Assert.Equal("INC-4711", (string?)finding["reference"]);
        Assert.Equal(["A.5.24", "10.2"], finding["controlIds"]!.AsArray().Select(c => (string)c!));
        Assert.Equal("Open", (string?)finding["status"]);

        var action = await ApiClient.JsonAsync(await Api.PostAsync($"api/findings/{id}/corrective-actions", new { ownerUpn = Owner, correction = "Report the incident now." }), HttpStatusCode.Created);
        Assert.Equal("Corrective", (string?)action["kind"]);
        Assert.Equal(id, (string?)action["findingId"]);
        Assert.Null(action["auditId"]);

        // The owner cannot mark it implemented without a root cause: the same gates as an audit's corrective action.
        var ownerApi = Api.As(Owner, Roles.Contributor);
        await ApiClient.AssertProblemAsync(await ownerApi.PatchAsync($"api/corrective-actions/{action["id"]}", new { actionPlan = "Train the on-call staff.", status = "Implemented" }), HttpStatusCode.Conflict, "rootCause");
        await ApiClient.JsonAsync(await ownerApi.PatchAsync($"api/corrective-actions/{action["id"]}", new { rootCause = "On-call staff did not know the procedure.", actionPlan = "Train the on-call staff.", status = "Implemented" }), HttpStatusCode.OK);

        var read = await ApiClient.JsonAsync(await Api.GetAsync($"api/findings/{id}"), HttpStatusCode.OK);
        Assert.Equal([(string)action["id"]!], read["correctiveActionIds"]!.AsArray().Select(a => (string)a!));
        Assert.Contains(await Api.ArrayAsync("api/findings?source=Incident&pageSize=1000"), f => (string?)f!["id"] == id);
        Assert.DoesNotContain(await Api.ArrayAsync("api/findings?source=Complaint&pageSize=1000"), f => (string?)f!["id"] == id);
        Assert.DoesNotContain(await Api.ArrayAsync("api/findings?source=Audit&pageSize=1000"), f => (string?)f!["id"] == id);
        Assert.Contains(await Api.ArrayAsync("api/findings?status=Open&pageSize=1000"), f => (string?)f!["id"] == id);
    }

    [Fact]
    public async Task An_opportunity_for_improvement_takes_improvement_actions_and_appears_in_the_improvement_log()
    {
        var ofi = await ApiClient.JsonAsync(await Api.PostAsync("api/findings", Nonconformity("ManagementReview", "MR-2026-2", "OpportunityForImprovement")), HttpStatusCode.Created);
        var id = (string)ofi["id"]!;
        var action = await ApiClient.JsonAsync(await Api.PostAsync($"api/findings/{id}/corrective-actions", new { ownerUpn = Owner, correction = "Automate the incident notification." }), HttpStatusCode.Created);
        Assert.Equal("Improvement", (string?)action["kind"]);

        // An improvement action needs no root cause to be implemented.
        await ApiClient.JsonAsync(await Api.As(Owner, Roles.Contributor).PatchAsync($"api/corrective-actions/{action["id"]}", new { actionPlan = "Flow built and tested.", status = "Implemented" }), HttpStatusCode.OK);

        var log = await Api.ArrayAsync("api/improvement-log?pageSize=1000");
        var entry = log.Single(e => (string?)e!["findingId"] == id)!;
        Assert.Equal("Management review MR-2026-2", (string?)entry["origin"]);
        var logged = entry["actions"]!.AsArray().Single()!;
        Assert.Equal((string?)action["id"], (string?)logged["id"]);
        Assert.Equal("Implemented", (string?)logged["status"]);
    }

    [Fact]
    public async Task An_opportunity_raised_in_an_audit_is_in_the_improvement_log_too()
    {
        var audit = await ApiClient.JsonAsync(await Api.PostAsync("api/audits", Registers.RegisterData.Audit()), HttpStatusCode.Created);
        var ofi = await ApiClient.JsonAsync(await Api.PostAsync($"api/audits/{audit["id"]}/findings", new { type = "OpportunityForImprovement", controlIds = new[] { "A.8.2" }, description = "Privileged accounts could be reviewed monthly." }), HttpStatusCode.Created);

        var entry = (await Api.ArrayAsync("api/improvement-log?pageSize=1000")).Single(e => (string?)e!["findingId"] == (string?)ofi["id"])!;
        Assert.Equal($"audit {audit["id"]}", (string?)entry["origin"]);
        Assert.Equal("Audit", (string?)entry["source"]);
        Assert.Empty(entry["actions"]!.AsArray());
    }

    [Fact]
    public async Task Only_an_ISMS_admin_or_auditor_raises_one_and_anyone_with_a_role_reads_them()
    {
        await ApiClient.AssertProblemAsync(await Api.As("staff@contoso.example", Roles.Contributor).PostAsync("api/findings", Nonconformity()), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await Api.As("reader@contoso.example", Roles.Reader).PostAsync("api/findings", Nonconformity()), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await Api.As("nobody@contoso.example").PostAsync("api/findings", Nonconformity()), HttpStatusCode.Forbidden);
        var raised = await ApiClient.JsonAsync(await Api.As("auditor@contoso.example", Roles.Auditor).PostAsync("api/findings", Nonconformity("Complaint", "CMP-9")), HttpStatusCode.Created);
        Assert.Equal("auditor@contoso.example", (string?)raised["raisedBy"]);
        await ApiClient.JsonAsync(await Api.As("reader@contoso.example", Roles.Reader).GetAsync($"api/findings/{raised["id"]}"), HttpStatusCode.OK);
        Assert.NotNull(await Api.As("reader@contoso.example", Roles.Reader).ArrayAsync("api/improvement-log"));
        await ApiClient.AssertProblemAsync(await Api.As("nobody@contoso.example").GetAsync("api/improvement-log"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_unknown_finding_outside_audits_is_404()
    {
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/findings/FND-0000000000"), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await Api.PostAsync("api/findings/FND-0000000000/corrective-actions", new { ownerUpn = Owner, correction = "c" }), HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> BadFindings => new()
    {
        { """{"source":"Incident","reference":"INC-1","controlIds":["A.5.24"],"description":"d"}""", "type" },
        { """{"type":"Nonconformity","source":"Incident","reference":"INC-1","controlIds":["A.5.24"],"description":"d"}""", "type" },
        { """{"type":"Observation","source":"Incident","reference":"INC-1","controlIds":["A.5.24"],"description":"d"}""", "type" },
        { """{"type":"MinorNonconformity","reference":"INC-1","controlIds":["A.5.24"],"description":"d"}""", "source" },
        { """{"type":"MinorNonconformity","source":"Audit","reference":"INC-1","controlIds":["A.5.24"],"description":"d"}""", "source" },
        { """{"type":"MinorNonconformity","source":"Rumour","reference":"INC-1","controlIds":["A.5.24"],"description":"d"}""", "source" },
        { """{"type":"MinorNonconformity","source":"Incident","controlIds":["A.5.24"],"description":"d"}""", "reference" },
        { """{"type":"MinorNonconformity","source":"Complaint","reference":"  ","controlIds":["A.5.24"],"description":"d"}""", "reference" },
        { "{\"type\":\"MinorNonconformity\",\"source\":\"Incident\",\"reference\":\"" + new string('r', 101) + "\",\"controlIds\":[\"A.5.24\"],\"description\":\"d\"}", "reference" },
        { """{"type":"MinorNonconformity","source":"Incident","reference":"INC-1","controlIds":[],"description":"d"}""", "controlIds" },
        { """{"type":"MinorNonconformity","source":"Incident","reference":"INC-1","description":"d"}""", "controlIds" },
        { """{"type":"MinorNonconformity","source":"Incident","reference":"INC-1","controlIds":["A.5.99"],"description":"d"}""", "controlIds" },
        { """{"type":"MinorNonconformity","source":"Incident","reference":"INC-1","controlIds":"A.5.24","description":"d"}""", "controlIds" },
        { """{"type":"MinorNonconformity","source":"Incident","reference":"INC-1","controlIds":["A.5.24"],"description":"   "}""", "description" },
        { """{"type":"MinorNonconformity","source":"Incident","reference":"INC-1","controlIds":["A.5.24"]}""", "description" },
        { "{\"type\":\"MinorNonconformity\",\"source\":\"Incident\",\"reference\":\"INC-1\",\"controlIds\":[\"A.5.24\"],\"description\":\"" + new string('d', 4001) + "\"}", "description" },
        { """{"type":"MinorNonconformity","source":"Incident","reference":"INC-1","controlIds":["A.5.24"],"description":"d","auditId":"AUD-1"}""", "auditId" },
        { "[]", "body" },
        { "{", "body" },
    };

    [Theory]
    [MemberData(nameof(BadFindings))]
    public async Task A_bad_finding_is_refused_naming_the_field_and_nothing_is_written(string body, string field)
    {
        var before = (await Api.ArrayAsync("api/findings?source=Incident&pageSize=1000")).Count + (await Api.ArrayAsync("api/findings?source=Complaint&pageSize=1000")).Count;
        using var response = await Api.SendRawAsync(HttpMethod.Post, "api/findings", body, "application/json");
        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]?[field] is not null || ((string?)problem["detail"])?.Contains(field, StringComparison.OrdinalIgnoreCase) == true, problem.ToJsonString());
        Assert.Equal(before, (await Api.ArrayAsync("api/findings?source=Incident&pageSize=1000")).Count + (await Api.ArrayAsync("api/findings?source=Complaint&pageSize=1000")).Count);
    }

    [Fact]
    public async Task An_action_on_an_observation_is_refused()
    {
        var audit = await ApiClient.JsonAsync(await Api.PostAsync("api/audits", Registers.RegisterData.Audit()), HttpStatusCode.Created);
        var observation = await ApiClient.JsonAsync(await Api.PostAsync($"api/audits/{audit["id"]}/findings", new { type = "Observation", controlIds = new[] { "A.8.2" }, description = "Noted." }), HttpStatusCode.Created);
        await ApiClient.AssertProblemAsync(await Api.PostAsync($"api/findings/{observation["id"]}/corrective-actions", new { ownerUpn = Owner, correction = "c" }), HttpStatusCode.BadRequest, "findingId");
    }

    [Fact]
    public async Task A_bad_source_filter_is_refused_naming_it()
    {
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/findings?source=Rumour"), HttpStatusCode.BadRequest, "source");
    }
}
