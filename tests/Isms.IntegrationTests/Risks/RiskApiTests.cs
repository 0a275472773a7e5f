using System.Net;
using System.Text.Json.Nodes;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;
using Isms.IntegrationTests.Registers;

namespace Isms.IntegrationTests.Risks;

/// <summary>The risk register through the API: assessment, treatment, acceptance by the owner, approval by the ISMS manager, treatment actions, roles and refusals.</summary>
[Collection(LocalHostGroup.Name)]
public sealed class RiskApiTests(LocalHostFixture fixture)
{
    private const string Owner = "laptops.owner@contoso.example";

    private ApiClient Api => ApiClient.AdminOf(fixture.Client);

    private ApiClient OwnerApi => Api.As(Owner, Roles.Contributor);

    private static object NewRisk(int likelihood = 4, int impact = 4, string owner = Owner, object? treatment = null) => new
    {
        title = "Laptop theft exposes customer data",
        description = "A stolen laptop holds a local copy of the CRM export.",
        asset = "Staff laptops",
        threat = "Theft",
        vulnerability = "Disks not encrypted",
        ownerUpn = owner,
        likelihood,
        impact,
        treatment,
    };

    private async Task<JsonObject> CreateAsync(int likelihood = 4, int impact = 4, string owner = Owner, object? treatment = null)
    {
        using var response = await Api.As("analyst@contoso.example", Roles.Contributor).PostAsync("api/risks", NewRisk(likelihood, impact, owner, treatment));
        var risk = await ApiClient.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/api/risks/{risk["id"]}", response.Headers.Location?.OriginalString);
        return risk;
    }

    [Fact]
    public async Task The_matrix_names_its_levels_and_the_acceptance_criteria()
    {
        var matrix = await ApiClient.JsonAsync(await Api.As("anyone@contoso.example").GetAsync("api/risk-matrix"), HttpStatusCode.OK);
        Assert.Equal(["Rare", "Unlikely", "Possible", "Likely", "Almost certain"], matrix["likelihoods"]!.AsArray().Select(l => (string?)l!["name"]));
        Assert.Equal(5, (int)matrix["impacts"]![4]!["value"]!);
        Assert.Equal(6, (int)matrix["acceptanceCriteria"]!);
        Assert.Equal(ApiClient.Admin, (string?)matrix["ismsManagerUpn"]);
    }

    [Fact]
    public async Task A_risk_is_assessed_treated_and_accepted_by_its_owner_and_a_residual_change_asks_again()
    {
        var risk = await CreateAsync();
        var path = $"api/risks/{risk["id"]}";
        Assert.Equal((16, 16, true, "Open"), ((int)risk["inherentScore"]!, (int)risk["residualScore"]!, (bool)risk["aboveCriteria"]!, (string?)risk["status"]));
        Assert.NotNull((string?)risk["ownerObjectId"]);

        // No acceptance before a treatment is chosen, and never by someone else.
        await ApiClient.AssertProblemAsync(await OwnerApi.PostAsync(path + "/acceptance", new { }), HttpStatusCode.Conflict, "treatment");
        var treated = await ApiClient.JsonAsync(await OwnerApi.PatchAsync(path, new { treatment = new { option = "Modify", controlIds = new[] { "A.8.24", "a.8.1" }, residualLikelihood = 2, residualImpact = 3 } }), HttpStatusCode.OK);
        Assert.Equal(["A.8.24", "A.8.1"], treated["treatment"]!["controlIds"]!.AsArray().Select(c => (string?)c));
        Assert.False((bool)treated["aboveCriteria"]!);
        await ApiClient.AssertProblemAsync(await Api.PostAsync(path + "/acceptance", new { note = "On their behalf." }), HttpStatusCode.Forbidden);

        using var accepted = await OwnerApi.PostAsync(path + "/acceptance", new { note = "BitLocker is enforced." });
        var acceptedRisk = await ApiClient.JsonAsync(accepted, HttpStatusCode.Created);
        Assert.Equal("Accepted", (string?)acceptedRisk["status"]);
        Assert.Equal(Owner, (string?)acceptedRisk["acceptance"]!["byUpn"]);
        Assert.Equal((2, 3), ((int)acceptedRisk["acceptance"]!["likelihood"]!, (int)acceptedRisk["acceptance"]!["impact"]!));

        var moved = await ApiClient.JsonAsync(await Api.PatchAsync(path, new { treatment = new { residualImpact = 2 } }), HttpStatusCode.OK);
        Assert.Equal("Open", (string?)moved["status"]);
        Assert.Null(moved["acceptance"]);

        var trail = (await ApiClient.JsonAsync(await Api.GetAsync($"api/audit-trail?entity=risks/{risk["id"]}"), HttpStatusCode.OK))["entries"]!.AsArray();
        Assert.Equal(4, trail.Count);
        Assert.Contains(trail, e => e!["changes"]!.AsArray().Any(c => (string?)c!["field"] == "acceptance") && (string?)e["by"] == Owner);
    }

