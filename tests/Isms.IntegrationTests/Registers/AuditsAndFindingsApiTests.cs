using System.Net;
using System.Text.Json.Nodes;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Registers;

[Collection(LocalHostGroup.Name)]
public sealed class AuditsAndFindingsApiTests(LocalHostFixture fixture)
{
    private ApiClient Api => ApiClient.AdminOf(fixture.Client);

    private async Task<JsonObject> CreateAuditAsync(object? body = null)
    {
        using var response = await Api.PostAsync("api/audits", body ?? Audit());
        var audit = await ApiClient.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/api/audits/{audit["id"]}", response.Headers.Location?.OriginalString);
        return audit;
    }

    [Fact]
    public async Task An_audit_is_planned_read_and_listed()
    {
        var audit = await CreateAuditAsync();
        var id = (string)audit["id"]!;

        var read = await ApiClient.JsonAsync(await Api.GetAsync($"api/audits/{id}"), HttpStatusCode.OK);
        Assert.Equal("Planned", (string?)read["status"]);
        Assert.Equal(["A.5.15", "A.8.2"], read["scope"]!.AsArray().Select(s => (string)s!));
        Assert.Contains(await Api.ArrayAsync("api/audits?type=Internal&status=Planned"), a => (string?)a!["id"] == id);
        Assert.DoesNotContain(await Api.ArrayAsync("api/audits?type=Surveillance"), a => (string?)a!["id"] == id);
        Assert.Contains(await Api.ArrayAsync($"api/audits?from={Date(11)}&to={Date(11)}"), a => (string?)a!["id"] == id);
        Assert.DoesNotContain(await Api.ArrayAsync($"api/audits?from={Date(30)}"), a => (string?)a!["id"] == id);
    }

    [Fact]
    public async Task An_audit_moves_through_its_lifecycle_and_refuses_impossible_moves()
    {
        var id = (string)(await CreateAuditAsync())["id"]!;

        await ApiClient.AssertProblemAsync(await Api.PatchAsync($"api/audits/{id}", new { status = "Completed" }), HttpStatusCode.Conflict, "status");
        var started = await ApiClient.JsonAsync(await Api.PatchAsync($"api/audits/{id}", new { status = "InProgress" }), HttpStatusCode.OK);
        Assert.NotNull(started["actualStart"]);
        await ApiClient.JsonAsync(await Api.PatchAsync($"api/audits/{id}", new { status = "Completed" }), HttpStatusCode.OK);
        await ApiClient.AssertProblemAsync(await Api.PatchAsync($"api/audits/{id}", new { title = "Renamed" }), HttpStatusCode.Conflict, "status");
        await ApiClient.AssertProblemAsync(await Api.PatchAsync($"api/audits/{id}", new { status = "Planned" }), HttpStatusCode.Conflict, "status");
    }

    [Fact]
    public async Task A_stale_ETag_on_an_audit_gets_412_and_changes_nothing()
    {
        var audit = await CreateAuditAsync();
        var id = (string)audit["id"]!;
        var etag = (string)audit["etag"]!;
        await ApiClient.JsonAsync(await Api.PatchAsync($"api/audits/{id}", new { title = "First change" }, etag), HttpStatusCode.OK);

        await ApiClient.AssertProblemAsync(await Api.PatchAsync($"api/audits/{id}", new { title = "Lost update" }, etag), HttpStatusCode.PreconditionFailed);

        Assert.Equal("First change", (string?)(await ApiClient.JsonAsync(await Api.GetAsync($"api/audits/{id}"), HttpStatusCode.OK))["title"]);
    }

    [Fact]
    public async Task Nobody_audits_a_control_they_own()
    {
        await ApiClient.JsonAsync(await Api.PutAsync("api/controls/A.8.16", new { applicable = true, implementationStatus = "Partial", ownerUpn = "soc.lead@contoso.example" }), HttpStatusCode.OK);

        var refused = await ApiClient.AssertProblemAsync(await Api.PostAsync("api/audits", Audit(lead: "soc.lead@contoso.example", scope: ["A.8.16"])), HttpStatusCode.BadRequest, "leadAuditorUpn");
        Assert.Contains("A.8.16", refused["errors"]!["leadAuditorUpn"]![0]!.ToString(), StringComparison.Ordinal);

        var id = (string)(await CreateAuditAsync(Audit(scope: ["A.8.16"])))["id"]!;
        await ApiClient.AssertProblemAsync(await Api.PatchAsync($"api/audits/{id}", new { auditors = new[] { "soc.lead@contoso.example" } }), HttpStatusCode.BadRequest, "auditors");
    }

