using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Isms.Functions.Evidence;
using Isms.Functions.Platform;
using Isms.Functions.Storage;
using Isms.IntegrationTests.Infrastructure;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Isms.IntegrationTests.Evidence;

/// <summary>
/// Storage in place of the blob legal holds Azurite lacks: records what the app asked for, in order, and refuses
/// the blobs a test names, so the tests can see that a failure leaves the holds as they were.
/// </summary>
public sealed class RecordingBlobHolds : IEvidenceBlobHolds
{
    public ConcurrentDictionary<string, bool> Held { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Blob names whose hold (set or clear) storage refuses.</summary>
    public ConcurrentDictionary<string, bool> Refusing { get; } = new(StringComparer.Ordinal);

    public bool Enforced => true;

    public Task SetAsync(string blobName, bool hold, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"{(hold ? "hold" : "release")} {blobName}");
        if (Refusing.ContainsKey(blobName))
        {
            throw new RequestFailedException(503, "Storage refused the legal hold (test).");
        }

        Held[blobName] = hold;
        return Task.CompletedTask;
    }
}

/// <summary>A host with malware scanning on (a short wait for the verdict) and <see cref="RecordingBlobHolds"/> for storage legal holds.</summary>
public sealed class StorageProtectionHostFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private LocalFunctionsHost? _host;

    public RecordingBlobHolds Holds { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public string StorageConnectionString => _azurite.ConnectionString;

    public StorageInventory Storage => new(StorageConnectionString);

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _host = await TestHost.StartAsync(
            _azurite.ConnectionString,
            options =>
            {
                options.Settings["Storage:MalwareScanning"] = "true";
                options.Settings["Storage:MalwareScanWaitSeconds"] = "3";
            },
            services => services.AddSingleton<IEvidenceBlobHolds>(Holds));
        Client = _host.Client();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }
}

/// <summary>
/// Issue 16, the app's side of the storage protections: a storage legal hold behind the legal-hold flag, uploads
/// filed only when Defender's verdict is clean, and no start in Azure over an evidence container without WORM.
/// </summary>
public sealed class StorageProtectionTests(StorageProtectionHostFixture fixture) : IClassFixture<StorageProtectionHostFixture>
{
    private const string Owner = "control.owner@contoso.example";

    private ApiClient Admin => ApiClient.AdminOf(fixture.Client);

    private ApiClient Contributor => new(fixture.Client, Owner, Roles.Contributor);

    [Fact]
    public async Task Azurite_keeps_blob_index_tags_so_the_verdict_tag_can_be_set_as_defender_would()
    {
        var container = new BlobServiceClient(fixture.StorageConnectionString).GetBlobContainerClient("tag-check");
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient("a.pdf");
        await blob.UploadAsync(BinaryData.FromBytes(EvidenceFiles.Pdf()), overwrite: true);
        await blob.SetTagsAsync(new Dictionary<string, string> { [MalwareScanGate.ResultTag] = MalwareScanGate.MaliciousResult });
        var tags = (await blob.GetTagsAsync()).Value.Tags;
        Assert.Equal(MalwareScanGate.MaliciousResult, tags[MalwareScanGate.ResultTag]);
    }

    [Fact]
    public async Task A_legal_hold_sets_a_storage_hold_on_every_version_blob_and_clearing_it_lifts_them()
    {
        var (id, blobs) = await EvidenceWithTwoVersionsAsync();

        using (var hold = await Admin.PutAsync($"api/evidence/{id}/legal-hold", new { reason = "Litigation LH-9" }))
        {
            Assert.True((bool)(await ApiClient.JsonAsync(hold, HttpStatusCode.OK))["legalHold"]!);
        }

        Assert.All(blobs, b => Assert.True(fixture.Holds.Held[b], $"{b} should be on storage legal hold"));

        using (var clear = await Admin.SendAsync(HttpMethod.Delete, $"api/evidence/{id}/legal-hold", null, ApiClient.AnyVersion))
        {
            Assert.False((bool)(await ApiClient.JsonAsync(clear, HttpStatusCode.OK))["legalHold"]!);
        }

        Assert.All(blobs, b => Assert.False(fixture.Holds.Held[b], $"{b} should be off storage legal hold"));
    }

