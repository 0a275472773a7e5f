using System.Net;
using System.Net.Http.Json;
using Isms.Core.GapAnalysis;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Evidence;
using Isms.IntegrationTests.Infrastructure;
using Isms.IntegrationTests.Registers;

namespace Isms.IntegrationTests.GapAnalysis;

/// <summary>The gap analysis through the API: assessments with their history, counts, progress, roles and refusals.</summary>
[Collection(LocalHostGroup.Name)]
public sealed class GapAnalysisApiTests(LocalHostFixture fixture)
{
    private ApiClient Api => ApiClient.AdminOf(fixture.Client);

    private ApiClient Auditor => Api.As("gap.auditor@contoso.example", Roles.Auditor);

    [Fact]
    public async Task Every_requirement_of_clauses_4_to_10_is_listed_with_counts_per_clause()
    {
        var analysis = await ApiClient.JsonAsync(await Api.GetAsync("api/gap-analysis"), HttpStatusCode.OK);

        var requirements = analysis["requirements"]!.AsArray();
        Assert.Equal(RequirementCatalogue.All.Count, requirements.Count);
        Assert.Contains(requirements, r => (string?)r!["requirementId"] == "6.1.3-4" && ((string?)r["text"])!.Contains("Statement of Applicability", StringComparison.Ordinal));
        Assert.Equal([4, 5, 6, 7, 8, 9, 10], analysis["clauses"]!.AsArray().Select(c => (int)c!["clause"]!));
        Assert.Equal(RequirementCatalogue.All.Count, analysis["clauses"]!.AsArray().Sum(c => (int)c!["requirements"]!));

        var clause9 = await ApiClient.JsonAsync(await Api.GetAsync("api/gap-analysis?clause=9"), HttpStatusCode.OK);
        Assert.All(clause9["requirements"]!.AsArray(), r => Assert.StartsWith("9.", (string?)r!["clause"], StringComparison.Ordinal));
        Assert.Equal(7, clause9["clauses"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_reassessment_keeps_the_history_moves_the_counts_and_the_trail_names_only_the_new_assessment()
    {
        const string path = "api/gap-analysis/6.1.2-4";
        var first = await ApiClient.JsonAsync(await Auditor.PutAsync(path, new { status = "NotMet", note = "No likelihood scale agreed." }, ApiClient.AnyVersion), HttpStatusCode.OK);
        Assert.Equal("NotMet", (string?)first["status"]);

        using var filed = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(EvidenceFiles.Pdf(), "risk-method.pdf", fields: [("controlIds", "6.1.2")]), ApiClient.Admin, Roles.Admin);
        var evidenceId = (string)(await ApiClient.JsonAsync(filed, HttpStatusCode.Created))["id"]!;

        // The version read before is stale once someone else assessed: 412, and nothing changes.
        var second = await ApiClient.JsonAsync(await Api.PutAsync(path, new { status = "Met", evidenceIds = new[] { evidenceId } }, (string)first["etag"]!), HttpStatusCode.OK);
        await ApiClient.AssertProblemAsync(await Auditor.PutAsync(path, new { status = "Partial", note = "late" }, (string)first["etag"]!), HttpStatusCode.PreconditionFailed);

        var item = await ApiClient.JsonAsync(await Api.GetAsync(path), HttpStatusCode.OK);
        Assert.Equal("Met", (string?)item["status"]);
        Assert.Equal([evidenceId], item["evidenceIds"]!.AsArray().Select(e => (string?)e));
        Assert.Equal(["NotMet", "Met"], item["assessments"]!.AsArray().Select(a => (string?)a!["status"]));
        Assert.Equal("gap.auditor@contoso.example", (string?)item["assessments"]![0]!["assessedBy"]);
        Assert.Equal((string?)second["etag"], (string?)item["etag"]);

        var analysis = await ApiClient.JsonAsync(await Api.GetAsync("api/gap-analysis"), HttpStatusCode.OK);
        Assert.Equal("Met", (string?)analysis["requirements"]!.AsArray().Single(r => (string?)r!["requirementId"] == "6.1.2-4")!["status"]);
        Assert.True((int)analysis["clauses"]!.AsArray().Single(c => (int)c!["clause"]! == 6)!["met"]! >= 1);
        Assert.NotEmpty(analysis["progress"]!.AsArray());

        var entries = (await ApiClient.JsonAsync(await Api.GetAsync("api/audit-trail?entity=gap-analysis/6.1.2-4"), HttpStatusCode.OK))["entries"]!.AsArray();
        Assert.Equal(2, entries.Count);
        var changed = entries[1]!["changes"]!.AsArray().Select(c => (string?)c!["field"]).ToList();
        Assert.Contains("assessments[2]", changed);
        Assert.DoesNotContain("assessments[1]", changed);
        Assert.Contains("status", changed);
    }

    [Fact]
    public async Task Only_ISMS_admins_and_auditors_assess_and_a_write_names_its_version()
    {
        const string path = "api/gap-analysis/7.2-4";
        await ApiClient.AssertProblemAsync(await Api.As("someone@contoso.example", Roles.Contributor).PutAsync(path, new { status = "Met", note = "ok" }), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await Api.As("someone@contoso.example", Roles.Reader).PutAsync(path, new { status = "Met", note = "ok" }), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await Api.PutAsync(path, new { status = "Met", note = "ok" }, ifMatch: null), (HttpStatusCode)428);
        await ApiClient.AssertProblemAsync(await Api.PutAsync("api/gap-analysis/11.1-1", new { status = "Met", note = "ok" }), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/gap-analysis/A.5.1"), HttpStatusCode.NotFound);
        await ApiClient.JsonAsync(await Api.As("reader@contoso.example", Roles.Reader).GetAsync(path), HttpStatusCode.OK);

        var item = await ApiClient.JsonAsync(await Api.GetAsync(path), HttpStatusCode.OK);
        Assert.Null(item["status"]);
        Assert.Empty(item["assessments"]!.AsArray());
    }

    public static TheoryData<string, string> BadAssessments => new()
    {
        { "{}", "status" },
        { """{"status":"Done","note":"x"}""", "status" },
        { """{"status":3,"note":"x"}""", "status" },
        { """{"status":"NotMet"}""", "note" },
        { """{"status":"Partial","note":"   "}""", "note" },
        { """{"status":"Met"}""", "evidenceIds" },
        { """{"status":"Met","evidenceIds":["EV-DOESNOTEXIST"]}""", "evidenceIds" },
        { """{"status":"Met","evidenceIds":"EV-1"}""", "evidenceIds" },
        { """{"status":"Partial","note":""" + "\"" + new string('n', 4001) + "\"" + "}", "note" },
        { """{"status":"Met","note":"ok","colour":"green"}""", "colour" },
        { """{"status":"Met","note":42}""", "note" },
        { "not json", "body" },
    };

    [Theory]
    [MemberData(nameof(BadAssessments))]
    public async Task A_bad_assessment_is_refused_naming_the_field_and_writes_nothing(string body, string field)
    {
        const string path = "api/gap-analysis/10.2-6";
        using var response = await Api.SendAsync(HttpMethod.Put, path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), ApiClient.AnyVersion);
        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]?[field] is not null || ((string?)problem["detail"])?.Contains(field, StringComparison.OrdinalIgnoreCase) == true, problem.ToJsonString());

        var item = await ApiClient.JsonAsync(await Api.GetAsync(path), HttpStatusCode.OK);
        Assert.Empty(item["assessments"]!.AsArray());
    }

