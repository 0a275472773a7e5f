using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Isms.Core.Controls;
using Isms.Core.Snapshots;
using Isms.IntegrationTests.Infrastructure;
using static Isms.IntegrationTests.Snapshots.SnapshotSeeding;

namespace Isms.IntegrationTests.Snapshots;

/// <summary>Taking, reading, rendering, packaging and comparing snapshots of a seeded ISMS over HTTP.</summary>
[Collection(SnapshotHostGroup.Name)]
public sealed class SnapshotApiTests(SnapshotHostFixture fixture) : IClassFixture<SnapshotHostFixture>
{
    private async Task<(JsonObject Summary, byte[] Manifest, JsonObject Json)> TakeAsync()
    {
        using var created = await fixture.Auditor.PostAsync("api/snapshots", new { });
        var summary = await ApiClient.JsonAsync(created, HttpStatusCode.Created);
        Assert.Equal($"/api/snapshots/{summary["id"]}", created.Headers.Location?.OriginalString);
        using var read = await fixture.Reader.GetAsync(created.Headers.Location!.OriginalString.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var bytes = await read.Content.ReadAsByteArrayAsync();
        Assert.Equal((string?)summary["sha256"], read.Headers.GetValues("X-Snapshot-Sha256").Single());
        return (summary, bytes, JsonNode.Parse(bytes)!.AsObject());
    }

    [Fact]
    public async Task A_snapshot_of_the_seeded_ISMS_has_the_right_figures_and_is_sealed_in_canonical_form()
    {
        var (summary, bytes, manifest) = await TakeAsync();

        // Sealed: the stored hash is the hash of exactly these bytes, which are already canonical.
        Assert.Equal((string?)summary["sha256"], Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.True(CanonicalJson.IsCanonical(bytes), "The manifest must be in canonical form (sorted keys, no whitespace).");
        Assert.Equal("external.auditor@contoso.example", (string?)manifest["takenBy"]);
        Assert.Equal("Manual", (string?)manifest["trigger"]);

        var headline = manifest["headline"]!.AsObject();
        Assert.Equal(92, (int)headline["applicableControls"]!);
        Assert.Equal(2, (int)headline["implementedControls"]!);
        Assert.Equal(2.2, (double)headline["implementationPercent"]!);
        Assert.Equal(2, (int)headline["openCorrectiveActions"]!);
        Assert.Equal(1, (int)headline["overdueCorrectiveActions"]!);
        Assert.Equal(1, (int)headline["openMajorNonconformities"]!);
        Assert.Equal(1, (int)headline["openMinorNonconformities"]!);
        Assert.Equal(4, (int)headline["evidenceVersions"]!);
        var assessed = ControlCatalogue.Clauses.Count + 92;
        Assert.Equal(assessed, (int)headline["controlsAssessed"]!);
        Assert.Equal(1, (int)headline["staleEvidenceControls"]!);
        Assert.Equal(assessed - 3, (int)headline["missingEvidenceControls"]!);
        Assert.Equal(Math.Round(100.0 * (assessed - 2) / assessed, 1), (double)headline["staleEvidencePercent"]!);

        // The evidence index lists every version with its hash.
        var evidence = manifest["evidence"]!.AsArray();
        Assert.Equal(4, evidence.Count);
        foreach (var seeded in fixture.Seeded.LatestEvidence)
        {
            var listed = evidence.Single(e => (string?)e!["id"] == seeded.Id && (int)e["version"]! == seeded.Version)!;
            Assert.Equal(seeded.Sha256, (string?)listed["sha256"]);
            Assert.Equal(seeded.EffectiveDate.ToString("yyyy-MM-dd"), (string?)listed["effectiveDate"]);
        }

        // Actions and findings with their ages.
        var open = manifest["correctiveActions"]!["open"]!.AsArray();
        var overdue = open.Single(a => (string?)a!["id"] == fixture.Seeded.Overdue.Id)!;
        Assert.Equal(100, (int)overdue["ageDays"]!);
        Assert.Equal(10, (int)overdue["daysOverdue"]!);
        Assert.Contains(manifest["correctiveActions"]!["recentlyClosed"]!.AsArray(), a => (string?)a!["id"] == fixture.Seeded.Closed.Id);
        Assert.Equal(
            new[] { fixture.Seeded.Major.Id, fixture.Seeded.Minor.Id }.Order(StringComparer.Ordinal),
            manifest["findings"]!["open"]!.AsArray().Select(f => (string)f!["id"]!));
        Assert.Contains(manifest["findings"]!["recentlyClosed"]!.AsArray(), f => (string?)f!["id"] == fixture.Seeded.ClosedMinor.Id);

        // SoA, freshness, programme.
        var a74 = manifest["controls"]!.AsArray().Single(c => (string?)c!["controlId"] == "A.7.4")!;
        Assert.False((bool)a74["applicable"]!);
        Assert.Equal("policy.owner@contoso.example", (string?)manifest["controls"]!.AsArray().Single(c => (string?)c!["controlId"] == "A.5.1")!["ownerUpn"]);
        var freshness = manifest["freshness"]!.AsArray();
        Assert.Equal("Fresh", (string?)freshness.Single(f => (string?)f!["controlId"] == "A.5.1")!["state"]);
        Assert.Equal("Stale", (string?)freshness.Single(f => (string?)f!["controlId"] == "A.5.2")!["state"]);
        Assert.DoesNotContain(freshness, f => (string?)f!["controlId"] == "A.7.4");
        Assert.Contains(manifest["programme"]!["audits"]!.AsArray(), a => (string?)a!["id"] == fixture.Seeded.Audit.Id);
        Assert.True((int)manifest["programme"]!["controls"]! > 93);

        // Readiness: the open major first, then missing documents; 5.2 evidenced by its file, 9.2 and 10.2 by the registers.
        var readiness = manifest["readiness"]!.AsObject();
        Assert.False((bool)readiness["ready"]!);
        var blockers = readiness["blockers"]!.AsArray();
        Assert.Equal("OpenMajorNonconformity", (string?)blockers[0]!["kind"]);
        Assert.Equal(fixture.Seeded.Major.Id, (string?)blockers[0]!["reference"]);
        Assert.All(blockers.Skip(1), b => Assert.Equal("MissingDocument", (string?)b!["kind"]));
        var items = readiness["items"]!.AsArray();
        Assert.Equal(14, items.Count);
        Assert.True((bool)items.Single(i => (string?)i!["key"] == "5.2")!["evidenced"]!);
        Assert.True((bool)items.Single(i => (string?)i!["key"] == "9.2")!["evidenced"]!);
        Assert.True((bool)items.Single(i => (string?)i!["key"] == "10.2")!["evidenced"]!);
        Assert.False((bool)items.Single(i => (string?)i!["key"] == "4.3")!["evidenced"]!);
        Assert.Contains(blockers, b => (string?)b!["reference"] == "4.3");
    }

    [Fact]
    public async Task The_report_is_self_contained_and_escapes_html_in_titles()
    {
        var (summary, _, _) = await TakeAsync();
        using var response = await fixture.Reader.GetAsync($"api/snapshots/{summary["id"]}/report");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Leavers keep access &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Internal: Internal audit &lt;script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("@page{size:A4", html, StringComparison.Ordinal);
        foreach (var section in new[] { "Certification readiness", "implementation by theme", "Evidence freshness by theme", "Corrective-action ageing", "Open nonconformities by severity", "Audit programme timeline", "Changes since the previous snapshot" })
        {
            Assert.Contains(section, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_audit_package_is_a_zip_whose_files_hash_to_the_manifest()
    {
        var (summary, manifestBytes, manifest) = await TakeAsync();

        // The package carries every evidence file and the verification reads them all: for admins and auditors only.
        await ApiClient.AssertProblemAsync(await fixture.Reader.GetAsync($"api/snapshots/{summary["id"]}/package"), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await fixture.Reader.GetAsync($"api/snapshots/{summary["id"]}/verification"), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await fixture.Reader.As("staff@contoso.example", Isms.Functions.Platform.Roles.Contributor).GetAsync($"api/snapshots/{summary["id"]}/package"), HttpStatusCode.Forbidden);
        await ApiClient.JsonAsync(await fixture.Auditor.GetAsync($"api/snapshots/{summary["id"]}/verification"), HttpStatusCode.OK);
        using var response = await fixture.Auditor.GetAsync($"api/snapshots/{summary["id"]}/package");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.TransferEncodingChunked, "The package is streamed as it is built (chunked), not buffered to learn its length first.");

        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        byte[] Read(string name) => zip.Read(name);

        Assert.Equal(manifestBytes, Read("manifest.json"));
        Assert.StartsWith((string)summary["sha256"]!, Encoding.ASCII.GetString(Read("manifest.json.sha256")), StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", Encoding.UTF8.GetString(Read("report.html")), StringComparison.Ordinal);
        var csv = Encoding.UTF8.GetString(Read("statement-of-applicability.csv"));
        Assert.Contains("A.7.4", csv, StringComparison.Ordinal);
        Assert.Equal(94, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var evidence = manifest["evidence"]!.AsArray();
        var evidenceEntries = zip.Entries.Where(e => e.FullName.StartsWith("evidence/", StringComparison.Ordinal)).ToList();
        Assert.Equal(evidence.Count, evidenceEntries.Count);
        foreach (var listed in evidence)
        {
            var entry = evidenceEntries.Single(e => e.FullName.StartsWith($"evidence/{listed!["id"]}/v{listed["version"]}/", StringComparison.Ordinal));
            Assert.Equal((string?)listed!["sha256"], Convert.ToHexStringLower(SHA256.HashData(Read(entry.FullName))));
        }

        var index = Encoding.UTF8.GetString(Read("index.csv"));
        Assert.StartsWith("path,sha256,size,note", index, StringComparison.Ordinal);
        Assert.Contains(evidenceEntries[0].FullName, index, StringComparison.Ordinal);
        Assert.DoesNotContain("ALTERED", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_diff_names_what_changed_between_two_snapshots_and_the_report_shows_it()
    {
        var (first, _, _) = await TakeAsync();
        await ControlAsync(fixture.Host, "A.5.3", ImplementationStatus.NotStarted, "segregation.owner@contoso.example");
        var (second, _, _) = await TakeAsync();

        // Asked newest first, the diff still reads from the older to the newer.
        using var response = await fixture.Reader.GetAsync($"api/snapshots/{second["id"]}/diff/{first["id"]}");
        var diff = await ApiClient.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal((string?)first["id"], (string?)diff["fromId"]);
        Assert.Equal((string?)second["id"], (string?)diff["toId"]);
        var change = diff["controls"]!.AsArray().Single(c => (string?)c!["reference"] == "A.5.3")!;
        Assert.Equal("ownerUpn", (string?)change["field"]);
        Assert.Equal("segregation.owner@contoso.example", (string?)change["after"]);
        Assert.Equal((string?)first["id"], (string?)second["previousId"]);
        Assert.Equal((string?)first["sha256"], (string?)second["previousSha256"]);

        using var report = await fixture.Reader.GetAsync($"api/snapshots/{second["id"]}/report");
        Assert.Contains("A.5.3 ownerUpn: — → segregation.owner@contoso.example", await report.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readers_list_and_read_but_only_admins_and_auditors_take_snapshots()
    {
        using var refused = await fixture.Reader.PostAsync("api/snapshots", new { });
        await ApiClient.AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        using var contributor = await fixture.Reader.As("someone@contoso.example", Isms.Functions.Platform.Roles.Contributor).PostAsync("api/snapshots", new { });
        await ApiClient.AssertProblemAsync(contributor, HttpStatusCode.Forbidden);

        var (summary, _, _) = await TakeAsync();
        var list = await fixture.Reader.ArrayAsync("api/snapshots");
        Assert.Equal((string?)summary["id"], (string?)list[0]!["id"]);
        Assert.Equal($"/api/snapshots/{summary["id"]}/verification", (string?)list[0]!["verification"]);

        foreach (var path in new[] { "api/snapshots/SNAP-999999", "api/snapshots/nope/report", "api/snapshots/SNAP-999999/package", "api/snapshots/SNAP-999999/verification", $"api/snapshots/{summary["id"]}/diff/SNAP-999999" })
        {
            using var missing = await fixture.Auditor.GetAsync(path);
            await ApiClient.AssertProblemAsync(missing, HttpStatusCode.NotFound);
        }
    }
}
