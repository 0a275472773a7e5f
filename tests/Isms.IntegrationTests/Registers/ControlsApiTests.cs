using System.Net;
using System.Text.Json.Nodes;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;

namespace Isms.IntegrationTests.Registers;

[Collection(LocalHostGroup.Name)]
public sealed class ControlsApiTests(LocalHostFixture fixture)
{
    private ApiClient Api => ApiClient.AdminOf(fixture.Client);

    [Fact]
    public async Task A_fresh_start_lists_the_93_Annex_A_controls_and_the_clauses()
    {
        var controls = await Api.ArrayAsync("api/controls");

        Assert.Equal(93, controls.Count(c => (bool)c!["isAnnexA"]!));
        Assert.Contains(controls, c => (string?)c!["id"] == "4.1");
        Assert.Contains(controls, c => (string?)c!["id"] == "10.2");
        Assert.Equal(8, (await Api.ArrayAsync("api/controls?theme=People")).Count);
        Assert.Equal(14, (await Api.ArrayAsync("api/controls?theme=Physical")).Count);
    }

    [Fact]
    public async Task Lists_come_in_pages_with_the_next_one_in_a_Link_header()
    {
        using var first = await Api.GetAsync("api/controls");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var items = JsonNode.Parse(await first.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(100, items.Count);
        Assert.Equal("api/controls?page=2&pageSize=100", ApiClient.NextPage(first));

        using var second = await Api.GetAsync(ApiClient.NextPage(first)!);
        var rest = JsonNode.Parse(await second.Content.ReadAsStringAsync())!.AsArray();
        Assert.Null(ApiClient.NextPage(second));
        var ids = items.Concat(rest).Select(c => (string?)c!["id"]).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(93, ids.Count(i => i!.StartsWith("A.", StringComparison.Ordinal)));

        using var small = await Api.GetAsync("api/controls?theme=People&pageSize=3&page=3");
        Assert.Equal(["A.6.7", "A.6.8"], JsonNode.Parse(await small.Content.ReadAsStringAsync())!.AsArray().Select(c => (string?)c!["id"]));
        Assert.Null(ApiClient.NextPage(small));
        foreach (var bad in new[] { "pageSize=0", "pageSize=1001", "page=0", "page=two" })
        {
            await ApiClient.AssertProblemAsync(await Api.GetAsync($"api/controls?{bad}"), HttpStatusCode.BadRequest, bad.Split('=')[0]);
        }
    }

    [Fact]
    public async Task One_control_is_read_with_its_title_and_defaults()
    {
        using var response = await Api.GetAsync("api/controls/a.5.7");
        var control = await ApiClient.JsonAsync(response, HttpStatusCode.OK);

        Assert.Equal("A.5.7", (string?)control["id"]);
        Assert.Equal("Threat intelligence", (string?)control["title"]);
        Assert.Equal("NotStarted", (string?)control["implementationStatus"]);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task Setting_the_SoA_fields_is_kept_and_a_stale_ETag_gets_412()
    {
        using var first = await Api.PutAsync("api/controls/A.8.28", new { applicable = true, implementationStatus = "Partial", ownerUpn = "dev.lead@contoso.example", reviewFrequency = "Quarterly", riskRating = "High" });
        var saved = await ApiClient.JsonAsync(first, HttpStatusCode.OK);
        var etag = (string)saved["etag"]!;

        using var second = await Api.PutAsync("api/controls/A.8.28", new { applicable = true, implementationStatus = "Implemented", ownerUpn = "dev.lead@contoso.example" }, ifMatch: etag);
        await ApiClient.JsonAsync(second, HttpStatusCode.OK);
        using var stale = await Api.PutAsync("api/controls/A.8.28", new { applicable = true, implementationStatus = "NotStarted" }, ifMatch: etag);

        await ApiClient.AssertProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        using var read = await Api.GetAsync("api/controls/A.8.28");
        Assert.Equal("Implemented", (string?)(await ApiClient.JsonAsync(read, HttpStatusCode.OK))["implementationStatus"]);
    }

    [Fact]
    public async Task Every_change_is_in_the_audit_trail_with_before_and_after()
    {
        using var a = await Api.PutAsync("api/controls/A.7.4", new { applicable = true, implementationStatus = "Partial" });
        using var b = await Api.PutAsync("api/controls/A.7.4", new { applicable = true, implementationStatus = "Implemented" });

        var trail = await ApiClient.JsonAsync(await Api.GetAsync("api/audit-trail?entity=controls/A.7.4"), HttpStatusCode.OK);

        var entries = trail["entries"]!.AsArray();
        Assert.Equal(["Created", "Updated"], entries.Select(e => (string)e!["action"]!));
        var change = entries[1]!["changes"]!.AsArray().Single(c => (string?)c!["field"] == "implementationStatus")!;
        Assert.Equal("Partial", (string?)change["before"]);
        Assert.Equal("Implemented", (string?)change["after"]);
        Assert.Equal(ApiClient.Admin, (string?)entries[1]!["by"]);
    }

    [Theory]
    [InlineData("{\"applicable\":false,\"implementationStatus\":\"NotStarted\"}", "justification")]
    [InlineData("{\"applicable\":true,\"implementationStatus\":\"Done\"}", "implementationStatus")]
    [InlineData("{\"applicable\":true}", "implementationStatus")]
    [InlineData("{\"applicable\":true,\"implementationStatus\":\"Partial\",\"owner\":\"dana@contoso.example\"}", "owner")]
    [InlineData("{\"implementationStatus\":\"Partial\"}", "applicable")]
    [InlineData("{\"applicable\":\"yes\",\"implementationStatus\":\"Partial\"}", "applicable")]
    [InlineData("{\"applicable\":true,\"implementationStatus\":\"Partial\",\"ownerUpn\":\"not an upn\"}", "ownerUpn")]
    [InlineData("{\"applicable\":true,\"implementationStatus\":\"Partial\",\"reviewFrequency\":\"Weekly\"}", "reviewFrequency")]
    [InlineData("{\"applicable\":true,\"implementationStatus\":\"Partial\",\"riskRating\":\"Extreme\"}", "riskRating")]
    [InlineData("{\"applicable\":true,", "body")]
    [InlineData("[1,2]", "body")]
    public async Task Bad_SoA_updates_are_400_naming_the_field(string json, string field)
    {
        using var response = await Api.SendRawAsync(HttpMethod.Put, "api/controls/A.6.3", json, "application/json");

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Unknown_controls_wrong_content_types_and_huge_bodies_are_refused_clearly()
    {
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/controls/A.9.1"), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await Api.PutAsync("api/controls/A.9.1", new { applicable = true, implementationStatus = "Partial" }), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await Api.SendRawAsync(HttpMethod.Put, "api/controls/A.6.3", "applicable=true", "text/plain"), HttpStatusCode.UnsupportedMediaType);
        var huge = "{\"justification\":\"" + new string('x', 1_100_000) + "\"}";
        await ApiClient.AssertProblemAsync(await Api.SendRawAsync(HttpMethod.Put, "api/controls/A.6.3", huge, "application/json"), HttpStatusCode.RequestEntityTooLarge);
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/controls?theme=Legal"), HttpStatusCode.BadRequest, "theme");
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/controls?applicable=maybe"), HttpStatusCode.BadRequest, "applicable");
    }

    [Fact]
    public async Task Roles_decide_who_may_read_and_who_may_change_the_SoA()
    {
        var reader = Api.As("reader@contoso.example", Roles.Reader);
        var auditor = Api.As("auditor@contoso.example", Roles.Auditor);
        var nobody = Api.As("guest@contoso.example");

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("api/controls/A.5.1")).StatusCode);
        await ApiClient.AssertProblemAsync(await reader.PutAsync("api/controls/A.5.1", new { applicable = true, implementationStatus = "Partial" }), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await auditor.PutAsync("api/controls/A.5.1", new { applicable = true, implementationStatus = "Partial" }), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await nobody.GetAsync("api/controls"), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await Api.SendAsync(HttpMethod.Get, "api/controls", null, null, principalHeader: "not-base64!"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_SoA_comes_as_JSON_and_CSV()
    {
        using var put = await Api.PutAsync("api/controls/A.7.14", new { applicable = false, justification = "<script>alert(1)</script> no premises", implementationStatus = "NotStarted" });
        await ApiClient.JsonAsync(put, HttpStatusCode.OK);

        Assert.Equal(93, (await Api.ArrayAsync("api/soa")).Count);
        using var csv = await Api.GetAsync("api/soa?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Control,Title,Theme,Applicable", lines[0], StringComparison.Ordinal);
        Assert.Equal(94, lines.Length);
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/soa?format=xml"), HttpStatusCode.BadRequest, "format");
    }

    [Fact]
    public async Task A_justification_a_spreadsheet_would_run_is_text_in_the_SoA_CSV()
    {
        const string Formula = "=HYPERLINK(\"http://attacker.example\",\"Details\")";
        using var put = await Api.PutAsync("api/controls/A.7.13", new { applicable = false, justification = "Outsourced, see the contract.\n@SUM(1+1)", implementationStatus = "NotStarted" });
        await ApiClient.JsonAsync(put, HttpStatusCode.OK);
        using var second = await Api.PutAsync("api/controls/A.7.12", new { applicable = false, justification = Formula, implementationStatus = "NotStarted" });
        await ApiClient.JsonAsync(second, HttpStatusCode.OK);

        using var csv = await Api.GetAsync("api/soa?format=csv");
        var text = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF');

        Assert.Contains("A.7.12,Cabling security,Physical,No,\"'=HYPERLINK(\"\"http://attacker.example\"\",\"\"Details\"\")\",NotStarted,,Annual,Medium\r\n", text, StringComparison.Ordinal);
        Assert.Contains(",\"Outsourced, see the contract.\n'@SUM(1+1)\",", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n@", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_trail_needs_a_known_entity()
    {
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/audit-trail"), HttpStatusCode.BadRequest, "entity");
        await ApiClient.AssertProblemAsync(await Api.GetAsync("api/audit-trail?entity=spaceships/1"), HttpStatusCode.BadRequest, "entity");
    }

    [Fact]
    public async Task Every_route_is_in_the_OpenAPI_document_with_its_schemas()
    {
        var document = await ApiClient.JsonAsync(await Api.GetAsync("api/openapi.json"), HttpStatusCode.OK);
        var paths = document["paths"]!.AsObject();

        foreach (var (path, method) in new[]
        {
            ("/api/controls", "get"), ("/api/controls/{controlId}", "put"), ("/api/soa", "get"), ("/api/certification", "put"),
            ("/api/audits", "post"), ("/api/audits/{auditId}", "patch"), ("/api/audits/{auditId}/findings", "post"), ("/api/findings", "get"),
            ("/api/findings/{findingId}/corrective-actions", "post"), ("/api/corrective-actions", "get"), ("/api/corrective-actions/{id}", "patch"),
            ("/api/corrective-actions/{id}/effectiveness-reviews", "post"), ("/api/audit-trail", "get"),
        })
        {
            Assert.True(paths[path]?[method] is JsonObject, $"{method.ToUpperInvariant()} {path} is not described.");
        }

        Assert.NotNull(paths["/api/audits"]!["post"]!["requestBody"]);
        Assert.NotNull(document["components"]!["schemas"]!["CorrectiveActionResponse"]);
    }
}