    [Fact]
    public async Task Setting_a_hold_places_the_storage_holds_before_the_record_and_a_refused_blob_changes_nothing()
    {
        var (id, blobs) = await EvidenceWithTwoVersionsAsync();
        fixture.Holds.Refusing[blobs[1]] = true;
        try
        {
            using var hold = await Admin.PutAsync($"api/evidence/{id}/legal-hold", new { reason = "Regulator" });
            Assert.Equal(HttpStatusCode.InternalServerError, hold.StatusCode);
        }
        finally
        {
            fixture.Holds.Refusing.TryRemove(blobs[1], out _);
        }

        // The first version's hold was placed, then lifted again; the record never said "held".
        var calls = fixture.Holds.Calls.Where(c => c.EndsWith(blobs[0], StringComparison.Ordinal) || c.EndsWith(blobs[1], StringComparison.Ordinal)).ToList();
        Assert.Equal([$"hold {blobs[0]}", $"hold {blobs[1]}", $"release {blobs[0]}"], calls);
        Assert.False(fixture.Holds.Held[blobs[0]]);
        Assert.False((bool)(await ApiClient.JsonAsync(await Admin.GetAsync($"api/evidence/{id}"), HttpStatusCode.OK))["legalHold"]!);
    }

    [Fact]
    public async Task Clearing_a_hold_writes_the_record_first_and_a_refused_blob_puts_record_and_holds_back()
    {
        var (id, blobs) = await EvidenceWithTwoVersionsAsync();
        using (var hold = await Admin.PutAsync($"api/evidence/{id}/legal-hold", new { reason = "Audit" }))
        {
            await ApiClient.JsonAsync(hold, HttpStatusCode.OK);
        }

        fixture.Holds.Refusing[blobs[1]] = true;
        try
        {
            using var clear = await Admin.SendAsync(HttpMethod.Delete, $"api/evidence/{id}/legal-hold", null, ApiClient.AnyVersion);
            Assert.Equal(HttpStatusCode.InternalServerError, clear.StatusCode);
        }
        finally
        {
            fixture.Holds.Refusing.TryRemove(blobs[1], out _);
        }

        Assert.All(blobs, b => Assert.True(fixture.Holds.Held[b], $"{b} should still be on storage legal hold"));
        var record = await ApiClient.JsonAsync(await Admin.GetAsync($"api/evidence/{id}"), HttpStatusCode.OK);
        Assert.True((bool)record["legalHold"]!);
        Assert.Equal("Audit", (string?)record["legalHoldReason"]);
    }

    [Fact]
    public async Task A_form_upload_flagged_malicious_is_refused_with_422_and_nothing_is_filed()
    {
        var before = await fixture.Storage.CountAsync();
        var tagging = TagFirstStagedFormUploadAsync(MalwareScanGate.MaliciousResult);
        using var response = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(EvidenceFiles.Pdf(), "invoice.pdf", fields: [("controlIds", "A.8.7"), ("effectiveDate", "2026-03-01")]));
        await tagging;

        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("malware scan flagged invoice.pdf", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(before, await fixture.Storage.CountAsync());
    }

    [Fact]
    public async Task A_form_upload_whose_scan_does_not_report_in_time_is_refused_with_409_and_nothing_is_filed()
    {
        var before = await fixture.Storage.CountAsync();
        using var response = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(EvidenceFiles.Pdf(), "slow.pdf", fields: [("controlIds", "A.8.7"), ("effectiveDate", "2026-03-01")]));

        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("did not report in time", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(before, await fixture.Storage.CountAsync());
    }