    [Theory]
    [InlineData("api/gap-analysis?clause=11", "clause")]
    [InlineData("api/gap-analysis?clause=six", "clause")]
    [InlineData("api/gap-analysis?format=pdf", "format")]
    public async Task A_bad_query_is_refused_naming_it(string path, string field)
    {
        await ApiClient.AssertProblemAsync(await Api.GetAsync(path), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_gap_raises_an_action_with_the_corrective_action_lifecycle_and_no_root_cause_gate()
    {
        const string path = "api/gap-analysis/7.3-1";
        const string owner = "awareness.owner@contoso.example";
        var body = new { ownerUpn = owner, description = "Run the awareness session for all staff.", dueDate = RegisterData.Date(20) };

        // Nothing to close before the requirement is assessed as a gap.
        await ApiClient.AssertProblemAsync(await Auditor.PostAsync(path + "/actions", body), HttpStatusCode.Conflict, "status");
        await ApiClient.JsonAsync(await Auditor.PutAsync(path, new { status = "Partial", note = "Only IT staff were briefed." }), HttpStatusCode.OK);
        await ApiClient.AssertProblemAsync(await Api.As(owner, Roles.Contributor).PostAsync(path + "/actions", body), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await Auditor.PostAsync(path + "/actions", new { ownerUpn = "not an address", description = "" }), HttpStatusCode.BadRequest, "ownerUpn");

        using var raised = await Auditor.PostAsync(path + "/actions", body);
        var action = await ApiClient.JsonAsync(raised, HttpStatusCode.Created);
        var id = (string)action["id"]!;
        Assert.Equal($"/api/corrective-actions/{id}", raised.Headers.Location?.OriginalString);
        Assert.Equal("GapClosure", (string?)action["kind"]);
        Assert.Equal("gap-analysis/7.3-1", (string?)action["origin"]);
        Assert.Null(action["findingId"]);
        Assert.Equal(RegisterData.Date(20), (string?)action["dueDate"]);

        var item = await ApiClient.JsonAsync(await Api.GetAsync(path), HttpStatusCode.OK);
        Assert.Equal([id], item["actionIds"]!.AsArray().Select(a => (string?)a));
        Assert.Contains((await ApiClient.JsonAsync(await Api.GetAsync("api/gap-analysis?clause=7"), HttpStatusCode.OK))["requirements"]!.AsArray(),
            r => (string?)r!["requirementId"] == "7.3-1" && r["actionIds"]!.AsArray().Count == 1);
        Assert.Contains(await Api.ArrayAsync($"api/corrective-actions?ownerUpn={owner}"), a => (string?)a!["id"] == id);

        // The owner records what was done and marks it implemented: a gap has no root cause to find.
        var ownerApi = Api.As(owner, Roles.Contributor);
        var implemented = await ApiClient.JsonAsync(await ownerApi.PatchAsync($"api/corrective-actions/{id}", new { actionPlan = "Session held on 12 March, attendance list filed.", status = "Implemented" }), HttpStatusCode.OK);
        Assert.Equal("Implemented", (string?)implemented["status"]);
        await ApiClient.AssertProblemAsync(await Api.As(owner, Roles.Auditor).PostAsync($"api/corrective-actions/{id}/effectiveness-reviews", new { effective = true }), HttpStatusCode.Conflict, "reviewerUpn");
        var closed = await ApiClient.JsonAsync(await Auditor.PostAsync($"api/corrective-actions/{id}/effectiveness-reviews", new { effective = true, notes = "Attendance 96%." }), HttpStatusCode.Created);
        Assert.Equal("Closed", (string?)closed["status"]);
        Assert.Equal("GapClosure", (string?)closed["kind"]);
    }

    [Fact]
    public async Task The_html_format_leads_to_the_page_that_prints_as_the_report()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Client.BaseAddress };
        foreach (var path in new[] { "api/gap-analysis?format=html", "api/gap-analysis/report?format=html" })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
            Assert.Equal("/gap-analysis", response.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task The_report_gives_every_requirement_by_clause_with_its_history()
    {
        await ApiClient.JsonAsync(await Api.PutAsync("api/gap-analysis/7.2-1", new { status = "NotMet", note = "No competence records." }), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await Api.PutAsync("api/gap-analysis/7.2-1", new { result = "Partial", note = "Records for IT only." }), HttpStatusCode.OK);

        var report = await ApiClient.JsonAsync(await Api.GetAsync("api/gap-analysis/report?clause=7"), HttpStatusCode.OK);

        var requirement = report["requirements"]!.AsArray().Single(r => (string?)r!["requirementId"] == "7.2-1")!;
        Assert.Equal("Partial", (string?)requirement["status"]);
        var history = requirement["assessments"]!.AsArray();
        Assert.True(history.Count >= 2, history.ToJsonString());
        Assert.Equal(["NotMet", "Partial"], history.TakeLast(2).Select(a => (string)a!["status"]!));
        Assert.All(report["requirements"]!.AsArray(), r => Assert.StartsWith("7", (string)r!["clause"]!, StringComparison.Ordinal));
        Assert.NotEmpty(report["clauses"]!.AsArray());
        Assert.Null((await ApiClient.JsonAsync(await Api.GetAsync("api/gap-analysis?clause=7"), HttpStatusCode.OK))["requirements"]![0]!["assessments"]);
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/gap-analysis/report?format=pdf"), HttpStatusCode.BadRequest, "format");
    }
}
