using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Isms.Core.Snapshots;
using Isms.Functions.Snapshots;
using Isms.Functions.Storage;
using Isms.IntegrationTests.Infrastructure;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Isms.IntegrationTests.Snapshots.SealedManifestFixtures;

namespace Isms.IntegrationTests.Snapshots;

/// <summary>
/// Sealed manifests are evidence: a manifest sealed by any earlier version of the app (isms-snapshot/1 included)
/// must still verify byte for byte and read as it did, and the same data must still seal to the same bytes
/// (isms-snapshot/2, in <c>tests/fixtures/isms-snapshot-2</c>). The fixtures were sealed from
/// <see cref="SealedManifestFixtures"/> by the writer as it stood before the manifest had typed records.
/// </summary>
public sealed class SealedManifestCompatibilityTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(FirstTakenAt.AddDays(-1));
    private LocalFunctionsHost? _host;
    private HttpClient? _client;

    private LocalFunctionsHost Host => _host!;

    private ApiClient Admin => ApiClient.AdminOf(_client!);

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(storageConnectionString: null, services: s => s.AddSingleton<TimeProvider>(_clock));
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

    [Fact]
    public async Task The_same_data_seals_to_the_same_bytes_as_before()
    {
        await BuildAsync(Host, _clock, async sequence =>
        {
            if (sequence == 1)
            {
                var run = await Host.Services.GetRequiredService<ScheduledSnapshots>().RunAsync(CancellationToken.None);
                Assert.Equal([Id(1)], run.Taken);
                return;
            }

            var taker = sequence == 2 ? Admin.As(SecondTakenBy, Isms.Functions.Platform.Roles.Auditor) : Admin;
            using var created = await taker.PostAsync("api/snapshots", new { });
            Assert.Equal(Id(sequence), (string?)(await ApiClient.JsonAsync(created, HttpStatusCode.Created))["id"]);
        });

        var differences = new List<string>();
        for (var sequence = 1; sequence <= Count; sequence++)
        {
            using var response = await Admin.GetAsync($"api/snapshots/{Id(sequence)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            differences.AddRange(FixtureDifference(CurrentDirectory, Id(sequence) + ".json", await response.Content.ReadAsByteArrayAsync()));
        }

        using (var report = await Admin.GetAsync($"api/snapshots/{Id(3)}/report"))
        {
            differences.AddRange(FixtureDifference(CurrentDirectory, Id(3) + ".report.html", await report.Content.ReadAsByteArrayAsync()));
        }

        Assert.Empty(differences);

        // The package of a snapshot with a risk register carries it as CSV, its formula-like title defused.
        using var package = await Admin.GetAsync($"api/snapshots/{Id(3)}/package");
        using var zip = new ZipArchive(new MemoryStream(await package.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var risks = Encoding.UTF8.GetString(zip.Read("risk-register.csv"));
        Assert.Contains("RISK-FIX01,\"'=cmd|' /C calc'!A0", risks, StringComparison.Ordinal);
        Assert.Contains("A.8.13 A.8.22,2,4,8,Yes,isms.manager@contoso.example", risks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifests_sealed_before_verify_and_read_as_they_did()
    {
        await PlantAsync();

        for (var sequence = 1; sequence <= Count; sequence++)
        {
            var verification = await VerifyAsync(Id(sequence));
            Assert.True((bool)verification["verified"]!, string.Join("; ", Problems(verification)));
            Assert.Equal(sequence, (int)verification["chainLength"]!);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Manifest(sequence))), (string?)verification["manifestSha256"]);
        }

        Assert.Equal(7, (int)(await VerifyAsync(Id(3)))["evidenceChecked"]!);

        // The report and the diff are rendered from the sealed bytes alone, so an old manifest renders as it did.
        using (var report = await Admin.GetAsync($"api/snapshots/{Id(3)}/report"))
        {
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
            AssertSameAsFixture(Id(3) + ".report.html", await report.Content.ReadAsByteArrayAsync());
        }

        using (var diff = await Admin.GetAsync($"api/snapshots/{Id(3)}/diff/{Id(1)}"))
        {
            Assert.Equal(HttpStatusCode.OK, diff.StatusCode);
            AssertSameAsFixture($"{Id(1)}-{Id(3)}.diff.json", await diff.Content.ReadAsByteArrayAsync());
        }

        // The package carries the sealed bytes unchanged and every evidence file the old manifest lists.
        using var package = await Admin.GetAsync($"api/snapshots/{Id(2)}/package");
        Assert.Equal(HttpStatusCode.OK, package.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await package.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Equal(Manifest(2), zip.Read("manifest.json"));
        var listed = JsonNode.Parse(Manifest(2))!["evidence"]!.AsArray();
        Assert.Equal(6, listed.Count);
        foreach (var file in listed)
        {
            var entry = Assert.Single(zip.Entries, e => e.FullName.StartsWith($"evidence/{file!["id"]}/v{file["version"]}/", StringComparison.Ordinal));
            Assert.Equal((string?)file!["sha256"], Convert.ToHexStringLower(SHA256.HashData(zip.Read(entry.FullName))));
        }

        var index = Encoding.UTF8.GetString(zip.Read("index.csv"));
        Assert.DoesNotContain("ALTERED", index, StringComparison.Ordinal);
        Assert.DoesNotContain("MISSING", index, StringComparison.Ordinal);
        var soa = Encoding.UTF8.GetString(zip.Read("statement-of-applicability.csv"));
        Assert.Contains("A.7.6", soa, StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK(", soa, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_one_byte_change_to_a_sealed_manifest_is_named_by_verification()
    {
        await PlantAsync();
        var original = Manifest(2);
        var changes = new (string Where, int Offset, byte To, string? AlsoNamed)[]
        {
            ("a headline figure", After(original, "\"openCorrectiveActions\":"), 0, null),
            ("an evidence file's hash", After(original, "\"sha256\":\""), 0, null),
            ("an evidence file's size", After(original, "\"size\":"), (byte)'x', null),
            ("a freshness state", After(original, "\"state\":\"Fres"), (byte)'k', null),
            ("an evidence file's date, to one no calendar has", After(original, "\"effectiveDate\":\"2025-09-0"), (byte)'x', "its evidence list cannot be read to the end"),
            ("the previous snapshot's hash", After(original, "\"previous\":{\"id\":\"SNAP-000001\",\"sha256\":\"") + 7, 0, null),
            ("the previous snapshot's id, to its own", After(original, "\"previous\":{\"id\":\"SNAP-00000"), (byte)'2', "the chain loops"),
            ("the first byte", 0, (byte)'[', null),
            ("the last byte", original.Length - 1, (byte)' ', null),
            ("a byte of a multi-byte character", After(original, "zoë") - 2, (byte)'e', null),
        };

        // And bytes spread over the whole manifest, each replaced by a digit.
        var sweep = Enumerable.Range(1, 15).Select(i => i * original.Length / 16).Select(o => ($"byte {o}", o, (byte)0, (string?)null));
        foreach (var (where, offset, to, alsoNamed) in changes.Concat(sweep))
        {
            var changed = (byte[])original.Clone();
            changed[offset] = to != 0 ? to : changed[offset] == (byte)'0' ? (byte)'1' : (byte)'0';
            Assert.NotEqual(original[offset], changed[offset]);
            await UploadManifestAsync(Id(2), changed);

            var itself = await VerifyAsync(Id(2));
            Assert.False((bool)itself["verified"]!, where);
            Assert.Contains(Problems(itself), p => p.StartsWith($"manifest {Id(2)}:", StringComparison.Ordinal) && p.Contains("altered", StringComparison.Ordinal));
            if (alsoNamed is not null)
            {
                Assert.Contains(Problems(itself), p => p.Contains(alsoNamed, StringComparison.Ordinal));
            }

            var successor = await VerifyAsync(Id(3));
            Assert.False((bool)successor["verified"]!, where);
            Assert.StartsWith($"chain {Id(3)} → {Id(2)}: ", Problems(successor)[0], StringComparison.Ordinal);
            Assert.Contains($"{Id(2)} has been altered", Problems(successor)[0], StringComparison.Ordinal);
        }

        await UploadManifestAsync(Id(2), original);
        var restored = await VerifyAsync(Id(3));
        Assert.True((bool)restored["verified"]!, string.Join("; ", Problems(restored)));
    }

    /// <summary>The fixture's data and evidence files, and the fixture manifests stored as if sealed here, with their rows.</summary>
    private async Task PlantAsync()
    {
        await BuildAsync(Host, _clock, _ => Task.CompletedTask);
        var store = Host.Services.GetRequiredService<SnapshotStore>();
        for (var sequence = 1; sequence <= Count; sequence++)
        {
            var bytes = Manifest(sequence);
            var manifest = JsonNode.Parse(bytes)!;
            var header = new SnapshotHeader(
                (string)manifest["id"]!,
                (int)manifest["sequence"]!,
                DateTimeOffset.Parse((string)manifest["takenAt"]!, System.Globalization.CultureInfo.InvariantCulture),
                (string)manifest["takenBy"]!,
                (string)manifest["trigger"]!,
                manifest["previous"] is { } previous ? new ManifestLink((string)previous["id"]!, (string)previous["sha256"]!) : null);
            Assert.Equal(Id(sequence), header.Id);
            var sha256 = await UploadManifestAsync(header.Id, bytes, SnapshotStore.Metadata(header));
            await store.SaveAsync(
                new SnapshotRecord(header.Id, header.Sequence, header.TakenAt, header.TakenBy, header.Trigger, sha256, bytes.Length, header.Previous?.Id, header.Previous?.Sha256, null, false, 0),
                CancellationToken.None);
        }
    }

    /// <summary>Writes a manifest blob in place (Azurite keeps no immutability policy), as sealing or an attacker would.</summary>
    private async Task<string> UploadManifestAsync(string id, byte[] bytes, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var storage = Host.Services.GetRequiredService<IsmsStorage>();
        var container = await storage.ContainerAsync(Host.Services.GetRequiredService<IOptions<StorageOptions>>().Value.SnapshotsContainer, CancellationToken.None);
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } };
        if (metadata is not null)
        {
            options.Metadata = new Dictionary<string, string>(metadata) { ["sha256"] = sha256 };
        }

        await container.GetBlobClient(SnapshotStore.ManifestBlob(id)).UploadAsync(new BinaryData(bytes), options);
        return sha256;
    }

    private async Task<JsonObject> VerifyAsync(string id)
    {
        using var response = await Admin.GetAsync($"api/snapshots/{id}/verification");
        return await ApiClient.JsonAsync(response, HttpStatusCode.OK);
    }

    private static List<string> Problems(JsonObject verification) => [.. verification["problems"]!.AsArray().Select(p => (string)p!)];

    /// <summary>The offset just after the first <paramref name="text"/> in <paramref name="bytes"/>.</summary>
    private static int After(byte[] bytes, string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var offset = bytes.AsSpan().IndexOf(utf8);
        Assert.True(offset >= 0, $"The fixture has no {text}");
        return offset + utf8.Length;
    }

    private static void AssertSameAsFixture(string name, byte[] actual) => Assert.Empty(FixtureDifference(SealedManifestFixtures.Directory, name, actual));

    /// <summary>Nothing when <paramref name="actual"/> is exactly the fixture; else why not, with what was produced kept to compare.</summary>
    private static IEnumerable<string> FixtureDifference(string directory, string name, byte[] actual)
    {
        var path = Path.Combine(directory, name);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(actual))
        {
            return [];
        }

        var produced = Path.Combine(Path.GetTempPath(), "isms-sealed-manifest-fixtures", Path.GetFileName(directory), name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(produced)!);
        File.WriteAllBytes(produced, actual);
        return [$"{name} is not byte for byte the fixture {path}{(File.Exists(path) ? string.Empty : " (missing)")}; what this code produced is in {produced}."];
    }
}
