using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Isms.Functions.Platform;
using Isms.Functions.Storage;
using Isms.IntegrationTests.Evidence;
using Isms.IntegrationTests.Infrastructure;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Registers;

/// <summary>
/// Records whose lists grow for as long as they live: evidence versions and effectiveness reviews are rows of their
/// own, so neither can make its record unwritable (a table property holds at most 64 KiB: before, about seven
/// versions with long descriptions did), the trail entry of a change names only what changed, and records written
/// in the old shape (the list inside the record) read as before and take new items.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class GrowingRecordsTests(LocalHostFixture fixture)
{
    private const string Uploader = "control.owner@contoso.example";

    private ApiClient Api => ApiClient.AdminOf(fixture.Client);

    private TableClient Table(string name) => new TableServiceClient(fixture.StorageConnectionString).GetTableClient(name);

    private static string LongText(int n) => $"Version {n}: " + new string('x', 1980);

    [Fact]
    public async Task Evidence_takes_200_versions_with_long_descriptions_and_the_trail_names_only_the_new_one()
    {
        var first = EvidenceFiles.Pdf(600);
        using var created = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(first, fields: [("controlIds", "A.8.15"), ("description", LongText(1))]), Uploader);
        var id = (string)(await ApiClient.JsonAsync(created, HttpStatusCode.Created))["id"]!;

        byte[] last = first;
        for (var n = 2; n <= 200; n++)
        {
            last = EvidenceFiles.Pdf(600 + n);
            using var version = await EvidenceFiles.PostAsync(fixture.Client, $"api/evidence/{id}/versions", EvidenceFiles.Form(last, $"log-{n}.pdf", fields: [("description", LongText(n))]), Uploader);
            Assert.Equal(HttpStatusCode.Created, version.StatusCode);
        }

        var evidence = await ApiClient.JsonAsync(await Api.GetAsync($"api/evidence/{id}"), HttpStatusCode.OK);
        var versions = evidence["versions"]!.AsArray();
        Assert.Equal(Enumerable.Range(1, 200), versions.Select(v => (int)v!["version"]!));
        Assert.Equal(LongText(137), (string?)versions[136]!["description"]);
        Assert.Equal(EvidenceFiles.Sha256(last), (string?)versions[199]!["sha256"]);

        using var download = await Api.GetAsync($"api/evidence/{id}/content?version=1");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(first, await download.Content.ReadAsByteArrayAsync());

        // The control's list shows the evidence with every version (read from the index, then the record's partition).
        var listed = (await Api.ArrayAsync("api/evidence?controlId=A.8.15")).Single(e => (string?)e!["id"] == id)!;
        Assert.Equal(200, listed["versions"]!.AsArray().Count);

        // The entry of the 200th version holds that version, not the 199 before it.
        var entries = (await ApiClient.JsonAsync(await Api.GetAsync($"api/audit-trail?entity=evidence/{id}"), HttpStatusCode.OK))["entries"]!.AsArray();
        var lastEntry = entries.Last()!;
        Assert.Equal(["versions[200]"], lastEntry["changes"]!.AsArray().Select(c => (string?)c!["field"]));
        Assert.Contains("log-200.pdf", (string?)lastEntry["changes"]![0]!["after"], StringComparison.Ordinal);
        Assert.True(lastEntry.ToJsonString().Length < 8_000, "one version's entry stays small");
    }

    [Fact]
    public async Task An_action_takes_50_effectiveness_reviews_and_closes_with_all_of_them_listed()
    {
        const string owner = "review.owner@contoso.example";
        var audit = await ApiClient.JsonAsync(await Api.PostAsync("api/audits", Audit()), HttpStatusCode.Created);
        var finding = await ApiClient.JsonAsync(await Api.PostAsync($"api/audits/{audit["id"]}/findings", Finding()), HttpStatusCode.Created);
        var action = await ApiClient.JsonAsync(await Api.PostAsync($"api/findings/{finding["id"]}/corrective-actions", RegisterData.Action(owner)), HttpStatusCode.Created);
        var path = $"api/corrective-actions/{action["id"]}";
        var ownerApi = Api.As(owner, Roles.Contributor);
        var auditor = Api.As("auditor@contoso.example", Roles.Auditor);

        await ApiClient.JsonAsync(await ownerApi.PatchAsync(path, new { rootCause = "No leaver process.", actionPlan = "HR feed disables accounts." }), HttpStatusCode.OK);
        for (var n = 1; n <= 50; n++)
        {
            await ApiClient.JsonAsync(await ownerApi.PatchAsync(path, new { status = "Implemented" }), HttpStatusCode.OK);
            var notes = $"Review {n}: " + new string('n', 3900);
            await ApiClient.JsonAsync(await auditor.PostAsync(path + "/effectiveness-reviews", new { effective = n == 50, notes }), HttpStatusCode.Created);
        }

        var closed = await ApiClient.JsonAsync(await Api.GetAsync(path), HttpStatusCode.OK);
        Assert.Equal("Closed", (string?)closed["status"]);
        var reviews = closed["effectivenessReviews"]!.AsArray();
        Assert.Equal(50, reviews.Count);
        Assert.StartsWith("Review 50:", (string?)reviews[49]!["notes"], StringComparison.Ordinal);
        Assert.True((bool)reviews[49]!["effective"]!);

        // Closing moved the action and its reviews to the closed partition: the owner's closed list carries all 50.
        var listed = (await Api.ArrayAsync($"api/corrective-actions?status=Closed&ownerUpn={owner}")).Single(a => (string?)a!["id"] == (string?)action["id"])!;
        Assert.Equal(50, listed["effectivenessReviews"]!.AsArray().Count);

        var entries = (await ApiClient.JsonAsync(await Api.GetAsync($"api/audit-trail?entity=corrective-actions/{action["id"]}"), HttpStatusCode.OK))["entries"]!.AsArray();
        var closing = entries.Single(e => e!["changes"]!.AsArray().Any(c => (string?)c!["field"] == "status" && (string?)c["after"] == "Closed"))!;
        Assert.Contains(closing["changes"]!.AsArray(), c => (string?)c!["field"] == "effectivenessReviews[50]");
        Assert.DoesNotContain(closing["changes"]!.AsArray(), c => (string?)c!["field"] == "effectivenessReviews[49]");
    }

    [Fact]
    public async Task Evidence_stored_with_its_versions_inside_the_record_reads_as_before_and_takes_a_new_version()
    {
        // A record in the shape written before versions had rows: the list inside the record's JSON.
        var file = EvidenceFiles.Pdf(900);
        using var created = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(file, fields: [("controlIds", "A.5.37")]), Uploader);
        var id = (string)(await ApiClient.JsonAsync(created, HttpStatusCode.Created))["id"]!;
        var table = Table(TableNames.Evidence);
        var record = (await table.GetEntityAsync<TableEntity>(id, "evidence")).Value;
        var row = (await table.GetEntityAsync<TableEntity>(id, "evidence|versions|000001")).Value;
        var json = JsonNode.Parse(record.GetString("Json"))!.AsObject();
        var version = JsonNode.Parse(row.GetString("Item"))!;
        json["versions"] = new JsonArray(version.DeepClone(), Renumbered(version, 2, "second.pdf"));
        record["Json"] = json.ToJsonString();
        record.Remove("ItemRows");
        await table.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace);
        await table.DeleteEntityAsync(id, row.RowKey);

        var before = await ApiClient.JsonAsync(await Api.GetAsync($"api/evidence/{id}"), HttpStatusCode.OK);
        Assert.Equal(["evidence.pdf", "second.pdf"], before["versions"]!.AsArray().Select(v => (string?)v!["fileName"]));

        using var third = await EvidenceFiles.PostAsync(fixture.Client, $"api/evidence/{id}/versions", EvidenceFiles.Form(EvidenceFiles.Pdf(901), "third.pdf", fields: []), Uploader);
        Assert.True(third.StatusCode == HttpStatusCode.Created, await third.Content.ReadAsStringAsync());

        var after = await ApiClient.JsonAsync(await Api.GetAsync($"api/evidence/{id}"), HttpStatusCode.OK);
        Assert.Equal(["evidence.pdf", "second.pdf", "third.pdf"], after["versions"]!.AsArray().Select(v => (string?)v!["fileName"]));

        // The old list moved to rows with the new version; the record itself no longer holds it.
        var rows = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}"), select: ["RowKey"]))
        {
            rows.Add(e.RowKey);
        }

        Assert.Equal(["evidence", "evidence|versions|000001", "evidence|versions|000002", "evidence|versions|000003"], rows);
        var rewritten = JsonNode.Parse((await table.GetEntityAsync<TableEntity>(id, "evidence")).Value.GetString("Json"))!;
        Assert.Empty(rewritten["versions"]!.AsArray());
    }

    [Fact]
    public async Task An_action_stored_with_its_reviews_inside_the_record_reads_as_before_and_takes_a_new_review()
    {
        const string owner = "legacy.owner@contoso.example";
        var audit = await ApiClient.JsonAsync(await Api.PostAsync("api/audits", Audit()), HttpStatusCode.Created);
        var finding = await ApiClient.JsonAsync(await Api.PostAsync($"api/audits/{audit["id"]}/findings", Finding()), HttpStatusCode.Created);
        var action = await ApiClient.JsonAsync(await Api.PostAsync($"api/findings/{finding["id"]}/corrective-actions", RegisterData.Action(owner)), HttpStatusCode.Created);
        var id = (string)action["id"]!;
        var path = $"api/corrective-actions/{id}";
        var ownerApi = Api.As(owner, Roles.Contributor);
        await ApiClient.JsonAsync(await ownerApi.PatchAsync(path, new { rootCause = "Cause.", actionPlan = "Plan.", status = "Implemented" }), HttpStatusCode.OK);

        // The old shape: a review inside the record's JSON, no review rows.
        var table = Table(TableNames.CorrectiveActions);
        var record = (await table.GetEntityAsync<TableEntity>($"open|{owner}", id)).Value;
        var json = JsonNode.Parse(record.GetString("Json"))!.AsObject();
        json["effectivenessReviews"] = new JsonArray(new JsonObject { ["reviewerUpn"] = "old.auditor@contoso.example", ["at"] = "2026-01-05T10:00:00+00:00", ["effective"] = false, ["notes"] = "Written before." });
        record["Json"] = json.ToJsonString();
        await table.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace);

        var before = await ApiClient.JsonAsync(await Api.GetAsync(path), HttpStatusCode.OK);
        Assert.Equal(["Written before."], before["effectivenessReviews"]!.AsArray().Select(r => (string?)r!["notes"]));

        var closed = await ApiClient.JsonAsync(await Api.As("auditor@contoso.example", Roles.Auditor).PostAsync(path + "/effectiveness-reviews", new { effective = true, notes = "Now it works." }), HttpStatusCode.Created);
        Assert.Equal(["Written before.", "Now it works."], closed["effectivenessReviews"]!.AsArray().Select(r => (string?)r!["notes"]));
        var read = await ApiClient.JsonAsync(await Api.GetAsync(path), HttpStatusCode.OK);
        Assert.Equal("Closed", (string?)read["status"]);
        Assert.Equal(["Written before.", "Now it works."], read["effectivenessReviews"]!.AsArray().Select(r => (string?)r!["notes"]));
    }

    private static JsonObject Renumbered(JsonNode version, int number, string fileName)
    {
        var copy = version.DeepClone().AsObject();
        copy["version"] = number;
        copy["fileName"] = fileName;
        return copy;
    }
}