    [Fact]
    public async Task A_form_upload_scanned_clean_is_filed()
    {
        var tagging = TagFirstStagedFormUploadAsync(MalwareScanGate.CleanResult);
        using var response = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(EvidenceFiles.Pdf(), "clean.pdf", fields: [("controlIds", "A.8.7"), ("effectiveDate", "2026-03-01")]));
        await tagging;
        await ApiClient.JsonAsync(response, HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_large_upload_waits_for_its_verdict_is_filed_when_clean_and_discarded_when_malicious()
    {
        var file = EvidenceFiles.Pdf(4096);
        var (complete, staged) = await StartAndUploadAsync(file, "scan.pdf");

        // No verdict yet: 409, and the upload stays to be completed again.
        using (var pending = await Contributor.PostAsync(complete, new { sha256 = EvidenceFiles.Sha256(file) }))
        {
            var problem = await ApiClient.AssertProblemAsync(pending, HttpStatusCode.Conflict);
            Assert.Contains("has not reported yet", (string?)problem["detail"], StringComparison.Ordinal);
        }

        Assert.True(await staged.ExistsAsync());
        await staged.SetTagsAsync(new Dictionary<string, string> { [MalwareScanGate.ResultTag] = MalwareScanGate.CleanResult });
        using (var filed = await Contributor.PostAsync(complete, new { sha256 = EvidenceFiles.Sha256(file) }))
        {
            await ApiClient.JsonAsync(filed, HttpStatusCode.Created);
        }

        var (flaggedComplete, flaggedStaged) = await StartAndUploadAsync(file, "flagged.pdf");
        await flaggedStaged.SetTagsAsync(new Dictionary<string, string> { [MalwareScanGate.ResultTag] = MalwareScanGate.MaliciousResult });
        var before = await fixture.Storage.CountAsync();
        using (var refused = await Contributor.PostAsync(flaggedComplete, new { sha256 = EvidenceFiles.Sha256(file) }))
        {
            await ApiClient.AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity);
        }

        Assert.False(await flaggedStaged.ExistsAsync(), "A flagged staged file is discarded.");
        var after = await fixture.Storage.CountAsync();
        Assert.Equal(before.EvidenceBlobs, after.EvidenceBlobs);
        Assert.Equal(before.EvidenceRows, after.EvidenceRows);
        Assert.Equal(before.UploadRows - 1, after.UploadRows);
    }

    [Theory]
    [InlineData(null, MalwareScanVerdict.Pending)]
    [InlineData("No threats found", MalwareScanVerdict.Clean)]
    [InlineData("Malicious", MalwareScanVerdict.Malicious)]
    [InlineData("Error", MalwareScanVerdict.Unscanned)]
    [InlineData("Not scanned", MalwareScanVerdict.Unscanned)]
    public void Only_no_threats_found_lets_a_file_become_evidence(string? tag, MalwareScanVerdict expected)
    {
        Assert.Equal(expected, MalwareScanGate.Judge(tag));
        Assert.Equal(expected == MalwareScanVerdict.Clean, MalwareScanGate.Refusal(expected, tag, "f.pdf", canRetry: true) is null);
    }