    [Fact]
    public async Task Above_the_criteria_the_owner_accepts_only_after_the_ISMS_manager_approved()
    {
        var risk = await CreateAsync(5, 4, treatment: new { option = "Share", residualLikelihood = 3, residualImpact = 4 });
        var path = $"api/risks/{risk["id"]}";
        Assert.True((bool)risk["aboveCriteria"]!);
        Assert.Contains(await Api.ArrayAsync("api/risks?aboveCriteria=true"), r => (string?)r!["id"] == (string?)risk["id"]);

        await ApiClient.AssertProblemAsync(await OwnerApi.PostAsync(path + "/acceptance", new { }), HttpStatusCode.Conflict, "approval");
        await ApiClient.AssertProblemAsync(await Api.As("other.admin@contoso.example", Roles.Admin).PostAsync(path + "/approval", new { }), HttpStatusCode.Forbidden);
        var approved = await ApiClient.JsonAsync(await Api.PostAsync(path + "/approval", new { note = "Cyber insurance covers the remainder." }), HttpStatusCode.Created);
        Assert.Equal(ApiClient.Admin, (string?)approved["approval"]!["byUpn"]);
        var accepted = await ApiClient.JsonAsync(await OwnerApi.PostAsync(path + "/acceptance", new { }), HttpStatusCode.Created);
        Assert.Equal("Accepted", (string?)accepted["status"]);
        Assert.Contains(await Api.ArrayAsync($"api/risks?status=Accepted&ownerUpn={Owner}"), r => (string?)r!["id"] == (string?)risk["id"]);
    }

    [Fact]
    public async Task A_treatment_action_has_the_corrective_action_lifecycle_and_is_listed_on_its_risk()
    {
        var untreated = await CreateAsync(3, 3);
        var action = new { ownerUpn = "it.ops@contoso.example", description = "Enforce BitLocker through Intune.", dueDate = RegisterData.Date(30) };
        await ApiClient.AssertProblemAsync(await OwnerApi.PostAsync($"api/risks/{untreated["id"]}/treatment-actions", action), HttpStatusCode.Conflict, "treatment");

        var risk = await CreateAsync(4, 3, treatment: new { option = "Modify", controlIds = new[] { "A.8.24" }, residualLikelihood = 2, residualImpact = 3 });
        await ApiClient.AssertProblemAsync(await Api.As("stranger@contoso.example", Roles.Contributor).PostAsync($"api/risks/{risk["id"]}/treatment-actions", action), HttpStatusCode.Forbidden);
        var raised = await ApiClient.JsonAsync(await OwnerApi.PostAsync($"api/risks/{risk["id"]}/treatment-actions", action), HttpStatusCode.Created);
        Assert.Equal(("Treatment", $"risks/{risk["id"]}"), ((string?)raised["kind"], (string?)raised["origin"]));

        var read = await ApiClient.JsonAsync(await Api.GetAsync($"api/risks/{risk["id"]}"), HttpStatusCode.OK);
        Assert.Equal([(string?)raised["id"]], read["treatmentActionIds"]!.AsArray().Select(a => (string?)a));
        var implemented = await ApiClient.JsonAsync(await Api.As("it.ops@contoso.example", Roles.Contributor).PatchAsync($"api/corrective-actions/{raised["id"]}", new { actionPlan = "Policy deployed to all devices.", status = "Implemented" }), HttpStatusCode.OK);
        Assert.Equal("Implemented", (string?)implemented["status"]);
    }

    [Fact]
    public async Task Who_reads_and_changes_which_risk()
    {
        var risk = await CreateAsync();
        var path = $"api/risks/{risk["id"]}";
        await ApiClient.AssertProblemAsync(await Api.As("reader@contoso.example", Roles.Reader).PostAsync("api/risks", NewRisk()), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await Api.As("someone@contoso.example", Roles.Contributor).PatchAsync(path, new { title = "Mine now" }), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await Api.As("norole@contoso.example").GetAsync(path), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await Api.As("norole@contoso.example").GetAsync("api/risks"), HttpStatusCode.Forbidden);
        await ApiClient.JsonAsync(await Api.As(Owner).GetAsync(path), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await Api.As("reader@contoso.example", Roles.Reader).GetAsync(path), HttpStatusCode.OK);
        await ApiClient.AssertProblemAsync(await OwnerApi.PatchAsync(path, new { title = "Renamed" }, ifMatch: null), (HttpStatusCode)428);
        await ApiClient.AssertProblemAsync(await OwnerApi.PatchAsync(path, new { title = "Renamed" }, "\"stale\""), HttpStatusCode.PreconditionFailed);
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/risks/RISK-NOSUCH"), HttpStatusCode.NotFound);
        Assert.Equal("Laptop theft exposes customer data", (string?)(await ApiClient.JsonAsync(await Api.GetAsync(path), HttpStatusCode.OK))["title"]);
    }

