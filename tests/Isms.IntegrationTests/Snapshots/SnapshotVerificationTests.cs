using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Isms.IntegrationTests.Infrastructure;
using Isms.LocalHost;
using static Isms.IntegrationTests.Snapshots.SnapshotSeeding;

namespace Isms.IntegrationTests.Snapshots;

/// <summary>Verification names what was altered: an evidence file, a manifest, a link of the chain. Each test has its own storage.</summary>
[Collection(SnapshotHostGroup.Name)]
public sealed class SnapshotVerificationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private LocalFunctionsHost? _host;
    private HttpClient? _client;

    private ApiClient Api => ApiClient.AdminOf(_client!);

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _host = await TestHost.StartAsync(azurite.ConnectionString);
        _client = _host.Client();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private async Task<string> TakeAsync()
    {
        using var response = await Api.PostAsync("api/snapshots", new { });
        return (string)(await ApiClient.JsonAsync(response, HttpStatusCode.Created))["id"]!;
    }

    private async Task<JsonObject> VerifyAsync(string id)
    {
        using var response = await Api.GetAsync($"api/snapshots/{id}/verification");
        return await ApiClient.JsonAsync(response, HttpStatusCode.OK);
    }

    private static List<string> Problems(JsonObject verification) => [.. verification["problems"]!.AsArray().Select(p => (string)p!)];

    [Fact]
    public async Task A_tampered_evidence_file_is_named_by_verification()
    {
        var kept = await EvidenceAsync(_host!, "EV-VERIFY01", ["A.5.15"], (Today.AddDays(-3), "access-review.pdf"));
        var tampered = await EvidenceAsync(_host!, "EV-VERIFY02", ["A.8.8"], (Today.AddDays(-60), "scan-march.pdf"), (Today.AddDays(-2), "scan-april.pdf"));
        var id = await TakeAsync();

        var clean = await VerifyAsync(id);
        Assert.True((bool)clean["verified"]!, string.Join("; ", Problems(clean)));
        Assert.Equal(3, (int)clean["evidenceChecked"]!);

        await TamperAsync(_host!, "evidence", tampered.BlobName, Encoding.UTF8.GetBytes("%PDF-1.7\nquietly edited after the snapshot\n"));
        var after = await VerifyAsync(id);

        Assert.False((bool)after["verified"]!);
        var problem = Assert.Single(Problems(after));
        Assert.Contains("evidence EV-VERIFY02 v2 (scan-april.pdf)", problem, StringComparison.Ordinal);
        Assert.Contains("altered", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Problems(after), p => p.Contains(kept.Id, StringComparison.Ordinal));

        // The package still carries the altered file, and its index says so.
        using var package = await Api.GetAsync($"api/snapshots/{id}/package");
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await package.Content.ReadAsByteArrayAsync()));
        using var index = new StreamReader(zip.GetEntry("index.csv")!.Open());
        Assert.Contains("ALTERED: evidence EV-VERIFY02 v2", await index.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_manifest_is_named_and_the_chain_is_checked_back_to_the_first_snapshot()
    {
        await EvidenceAsync(_host!, "EV-VERIFY03", ["5.2"], (Today.AddDays(-3), "policy.pdf"));
        var first = await TakeAsync();
        var second = await TakeAsync();
        var third = await TakeAsync();
        Assert.Equal(["SNAP-000001", "SNAP-000002", "SNAP-000003"], new[] { first, second, third });

        var clean = await VerifyAsync(third);
        Assert.True((bool)clean["verified"]!, string.Join("; ", Problems(clean)));
        Assert.Equal(3, (int)clean["chainLength"]!);

        // Someone edits the first manifest (a figure nobody would notice) and leaves everything else alone.
        using (var original = await Api.GetAsync($"api/snapshots/{first}"))
        {
            var text = await original.Content.ReadAsStringAsync();
            var edited = text.Replace("\"overdueCorrectiveActions\":0", "\"overdueCorrectiveActions\":1", StringComparison.Ordinal);
            Assert.NotEqual(text, edited);
            await TamperAsync(_host!, "snapshots", $"{first}/manifest.json", Encoding.UTF8.GetBytes(edited));
        }

        var fromThird = await VerifyAsync(third);
        Assert.False((bool)fromThird["verified"]!);
        var chainProblem = Assert.Single(Problems(fromThird));
        Assert.Contains($"chain {second} → {first}", chainProblem, StringComparison.Ordinal);
        Assert.Contains($"{first} has been altered", chainProblem, StringComparison.Ordinal);
        Assert.Equal(3, (int)fromThird["chainLength"]!);

        var fromFirst = await VerifyAsync(first);
        Assert.Contains(Problems(fromFirst), p => p.StartsWith($"manifest {first}:", StringComparison.Ordinal) && p.Contains("altered", StringComparison.Ordinal));

        // The newest manifest replaced outright (even by valid JSON) is named too.
        await TamperAsync(_host!, "snapshots", $"{third}/manifest.json", Encoding.UTF8.GetBytes("{\"id\":\"SNAP-000003\"}"));
        var replaced = await VerifyAsync(third);
        Assert.Contains(Problems(replaced), p => p.StartsWith($"manifest {third}:", StringComparison.Ordinal));
    }
}
