using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.Evidence;
using Isms.Core.Snapshots;

namespace Isms.Core.Tests.Snapshots;

public sealed class SnapshotManifestTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    public void A_sealed_manifest_read_into_the_records_writes_back_to_the_same_bytes(int sequence, int format)
    {
        var sealedBytes = SealedManifests.Bytes(sequence, format);

        var manifest = SnapshotManifest.Read(sealedBytes);

        Assert.Equal(sealedBytes, Write(w => JsonSerializer.Serialize(w, manifest, SnapshotManifestJson.TypeInfo<SnapshotManifest>())));
    }

    [Fact]
    public void The_records_carry_what_was_sealed()
    {
        var manifest = SealedManifests.Read(2);

        Assert.Equal(SnapshotManifest.FirstFormatName, manifest.Format);
        Assert.Null(manifest.GapAnalysis);
        Assert.Equal("SNAP-000002", manifest.Id);
        Assert.Equal(new DateTimeOffset(2026, 10, 15, 14, 20, 31, TimeSpan.Zero).AddTicks(1234567), manifest.TakenAt);
        Assert.Equal("external.auditor@contoso.example", manifest.TakenBy);
        Assert.Equal(new ManifestLink("SNAP-000001", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(SealedManifests.Bytes(1)))), manifest.Previous);
        Assert.Null(SealedManifests.Read(1).Previous);

        var excluded = manifest.Controls.Single(c => c.ControlId == "A.7.6");
        Assert.False(excluded.Applicable);
        Assert.True(excluded.Decided);
        Assert.Equal(ControlTheme.Physical, excluded.Theme);
        Assert.StartsWith("=HYPERLINK(", excluded.Justification, StringComparison.Ordinal);
        Assert.Equal("zoë.müller@contoso.example", manifest.Controls.Single(c => c.ControlId == "A.6.3").OwnerUpn);

        Assert.Equal(FindingType.MajorNonconformity, manifest.Findings.Open[0].Type);
        Assert.Equal(new DateOnly(2026, 9, 28), manifest.Findings.RecentlyClosed.Single().ClosedOn);
        Assert.Equal(EvidenceFreshnessState.Fresh, manifest.Freshness.Single(f => f.ControlId == "A.5.1").State);
        Assert.Equal(EvidenceFreshnessState.Stale, manifest.Freshness.Single(f => f.ControlId == "A.5.2").State);
        Assert.Equal(6, manifest.Headline.EvidenceVersions);
        Assert.Equal("BSI Group", manifest.Programme.Certification!.CertificationBody);
        Assert.False(manifest.Readiness.Ready);
        Assert.Contains(manifest.Readiness.Items, i => i.Key == "9.3" && i.Evidenced);
    }

    [Fact]
    public void An_isms_snapshot_2_manifest_carries_the_gap_analysis_and_a_format_that_contradicts_its_members_is_refused()
    {
        var manifest = SnapshotManifest.Read(SealedManifests.Bytes(3, format: 2));

        Assert.Equal(SnapshotManifest.FormatName, manifest.Format);
        var planning = manifest.GapAnalysis!.Clauses.Single(c => c.Clause == 6);
        Assert.Equal((1, 0), (planning.Partial, planning.Met));
        Assert.Equal(Isms.Core.GapAnalysis.GapStatus.Met, manifest.GapAnalysis.Requirements.Single(r => r.RequirementId == "9.2.2-1").Status);
        var risk = Assert.Single(manifest.Risks!.Risks);
        Assert.Equal(("RISK-FIX01", 2, 4, Isms.Core.Risks.RiskTreatmentOption.Modify), (risk.Id, risk.ResidualLikelihood, risk.ResidualImpact, risk.Option!.Value));
        Assert.Equal("zoë.müller@contoso.example", risk.AcceptedBy);
        Assert.Equal(6, manifest.Risks.AcceptanceCriteria);

        Assert.Throws<JsonException>(() => SnapshotManifest.Read(SealedManifests.Edited(1, m => m["format"] = SnapshotManifest.FormatName)));
        Assert.Throws<JsonException>(() => SnapshotManifest.Read(SealedManifests.Edited(1, m => m["format"] = "isms-snapshot/9")));
    }

    [Fact]
    public void Evidence_is_read_from_the_sealed_bytes_row_by_row_each_time_it_is_walked()
    {
        var manifest = SealedManifests.Read(3);

        var first = manifest.Evidence.ToList();
        var again = manifest.Evidence.ToList();

        Assert.Equal(7, first.Count);
        Assert.Equal(first, again, (a, b) => a.Id == b.Id && a.Version == b.Version && a.Sha256 == b.Sha256);
        Assert.Equal(["EV-FIX01", "EV-FIX01", "EV-FIX02", "EV-FIX03", "EV-FIX04", "EV-FIX05", "EV-FIX06"], first.Select(e => e.Id));
        var scope = first.Single(e => e.Id == "EV-FIX04");
        Assert.Equal(["4.3", "A.5.1"], scope.ControlIds);
        Assert.Equal("scope \"v2\" – déclaration.pdf", scope.FileName);
        Assert.Equal(new DateOnly(2026, 8, 15), scope.EffectiveDate);
        Assert.Equal("EV-FIX04/v1", scope.BlobName);
        Assert.Equal(manifest.Headline.EvidenceVersions, first.Count);
    }

    [Fact]
    public void A_manifest_listing_no_evidence_walks_none()
    {
        var manifest = SnapshotManifest.Read(SealedManifests.Edited(1, m => m["evidence"] = new JsonArray()));

        Assert.Empty(manifest.Evidence);
    }

    public static TheoryData<string, Action<JsonObject>> NotAManifest => new()
    {
        { "a member missing", m => m.Remove("headline") },
        { "null where the format has none", m => m["takenBy"] = null },
        { "a string where a number belongs", m => m["sequence"] = "2" },
        { "an enum name the format does not have", m => m["controls"]![0]!["implementationStatus"] = "Done" },
        { "an enum as a number", m => m["freshness"]![0]!["state"] = 1 },
        { "a date in another format", m => m["correctiveActions"]!["open"]![0]!["dueDate"] = "01/12/2026" },
        { "an instant with an offset", m => m["takenAt"] = "2026-10-01T07:00:00+02:00" },
        { "another format", m => m["format"] = "isms-snapshot/2" },
    };

    [Theory]
    [MemberData(nameof(NotAManifest))]
    public void Bytes_that_are_not_an_isms_snapshot_1_manifest_are_refused_as_such(string what, Action<JsonObject> edit)
    {
        var bytes = SealedManifests.Edited(1, edit);

        var refused = Record.Exception(() => SnapshotManifest.Read(bytes));

        Assert.True(refused is JsonException, $"{what}: {refused?.GetType().Name ?? "read without complaint"}");
    }

    [Fact]
    public void An_evidence_row_that_is_not_one_is_refused_when_it_is_walked()
    {
        var manifest = SnapshotManifest.Read(SealedManifests.Edited(3, m => m["evidence"]![2]!["size"] = "large"));

        Assert.Throws<JsonException>(() => manifest.Evidence.ToList());
        Assert.Equal(["EV-FIX01", "EV-FIX01"], manifest.Evidence.Take(2).Select(e => e.Id));
    }

    [Fact]
    public void Sections_written_one_by_one_come_out_canonical_with_dates_instants_and_nulls_in_fixed_forms()
    {
        var bytes = Write(json =>
        {
            var manifest = new ManifestJsonWriter(json);
            manifest.StartObject();
            manifest.StartArray(nameof(SnapshotManifest.Freshness));
            manifest.Row(new ManifestFreshness("A.5.1", ControlTheme.Organizational, EvidenceFreshnessState.DueSoon, new DateOnly(2026, 3, 31), null));
            manifest.EndArray();
            manifest.Write(nameof(SnapshotManifest.Previous), (ManifestLink?)null);
            manifest.Write(nameof(SnapshotManifest.TakenAt), new DateTimeOffset(2026, 3, 31, 10, 0, 0, TimeSpan.FromHours(2)));
            manifest.Write(nameof(SnapshotManifest.Trigger), "<b>&\"é");
            manifest.EndObject();
        });

        Assert.Equal(
            "{\"freshness\":[{\"controlId\":\"A.5.1\",\"coveredUntil\":null,\"latestEffectiveDate\":\"2026-03-31\",\"state\":\"DueSoon\",\"theme\":\"Organizational\"}],\"previous\":null,\"takenAt\":\"2026-03-31T08:00:00Z\",\"trigger\":\"<b>&\\\"é\"}",
            Encoding.UTF8.GetString(bytes));
        Assert.True(CanonicalJson.IsCanonical(bytes));
    }

    [Fact]
    public void A_member_out_of_ordinal_order_is_refused_before_it_is_written()
    {
        Write(json =>
        {
            var manifest = new ManifestJsonWriter(json);
            manifest.StartObject();
            manifest.Write(nameof(SnapshotManifest.TakenAt), DateTimeOffset.UnixEpoch);
            Assert.Throws<InvalidOperationException>(() => manifest.Write(nameof(SnapshotManifest.Id), "SNAP-000001"));
            Assert.Throws<InvalidOperationException>(() => manifest.Write(nameof(SnapshotManifest.TakenAt), DateTimeOffset.UnixEpoch));

            // Each object keeps its own order: an inner object starts afresh and the outer one resumes after it.
            manifest.StartObject(nameof(SnapshotManifest.Trigger));
            manifest.Write(nameof(ManifestLink.Id), "x");
            manifest.EndObject();
            Assert.Throws<InvalidOperationException>(() => manifest.Write(nameof(SnapshotManifest.TakenBy), "x"));
        });
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, CanonicalJson.WriterOptions))
        {
            write(json);
        }

        return buffer.ToArray();
    }
}
