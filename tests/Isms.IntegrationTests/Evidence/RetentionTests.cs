using System.Net;
using System.Net.Http.Json;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;

namespace Isms.IntegrationTests.Evidence;

/// <summary>Retention and legal hold (clause 7.5.3): the disposal run deletes only what is past retention and not on hold, and records it.</summary>
[Collection(EvidenceHostGroup.Name)]
public sealed class RetentionTests(EvidenceHostFixture fixture)
{
    private ApiClient Admin => ApiClient.AdminOf(fixture.Client);

    [Fact]
    public async Task Disposal_deletes_only_evidence_past_retention_and_not_on_hold_and_writes_a_disposal_record()
    {
        var expired = await UploadAsync("2020-01-15");
        var held = await UploadAsync("2020-01-15");
        var recent = await UploadAsync("2025-06-30");
        var expiredBlob = await BlobNameAsync(expired);

        using (var contributorHold = await new ApiClient(fixture.Client, "control.owner@contoso.example", Roles.Contributor).PutAsync($"api/evidence/{held}/legal-hold", new { reason = "Litigation" }))
        {
            await ApiClient.AssertProblemAsync(contributorHold, HttpStatusCode.Forbidden);
        }

        using (var hold = await Admin.PutAsync($"api/evidence/{held}/legal-hold", new { reason = "Litigation hold LH-7" }))
        {
            var body = await ApiClient.JsonAsync(hold, HttpStatusCode.OK);
            Assert.True((bool)body["legalHold"]!);
            Assert.Equal("Litigation hold LH-7", (string?)body["legalHoldReason"]);
            Assert.Equal("2023-01-15", (string?)body["retainUntil"]);
        }

        await RunDisposalAsync();

        await ApiClient.AssertProblemAsync(await Admin.GetAsync($"api/evidence/{expired}"), HttpStatusCode.NotFound);
        Assert.False(await fixture.Storage.Evidence.GetBlobClient(expiredBlob).ExistsAsync(), "The expired file should be deleted.");
        Assert.DoesNotContain(await Admin.ArrayAsync("api/evidence?controlId=A.5.33"), e => (string?)e!["id"] == expired);
        await ApiClient.JsonAsync(await Admin.GetAsync($"api/evidence/{held}"), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await Admin.GetAsync($"api/evidence/{recent}"), HttpStatusCode.OK);
        using (var content = await Admin.GetAsync($"api/evidence/{held}/content"))
        {
            Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        }

        var trail = await ApiClient.JsonAsync(await Admin.GetAsync($"api/audit-trail?entity=evidence/{expired}"), HttpStatusCode.OK);
        var disposal = trail["entries"]!.AsArray().Last()!;
        Assert.Equal("Disposed", (string?)disposal["action"]);
        Assert.Equal("system:DisposeExpiredEvidence", (string?)disposal["by"]);
        Assert.Contains(disposal["changes"]!.AsArray(), c => ((string?)c!["before"])?.Contains("sha256", StringComparison.Ordinal) == true);

        // A DELETE names the version it changes; without If-Match nothing changes.
        using (var unnamed = await Admin.SendAsync(HttpMethod.Delete, $"api/evidence/{held}/legal-hold", null, null))
        {
            await ApiClient.AssertProblemAsync(unnamed, (HttpStatusCode)428);
        }

        Assert.True((bool)(await ApiClient.JsonAsync(await Admin.GetAsync($"api/evidence/{held}"), HttpStatusCode.OK))["legalHold"]!);
        using (var clear = await Admin.SendAsync(HttpMethod.Delete, $"api/evidence/{held}/legal-hold", null, ApiClient.AnyVersion))
        {
            Assert.False((bool)(await ApiClient.JsonAsync(clear, HttpStatusCode.OK))["legalHold"]!);
        }

        await RunDisposalAsync();

        await ApiClient.AssertProblemAsync(await Admin.GetAsync($"api/evidence/{held}"), HttpStatusCode.NotFound);
        await ApiClient.JsonAsync(await Admin.GetAsync($"api/evidence/{recent}"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Legal_hold_changes_are_in_the_audit_trail_and_a_stale_ETag_gets_412()
    {
        var id = await UploadAsync("2026-01-02");
        var read = await ApiClient.JsonAsync(await Admin.GetAsync($"api/evidence/{id}"), HttpStatusCode.OK);
        var etag = (string)read["etag"]!;

        using (var hold = await Admin.PutAsync($"api/evidence/{id}/legal-hold", new { reason = "Regulator inquiry" }, ifMatch: etag))
        {
            await ApiClient.JsonAsync(hold, HttpStatusCode.OK);
        }

        using (var stale = await Admin.PutAsync($"api/evidence/{id}/legal-hold", new { reason = "again" }, ifMatch: etag))
        {
            await ApiClient.AssertProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        }

        var trail = await ApiClient.JsonAsync(await Admin.GetAsync($"api/audit-trail?entity=evidence/{id}"), HttpStatusCode.OK);
        var entries = trail["entries"]!.AsArray();
        Assert.Equal(["Created", "Updated"], entries.Select(e => (string)e!["action"]!));
        Assert.Contains(entries[1]!["changes"]!.AsArray(), c => (string?)c!["field"] == "legalHold" && (string?)c["after"] == "true");
    }

    private async Task<string> UploadAsync(string effectiveDate)
    {
        using var response = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(EvidenceFiles.Pdf(), "record.pdf", fields: [("controlIds", "A.5.33"), ("effectiveDate", effectiveDate)]));
        return (string)(await ApiClient.JsonAsync(response, HttpStatusCode.Created))["id"]!;
    }

    private async Task<string> BlobNameAsync(string id)
    {
        var names = new List<string>();
        await foreach (var blob in fixture.Storage.Evidence.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, id + "/", CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return Assert.Single(names);
    }

    private async Task RunDisposalAsync()
    {
        using var run = await fixture.Client.PostAsync("admin/functions/DisposeExpiredEvidence", JsonContent.Create(new { }));
        Assert.True(run.StatusCode == HttpStatusCode.Accepted, await run.Content.ReadAsStringAsync());
    }
}