    [Theory]
    [InlineData("{\"type\":\"Audit\",\"title\":\"t\",\"plannedStart\":\"2030-01-01\",\"plannedEnd\":\"2030-01-02\",\"leadAuditorUpn\":\"a@contoso.example\",\"scope\":[\"A.5.1\"]}", "type")]
    [InlineData("{\"title\":\"t\",\"plannedStart\":\"2030-01-01\",\"plannedEnd\":\"2030-01-02\",\"leadAuditorUpn\":\"a@contoso.example\",\"scope\":[\"A.5.1\"]}", "type")]
    [InlineData("{\"type\":\"Internal\",\"title\":\"t\",\"plannedStart\":\"2030-01-05\",\"plannedEnd\":\"2030-01-02\",\"leadAuditorUpn\":\"a@contoso.example\",\"scope\":[\"A.5.1\"]}", "plannedEnd")]
    [InlineData("{\"type\":\"Internal\",\"title\":\"t\",\"plannedStart\":\"2030-02-30\",\"plannedEnd\":\"2030-03-02\",\"leadAuditorUpn\":\"a@contoso.example\",\"scope\":[\"A.5.1\"]}", "plannedStart")]
    [InlineData("{\"type\":\"Internal\",\"title\":\"t\",\"plannedEnd\":\"2030-03-02\",\"leadAuditorUpn\":\"a@contoso.example\",\"scope\":[\"A.5.1\"]}", "plannedStart")]
    [InlineData("{\"type\":\"Internal\",\"title\":\"t\",\"plannedStart\":\"2030-01-01\",\"plannedEnd\":\"2030-01-02\",\"leadAuditorUpn\":\"a@contoso.example\",\"scope\":[\"A.9.9\"]}", "scope")]
    [InlineData("{\"type\":\"Internal\",\"title\":\"t\",\"plannedStart\":\"2030-01-01\",\"plannedEnd\":\"2030-01-02\",\"leadAuditorUpn\":\"a@contoso.example\",\"scope\":\"A.5.1\"}", "scope")]
    [InlineData("{\"type\":\"Internal\",\"title\":\"t\",\"plannedStart\":\"2030-01-01\",\"plannedEnd\":\"2030-01-02\",\"leadAuditorUpn\":\"nobody\",\"scope\":[\"A.5.1\"]}", "leadAuditorUpn")]
    [InlineData("{\"type\":\"Internal\",\"title\":\"\",\"plannedStart\":\"2030-01-01\",\"plannedEnd\":\"2030-01-02\",\"leadAuditorUpn\":\"a@contoso.example\",\"scope\":[\"A.5.1\"]}", "title")]
    public async Task Bad_audits_are_400_naming_the_field(string json, string field)
    {
        await ApiClient.AssertProblemAsync(await Api.SendRawAsync(HttpMethod.Post, "api/audits", json, "application/json"), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Audit_filters_and_ids_are_checked()
    {
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/audits?status=Bogus"), HttpStatusCode.BadRequest, "status");
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/audits?from=2030-05-01&to=2030-01-01"), HttpStatusCode.BadRequest, "to");
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/audits?from=yesterday"), HttpStatusCode.BadRequest, "from");
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/audits/AUD-NOPE"), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await Api.PatchAsync("api/audits/AUD-NOPE", new { title = "x" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_admins_and_auditors_plan_audits_and_raise_findings()
    {
        var contributor = Api.As("staff@contoso.example", Roles.Contributor);
        var auditor = Api.As("auditor@contoso.example", Roles.Auditor);

        await ApiClient.AssertProblemAsync(await contributor.PostAsync("api/audits", Audit()), HttpStatusCode.Forbidden);
        var audit = await ApiClient.JsonAsync(await auditor.PostAsync("api/audits", Audit(lead: "auditor@contoso.example")), HttpStatusCode.Created);
        await ApiClient.AssertProblemAsync(await contributor.PostAsync($"api/audits/{audit["id"]}/findings", Finding()), HttpStatusCode.Forbidden);
        var finding = await ApiClient.JsonAsync(await auditor.PostAsync($"api/audits/{audit["id"]}/findings", Finding()), HttpStatusCode.Created);
        Assert.Equal("auditor@contoso.example", (string?)finding["raisedBy"]);
    }

    [Fact]
    public async Task An_auditor_changes_only_the_audits_whose_team_they_are_on()
    {
        var outsider = Api.As("other.auditor@contoso.example", Roles.Auditor);
        var lead = Api.As("lead.auditor@contoso.example", Roles.Auditor);
        var audit = await ApiClient.JsonAsync(await outsider.PostAsync("api/audits", Audit(lead: "lead.auditor@contoso.example")), HttpStatusCode.Created);
        var auditId = (string)audit["id"]!;
        var raised = await ApiClient.JsonAsync(await lead.PostAsync($"api/audits/{auditId}/findings", Finding()), HttpStatusCode.Created);

        // Planned it, but not on its team: changing it, raising a finding in it, opening an action on its findings are refused.
        var refused = await ApiClient.AssertProblemAsync(await outsider.PatchAsync($"api/audits/{auditId}", new { title = "Renamed by someone else" }, "*"), HttpStatusCode.Forbidden);
        Assert.Contains("lead.auditor@contoso.example", (string?)refused["detail"], StringComparison.Ordinal);
        await ApiClient.AssertProblemAsync(await outsider.PostAsync($"api/audits/{auditId}/findings", Finding()), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await outsider.PostAsync($"api/findings/{raised["id"]}/corrective-actions", RegisterData.Action("team.rule.owner@contoso.example")), HttpStatusCode.Forbidden);
        Assert.Equal("Internal audit of access control", (string?)(await ApiClient.JsonAsync(await Api.GetAsync($"api/audits/{auditId}"), HttpStatusCode.OK))["title"]);
        Assert.Single(await Api.ArrayAsync($"api/findings?auditId={auditId}"));
        Assert.Empty(await Api.ArrayAsync($"api/corrective-actions?ownerUpn=team.rule.owner@contoso.example"));

        // Once on the team, the same auditor may; the lead and an ISMS admin always could.
        await ApiClient.JsonAsync(await lead.PatchAsync($"api/audits/{auditId}", new { auditors = new[] { "other.auditor@contoso.example" } }, "*"), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await outsider.PatchAsync($"api/audits/{auditId}", new { title = "Access control, second look" }, "*"), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await outsider.PostAsync($"api/findings/{raised["id"]}/corrective-actions", RegisterData.Action("team.rule.owner@contoso.example")), HttpStatusCode.Created);
        await ApiClient.JsonAsync(await Api.PostAsync($"api/audits/{auditId}/findings", Finding(type: "Observation")), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Findings_are_linked_to_their_audit_and_listed_by_audit_type_and_status()
    {
        var auditId = (string)(await CreateAuditAsync())["id"]!;
        var major = await ApiClient.JsonAsync(await Api.PostAsync($"api/audits/{auditId}/findings", Finding(controls: ["a.5.18", "6.1.2"])), HttpStatusCode.Created);
        var ofi = await ApiClient.JsonAsync(await Api.PostAsync($"api/audits/{auditId}/findings", Finding(type: "OpportunityForImprovement")), HttpStatusCode.Created);

        Assert.StartsWith(auditId, (string)major["id"]!, StringComparison.Ordinal);
        Assert.Equal(["A.5.18", "6.1.2"], major["controlIds"]!.AsArray().Select(c => (string)c!));
        var listed = await Api.ArrayAsync($"api/findings?auditId={auditId}");
        Assert.Equal(2, listed.Count);
        Assert.Equal("Open", (string?)listed.Single(f => (string?)f!["id"] == (string?)major["id"])!["status"]);
        Assert.Equal("Closed", (string?)listed.Single(f => (string?)f!["id"] == (string?)ofi["id"])!["status"]);
        Assert.Single(await Api.ArrayAsync($"api/findings?auditId={auditId}&type=MajorNonconformity"));
        Assert.Single(await Api.ArrayAsync($"api/findings?auditId={auditId}&status=Closed"));
        await ApiClient.JsonAsync(await Api.GetAsync($"api/findings/{major["id"]}"), HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("{\"type\":\"Nonconformity\",\"controlIds\":[\"A.5.1\"],\"description\":\"d\"}", "type")]
    [InlineData("{\"type\":\"MinorNonconformity\",\"controlIds\":[],\"description\":\"d\"}", "controlIds")]
    [InlineData("{\"type\":\"MinorNonconformity\",\"controlIds\":[\"A.5.99\"],\"description\":\"d\"}", "controlIds")]
    [InlineData("{\"type\":\"MinorNonconformity\",\"controlIds\":[\"A.5.1\"],\"description\":\"  \"}", "description")]
    [InlineData("{\"type\":\"MinorNonconformity\",\"controlIds\":[\"A.5.1\"]}", "description")]
    public async Task Bad_findings_are_400_naming_the_field(string json, string field)
    {
        var auditId = (string)(await CreateAuditAsync())["id"]!;

        await ApiClient.AssertProblemAsync(await Api.SendRawAsync(HttpMethod.Post, $"api/audits/{auditId}/findings", json, "application/json"), HttpStatusCode.BadRequest, field);
        Assert.Empty(await Api.ArrayAsync($"api/findings?auditId={auditId}"));
    }

    [Fact]
    public async Task Findings_need_an_audit_that_exists_and_known_filters()
    {
        await ApiClient.AssertProblemAsync(await Api.PostAsync("api/audits/AUD-NOPE/findings", Finding()), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/findings?type=Bad"), HttpStatusCode.BadRequest, "type");
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/findings?status=Pending"), HttpStatusCode.BadRequest, "status");
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/findings/AUD-NOPE-FXXXXXX"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_certification_record_plans_the_external_audits_of_its_cycle_once()
    {
        var decision = Today.AddDays(-30);
        var body = new { certificationBody = "Example Certification Ltd", certificationDecisionDate = decision.ToString("yyyy-MM-dd"), expiryDate = decision.AddYears(3).AddDays(-1).ToString("yyyy-MM-dd"), scope = "All services" };

        var first = await ApiClient.JsonAsync(await Api.PutAsync("api/certification", body), HttpStatusCode.OK);
        var second = await ApiClient.JsonAsync(await Api.PutAsync("api/certification", body), HttpStatusCode.OK);

        var planned = first["plannedAuditIds"]!.AsArray().Select(i => (string)i!).ToList();
        Assert.Equal(planned, second["plannedAuditIds"]!.AsArray().Select(i => (string)i!));
        var external = (await Api.ArrayAsync("api/audits")).Where(a => planned.Contains((string)a!["id"]!)).ToList();
        Assert.Equal(2, external.Count(a => (string?)a!["type"] == "Surveillance"));
        Assert.Single(external, a => (string?)a!["type"] == "Recertification");
        var firstSurveillance = external.Where(a => (string?)a!["type"] == "Surveillance").Min(a => DateOnly.Parse((string)a!["plannedEnd"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(firstSurveillance <= decision.AddMonths(12), $"The first surveillance ends {firstSurveillance}, more than 12 months after the decision.");
        await ApiClient.JsonAsync(await Api.GetAsync("api/certification"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_certification_record_with_impossible_dates_is_refused()
    {
        var reader = Api.As("reader@contoso.example", Roles.Reader);

        await ApiClient.AssertProblemAsync(await Api.PutAsync("api/certification", new { certificationBody = "CB", certificationDecisionDate = "2026-05-01", expiryDate = "2026-04-01", scope = "All" }), HttpStatusCode.BadRequest, "expiryDate");
        await ApiClient.AssertProblemAsync(await Api.PutAsync("api/certification", new { certificationDecisionDate = "2026-05-01", expiryDate = "2029-04-01", scope = "All" }), HttpStatusCode.BadRequest, "certificationBody");
        await ApiClient.AssertProblemAsync(await Api.PutAsync("api/certification", new { certificationBody = "CB", certificationDecisionDate = "2026-05-01", expiryDate = "2035-04-01", scope = "All" }), HttpStatusCode.BadRequest, "expiryDate");
        await ApiClient.AssertProblemAsync(await reader.PutAsync("api/certification", new { certificationBody = "CB", certificationDecisionDate = "2026-05-01", expiryDate = "2029-04-01", scope = "All" }), HttpStatusCode.Forbidden);
    }
}
