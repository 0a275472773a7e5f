using System.Net;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs.Specialized;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;

namespace Isms.IntegrationTests.Evidence;

/// <summary>The SAS flow end to end: start, upload straight to storage, complete; and every way completion refuses.</summary>
[Collection(EvidenceHostGroup.Name)]
public sealed class LargeUploadTests(EvidenceHostFixture fixture)
{
    private const string Owner = "control.owner@contoso.example";

    private ApiClient Contributor => new(fixture.Client, Owner, Roles.Contributor);

    [Fact]
    public async Task A_file_over_the_HTTP_limit_goes_through_a_write_only_SAS_and_is_filed_after_verification()
    {
        var file = EvidenceFiles.Pdf(9 * 1024 * 1024 + 123); // three blocks on the way to the evidence container
        var start = await StartAsync(new { fileName = "firewall export.pdf", size = file.Length, controlIds = Controls("A.8.20"), effectiveDate = "2026-02-28" });
        var uploadUrl = new Uri((string)start["uploadUrl"]!);
        Assert.Contains("sp=cw", uploadUrl.Query, StringComparison.Ordinal);

        // 9 MB at the slowest rate expected is seconds: the URL lives the shortest time, 15 minutes.
        var expiresAt = DateTimeOffset.Parse((string)start["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.5));

        var staged = new BlockBlobClient(uploadUrl);
        await staged.UploadAsync(new MemoryStream(file));
        var read = await Assert.ThrowsAsync<RequestFailedException>(() => staged.DownloadContentAsync());
        Assert.Equal(403, read.Status);

        using var complete = await Contributor.PostAsync((string)start["completeUrl"]!, new { sha256 = EvidenceFiles.Sha256(file) });
        var filed = await ApiClient.JsonAsync(complete, HttpStatusCode.Created);
        Assert.Equal(EvidenceFiles.Sha256(file), (string?)filed["sha256"]);
        Assert.Equal(file.Length, (long)filed["size"]!);
        var id = (string)filed["id"]!;
        using var download = await Contributor.GetAsync($"api/evidence/{id}/content");
        Assert.Equal(file, await download.Content.ReadAsByteArrayAsync());
        var evidence = await ApiClient.JsonAsync(await Contributor.GetAsync($"api/evidence/{id}"), HttpStatusCode.OK);
        Assert.Equal("2026-02-28", (string?)evidence["effectiveDate"]);
        Assert.Equal(Owner, (string?)evidence["latest"]!["uploadedBy"]);
        Assert.False(await fixture.Storage.Staging.GetBlobClient(StagedName(uploadUrl)).ExistsAsync(), "The staged file should be removed once filed.");

        using var again = await Contributor.PostAsync((string)start["completeUrl"]!, new { sha256 = EvidenceFiles.Sha256(file) });
        var repeated = await ApiClient.JsonAsync(again, HttpStatusCode.OK);
        Assert.Equal(id, (string?)repeated["id"]);
        Assert.Equal(1, (int)repeated["version"]!);
    }

    [Theory]
    [InlineData(3L * 1024 * 1024 * 1024, 51.2)] // 3 GB at 1 MB/s
    [InlineData(16L * 1024 * 1024 * 1024, 120)] // would take 4.5 hours: the longest, 2 hours
    public async Task The_upload_URL_lives_as_long_as_the_declared_size_takes_to_send_and_no_longer(long size, double minutes)
    {
        var start = await StartAsync(new { fileName = "backup-restore-test.zip", size, controlIds = Controls("A.8.13") });

        var expiresAt = DateTimeOffset.Parse((string)start["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange((expiresAt - DateTimeOffset.UtcNow).TotalMinutes, minutes - 1.5, minutes + 0.5);
        var signed = System.Web.HttpUtility.ParseQueryString(new Uri((string)start["uploadUrl"]!).Query)["se"];
        Assert.Equal(expiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), signed);
    }

    [Fact]
    public async Task A_large_upload_can_be_a_new_version_of_existing_evidence()
    {
        using var first = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(EvidenceFiles.Pdf(), "policy.pdf", fields: [("controlIds", "A.5.1")]));
        var id = (string)(await ApiClient.JsonAsync(first, HttpStatusCode.Created))["id"]!;
        var file = EvidenceFiles.Pdf(1500 * 1024);
        var start = await StartAsync(new { fileName = "policy.pdf", size = file.Length, sha256 = EvidenceFiles.Sha256(file), evidenceId = id });

        await new BlockBlobClient(new Uri((string)start["uploadUrl"]!)).UploadAsync(new MemoryStream(file));
        using var complete = await Contributor.SendAsync(HttpMethod.Post, (string)start["completeUrl"]!, null, null);

        var filed = await ApiClient.JsonAsync(complete, HttpStatusCode.Created);
        Assert.Equal(id, (string?)filed["id"]);
        Assert.Equal(2, (int)filed["version"]!);
    }

    public static TheoryData<string, Func<byte[], object>, Func<byte[], byte[]>, HttpStatusCode, string?> CompletionRefusals() => new()
    {
        { "a SHA-256 that does not match", f => new { sha256 = new string('0', 64) }, f => f, HttpStatusCode.BadRequest, "sha256" },
        { "a file of another size than declared", f => new { sha256 = EvidenceFiles.Sha256(f) }, f => [.. f, 1, 2, 3], HttpStatusCode.BadRequest, "size" },
        { "an executable", f => new { sha256 = EvidenceFiles.Sha256(f) }, f => [.. "MZ"u8, .. f.AsSpan(2)], HttpStatusCode.UnsupportedMediaType, null },
    };

    [Theory]
    [MemberData(nameof(CompletionRefusals))]
    public async Task A_refused_completion_leaves_no_staged_file_no_evidence_and_no_upload(string what, Func<byte[], object> body, Func<byte[], byte[]> tamper, HttpStatusCode status, string? field)
    {
        var before = await fixture.Storage.CountAsync();
        var file = EvidenceFiles.Pdf(1200 * 1024);
        var start = await StartAsync(new { fileName = "report.pdf", size = file.Length, controlIds = Controls("A.5.36") });
        await new BlockBlobClient(new Uri((string)start["uploadUrl"]!)).UploadAsync(new MemoryStream(tamper(file)));

        using var complete = await Contributor.PostAsync((string)start["completeUrl"]!, body(tamper(file)));

        await ApiClient.AssertProblemAsync(complete, status, field);
        Assert.True(before == await fixture.Storage.CountAsync(), what);
        using var again = await Contributor.PostAsync((string)start["completeUrl"]!, body(file));
        await ApiClient.AssertProblemAsync(again, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Completing_before_anything_was_uploaded_is_a_conflict_and_the_upload_stays_open()
    {
        var file = EvidenceFiles.Pdf(2048);
        var start = await StartAsync(new { fileName = "late.pdf", size = file.Length, sha256 = EvidenceFiles.Sha256(file), controlIds = Controls("A.5.37") });

        using var early = await Contributor.SendAsync(HttpMethod.Post, (string)start["completeUrl"]!, null, null);
        await ApiClient.AssertProblemAsync(early, HttpStatusCode.Conflict);

        await new BlockBlobClient(new Uri((string)start["uploadUrl"]!)).UploadAsync(new MemoryStream(file));
        using var complete = await Contributor.SendAsync(HttpMethod.Post, (string)start["completeUrl"]!, null, null);
        await ApiClient.JsonAsync(complete, HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("{\"size\":10,\"controlIds\":[\"A.5.1\"]}", "fileName")]
    [InlineData("{\"fileName\":\"a.pdf\",\"controlIds\":[\"A.5.1\"]}", "size")]
    [InlineData("{\"fileName\":\"a.pdf\",\"size\":10,\"controlIds\":[\"A.5.99\"]}", "controlIds")]
    [InlineData("{\"fileName\":\"a.pdf\",\"size\":10}", "controlIds")]
    [InlineData("{\"fileName\":\"../a.pdf\",\"size\":10,\"controlIds\":[\"A.5.1\"]}", "fileName")]
    [InlineData("{\"fileName\":\"a.pdf\",\"size\":10,\"controlIds\":[\"A.5.1\"],\"sha256\":\"abc\"}", "sha256")]
    [InlineData("{\"fileName\":\"a.pdf\",\"size\":10,\"evidenceId\":\"EV-NOSUCHTHING\"}", "evidenceId")]
    public async Task A_bad_start_is_400_naming_the_field_and_hands_out_no_SAS(string json, string field)
    {
        var before = await fixture.Storage.CountAsync();

        using var response = await Contributor.SendRawAsync(HttpMethod.Post, "api/evidence/uploads", json, "application/json");

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await fixture.Storage.CountAsync());
    }

    [Fact]
    public async Task Only_the_person_who_started_an_upload_or_an_admin_completes_it()
    {
        var start = await StartAsync(new { fileName = "a.pdf", size = 10, controlIds = Controls("A.5.1") });

        using var other = await new ApiClient(fixture.Client, "someone.else@contoso.example", Roles.Contributor).SendAsync(HttpMethod.Post, (string)start["completeUrl"]!, null, null);

        await ApiClient.AssertProblemAsync(other, HttpStatusCode.Forbidden);
    }

    private async Task<JsonObject> StartAsync(object body)
    {
        using var response = await Contributor.PostAsync("api/evidence/uploads", body);
        return await ApiClient.JsonAsync(response, HttpStatusCode.Created);
    }

    private static List<string> Controls(string id) => [id];

    private static string StagedName(Uri sasUrl) => string.Join('/', sasUrl.AbsolutePath.Split('/').Skip(3));
}