    [Fact]
    public async Task In_azure_the_app_refuses_to_start_over_an_evidence_container_without_immutability_and_locally_it_does_not_check()
    {
        // Azurite's containers have no immutability policy, as a container deployed without infra/main.bicep would not.
        var blobs = new BlobServiceClient(fixture.StorageConnectionString);
        var storage = new IsmsStorage(new Azure.Data.Tables.TableServiceClient(fixture.StorageConnectionString), blobs, new Azure.Storage.Queues.QueueServiceClient(fixture.StorageConnectionString));
        var evidence = blobs.GetBlobContainerClient("evidence");
        await evidence.CreateIfNotExistsAsync();
        var read = ContainerImmutability.From((await evidence.GetPropertiesAsync()).Value);
        Assert.False(read.VersionLevel || read.HasPolicy, "Azurite reports no WORM on its containers.");
        var options = Options.Create(new StorageOptions());

        await new EvidenceImmutabilityCheck(storage, options, againstAzure: false).CheckAsync(CancellationToken.None);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => new EvidenceImmutabilityCheck(storage, options, againstAzure: true).StartAsync(CancellationToken.None));
        Assert.Contains("evidence container 'evidence'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("will not start", refused.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => new EvidenceImmutabilityCheck(storage, Options.Create(new StorageOptions { EvidenceContainer = "no-such-container" }), againstAzure: true).CheckAsync(CancellationToken.None));
        Assert.Contains("'no-such-container' does not exist", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rule_accepts_a_container_with_version_level_immutability_and_its_policy_and_nothing_less()
    {
        static ContainerImmutability Properties(bool versionLevel, bool policy) => new(versionLevel, policy);

        Assert.Null(EvidenceImmutabilityCheck.Refusal(againstAzure: true, "evidence", Properties(versionLevel: true, policy: true)));
        Assert.Contains("no immutability policy", EvidenceImmutabilityCheck.Refusal(againstAzure: true, "evidence", Properties(versionLevel: true, policy: false)), StringComparison.Ordinal);
        Assert.Contains("version-level immutability", EvidenceImmutabilityCheck.Refusal(againstAzure: true, "evidence", Properties(versionLevel: false, policy: false)), StringComparison.Ordinal);
        Assert.Null(EvidenceImmutabilityCheck.Refusal(againstAzure: false, "evidence", Properties(versionLevel: false, policy: false)));
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", true)]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;", true)]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=stcontoso;AccountKey=a2V5;EndpointSuffix=core.windows.net", false)]
    public void Only_an_emulator_skips_the_check(string connectionString, bool emulator)
    {
        Assert.Equal(emulator, new StorageConnection(connectionString, null, null, null, null).IsEmulator);
        Assert.False(new StorageConnection(null, new Uri("https://stcontoso.blob.core.windows.net"), null, null, null).IsEmulator);
    }

    private async Task<(string Id, string[] Blobs)> EvidenceWithTwoVersionsAsync()
    {
        var first = TagFirstStagedFormUploadAsync(MalwareScanGate.CleanResult);
        using var created = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(EvidenceFiles.Pdf(), "policy.pdf", fields: [("controlIds", "A.5.1"), ("effectiveDate", "2026-01-10")]));
        await first;
        var id = (string)(await ApiClient.JsonAsync(created, HttpStatusCode.Created))["id"]!;
        var firstBlob = Assert.Single(await BlobsOfAsync(id));
        var second = TagFirstStagedFormUploadAsync(MalwareScanGate.CleanResult);
        using var version = await EvidenceFiles.PostAsync(fixture.Client, $"api/evidence/{id}/versions", EvidenceFiles.Form(EvidenceFiles.Pdf(3000), "policy v2.pdf", fields: [("effectiveDate", "2026-02-10")]));
        await second;
        await ApiClient.JsonAsync(version, HttpStatusCode.Created);
        var secondBlob = Assert.Single(await BlobsOfAsync(id), b => b != firstBlob);
        return (id, [firstBlob, secondBlob]);
    }

    private async Task<List<string>> BlobsOfAsync(string id)
    {
        var blobs = new List<string>();
        await foreach (var blob in fixture.Storage.Evidence.GetBlobsAsync(BlobTraits.None, BlobStates.None, id + "/", CancellationToken.None))
        {
            blobs.Add(blob.Name);
        }

        return blobs;
    }

    /// <summary>Plays Defender for one form upload: tags the first committed blob that appears under staging/http/.</summary>
    private async Task TagFirstStagedFormUploadAsync(string result)
    {
        var staging = fixture.Storage.Staging;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await staging.ExistsAsync())
            {
                await foreach (var blob in staging.GetBlobsAsync(BlobTraits.Tags, BlobStates.None, "http/", CancellationToken.None))
                {
                    if (blob.Tags is { Count: > 0 })
                    {
                        continue;
                    }

                    await staging.GetBlobClient(blob.Name).SetTagsAsync(new Dictionary<string, string> { [MalwareScanGate.ResultTag] = result });
                    return;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No form upload was staged within 10 seconds.");
    }

    private async Task<(string CompleteUrl, BlobClient Staged)> StartAndUploadAsync(byte[] file, string fileName)
    {
        using var start = await Contributor.PostAsync("api/evidence/uploads", new { fileName, size = file.Length, controlIds = new[] { "A.8.7" }, effectiveDate = "2026-03-02" });
        var started = await ApiClient.JsonAsync(start, HttpStatusCode.Created);
        var uploadUrl = new Uri((string)started["uploadUrl"]!);
        await new BlockBlobClient(uploadUrl).UploadAsync(new MemoryStream(file));
        var name = new BlobUriBuilder(uploadUrl).BlobName;
        return ((string)started["completeUrl"]!, fixture.Storage.Staging.GetBlobClient(name));
    }
}