    public static TheoryData<string, string> BadRisks => new()
    {
        { """{"asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":3}""", "title" },
        { """{"title":"t","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":3}""", "asset" },
        { """{"title":"t","asset":"a","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":3}""", "threat" },
        { """{"title":"t","asset":"a","threat":"t","ownerUpn":"o@contoso.example","likelihood":3,"impact":3}""", "vulnerability" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","likelihood":3,"impact":3}""", "ownerUpn" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"not-an-address","likelihood":3,"impact":3}""", "ownerUpn" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","impact":3}""", "likelihood" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3}""", "impact" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":0,"impact":3}""", "likelihood" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":6,"impact":3}""", "likelihood" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":-1}""", "impact" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":99}""", "impact" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":"high","impact":3}""", "likelihood" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":2.5,"impact":3}""", "likelihood" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":3,"reviewDate":"2020-01-01"}""", "reviewDate" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":3,"reviewDate":"next year"}""", "reviewDate" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":3,"treatment":{"residualLikelihood":1,"residualImpact":1}}""", "option" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":3,"treatment":{"option":"Ignore","residualLikelihood":1,"residualImpact":1}}""", "option" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":3,"treatment":{"option":"Modify","residualImpact":1}}""", "residualLikelihood" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":3,"treatment":{"option":"Modify","residualLikelihood":1}}""", "residualImpact" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":3,"treatment":{"option":"Modify","residualLikelihood":7,"residualImpact":1}}""", "residualLikelihood" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":3,"treatment":{"option":"Modify","controlIds":["A.99.1"],"residualLikelihood":1,"residualImpact":1}}""", "controlIds" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":3,"treatment":{"option":"Modify","controlIds":["6.1.2"],"residualLikelihood":1,"residualImpact":1}}""", "controlIds" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":3,"treatment":{"option":"Modify","controlIds":"A.8.24","residualLikelihood":1,"residualImpact":1}}""", "controlIds" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":3,"treatment":{"option":"Retain","residualLikelihood":1,"residualImpact":1}}""", "residualLikelihood" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":3,"colour":"red"}""", "colour" },
        { """{"title":"t","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":3,"treatment":"Modify"}""", "treatment" },
        { "[]", "body" },
        { "{", "body" },
        { "{\"title\":\"" + new string('t', 201) + "\",\"asset\":\"a\",\"threat\":\"t\",\"vulnerability\":\"v\",\"ownerUpn\":\"o@contoso.example\",\"likelihood\":3,\"impact\":3}", "title" },
        { "{\"title\":\"t\",\"asset\":\"a\",\"threat\":\"t\",\"vulnerability\":\"v\",\"ownerUpn\":\"o@contoso.example\",\"likelihood\":3,\"impact\":3,\"description\":\"" + new string('d', 4001) + "\"}", "description" },
        { """{"title":"   ","asset":"a","threat":"t","vulnerability":"v","ownerUpn":"o@contoso.example","likelihood":3,"impact":3}""", "title" },
    };

    [Theory]
    [MemberData(nameof(BadRisks))]
    public async Task A_bad_risk_is_refused_naming_the_field_and_nothing_is_written(string body, string field)
    {
        var before = (await Api.ArrayAsync("api/risks?pageSize=1000")).Count;
        using var response = await Api.SendRawAsync(HttpMethod.Post, "api/risks", body, "application/json");
        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]?[field] is not null || ((string?)problem["detail"])?.Contains(field, StringComparison.OrdinalIgnoreCase) == true, problem.ToJsonString());
        Assert.Equal(before, (await Api.ArrayAsync("api/risks?pageSize=1000")).Count);
    }

    [Theory]
    [InlineData("api/risks?status=Closed", "status")]
    [InlineData("api/risks?aboveCriteria=maybe", "aboveCriteria")]
    [InlineData("api/risks?pageSize=0", "pageSize")]
    public async Task A_bad_list_query_is_refused_naming_it(string path, string field)
    {
        await ApiClient.AssertProblemAsync(await Api.GetAsync(path), HttpStatusCode.BadRequest, field);
    }
}
