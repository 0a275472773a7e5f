using System.Net;
using System.Text.Json.Nodes;
using Isms.IntegrationTests.Evidence;
using Isms.IntegrationTests.Infrastructure;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Registers;

/// <summary>
/// Every PUT, PATCH and DELETE of the API names the version it changes: without If-Match it answers 428 and the
/// record keeps its version; with "*" (the caller's explicit choice) it goes through. The routes are read from the
/// OpenAPI document, so a write route added later without this rule fails here.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class WritePreconditionTests(LocalHostFixture fixture)
{
    private ApiClient Api => ApiClient.AdminOf(fixture.Client);

    [Fact]
    public async Task A_write_without_If_Match_gets_428_and_changes_nothing_on_every_write_route()
    {
        var audit = await ApiClient.JsonAsync(await Api.PostAsync("api/audits", Audit(lead: ApiClient.Admin)), HttpStatusCode.Created);
        var finding = await ApiClient.JsonAsync(await Api.PostAsync($"api/audits/{audit["id"]}/findings", Finding()), HttpStatusCode.Created);
        var action = await ApiClient.JsonAsync(await Api.PostAsync($"api/findings/{finding["id"]}/corrective-actions", Action("owner@contoso.example")), HttpStatusCode.Created);
        JsonObject evidence;
        using (var upload = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(EvidenceFiles.Pdf(), "policy.pdf", fields: [("controlIds", "A.5.1")])))
        {
            evidence = await ApiClient.JsonAsync(upload, HttpStatusCode.Created);
        }

        var risk = await ApiClient.JsonAsync(await Api.PostAsync("api/risks", new { title = "Ransomware", asset = "File servers", threat = "Ransomware", vulnerability = "Flat network", ownerUpn = "owner@contoso.example", likelihood = 3, impact = 5 }), HttpStatusCode.Created);
        var review = await ApiClient.JsonAsync(await Api.PostAsync("api/management-reviews", new { plannedDate = Date(30) }), HttpStatusCode.Created);
        var policy = await ApiClient.JsonAsync(await Api.PostAsync("api/documents", new { title = "Access control policy", kind = "Policy", ownerUpn = "owner@contoso.example", reviewFrequency = "Annual" }), HttpStatusCode.Created);
        var certification = new
        {
            certificationBody = "Example Certification Ltd",
            certificationDecisionDate = Date(-60),
            expiryDate = Date(1000),
            scope = "All services",
        };
        var writes = new (HttpMethod Method, string Route, string Path, object? Body, string Read)[]
        {
            (HttpMethod.Put, "/api/controls/{controlId}", "api/controls/A.8.8", new { applicable = true, implementationStatus = "Partial" }, "api/controls/A.8.8"),
            (HttpMethod.Put, "/api/certification", "api/certification", certification, "api/certification"),
            (HttpMethod.Patch, "/api/audits/{auditId}", $"api/audits/{audit["id"]}", new { title = "Renamed" }, $"api/audits/{audit["id"]}"),
            (HttpMethod.Patch, "/api/corrective-actions/{id}", $"api/corrective-actions/{action["id"]}", new { rootCause = "Nobody told IT." }, $"api/corrective-actions/{action["id"]}"),
            (HttpMethod.Put, "/api/evidence/{id}/legal-hold", $"api/evidence/{evidence["id"]}/legal-hold", new { reason = "Litigation" }, $"api/evidence/{evidence["id"]}"),
            (HttpMethod.Delete, "/api/evidence/{id}/legal-hold", $"api/evidence/{evidence["id"]}/legal-hold", null, $"api/evidence/{evidence["id"]}"),
            (HttpMethod.Put, "/api/gap-analysis/{requirementId}", "api/gap-analysis/8.1-1", new { status = "Met", note = "Operating procedures in place." }, "api/gap-analysis/8.1-1"),
            (HttpMethod.Patch, "/api/risks/{id}", $"api/risks/{risk["id"]}", new { title = "Renamed" }, $"api/risks/{risk["id"]}"),
            (HttpMethod.Patch, "/api/documents/{id}", $"api/documents/{policy["id"]}", new { title = "Renamed" }, $"api/documents/{policy["id"]}"),
            (HttpMethod.Patch, "/api/management-reviews/{id}", $"api/management-reviews/{review["id"]}", new { objectives = "Two of three objectives met." }, $"api/management-reviews/{review["id"]}"),
        };

        // The list above is every write route the API describes.
        var document = JsonNode.Parse(await fixture.Client.GetStringAsync("api/openapi.json"))!;
        var described = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => $"{o.Key.ToUpperInvariant()} {p.Key}"))
            .Where(o => o.StartsWith("PUT ", StringComparison.Ordinal) || o.StartsWith("PATCH ", StringComparison.Ordinal) || o.StartsWith("DELETE ", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        Assert.Equal(described, writes.Select(w => $"{w.Method.Method} {w.Route}").Order(StringComparer.Ordinal));

        foreach (var (method, route, path, body, read) in writes)
        {
            var before = await Api.GetAsync(read);
            var etagBefore = before.StatusCode == HttpStatusCode.OK ? (string?)(await ApiClient.JsonAsync(before, HttpStatusCode.OK))["etag"] : null;
            using var content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body);
            var refused = await ApiClient.AssertProblemAsync(await Api.SendAsync(method, path, content, ifMatch: null), (HttpStatusCode)428);
            Assert.Contains("If-Match", (string?)refused["detail"], StringComparison.Ordinal);
            var after = await Api.GetAsync(read);
            var etagAfter = after.StatusCode == HttpStatusCode.OK ? (string?)(await ApiClient.JsonAsync(after, HttpStatusCode.OK))["etag"] : null;
            Assert.True(etagBefore == etagAfter, $"{method} {route} without If-Match changed the record ({etagBefore} -> {etagAfter}).");

            using var again = body is null ? null : System.Net.Http.Json.JsonContent.Create(body);
            using var accepted = await Api.SendAsync(method, path, again, ApiClient.AnyVersion);
            Assert.True(accepted.IsSuccessStatusCode, $"{method} {route} with If-Match: * answered {(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        }
    }
}
