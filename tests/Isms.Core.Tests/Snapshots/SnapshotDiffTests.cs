using Isms.Core.Snapshots;

namespace Isms.Core.Tests.Snapshots;

public sealed class SnapshotDiffTests
{
    [Fact]
    public void The_diff_reads_from_the_older_to_the_newer_and_names_each_change()
    {
        var diff = SnapshotDiff.Compare(SealedManifests.Read(3), SealedManifests.Read(1));

        Assert.Equal("SNAP-000001", diff.FromId);
        Assert.Equal("SNAP-000003", diff.ToId);
        Assert.Equal("2026-10-01T05:00:00Z", diff.FromTakenAt);
        Assert.Equal("2026-11-02T09:00:00Z", diff.ToTakenAt);
        Assert.Equal(
            [
                new FigureChange("evidenceVersions", 5, 7),
                new FigureChange("implementationPercent", 2.2, 3.3),
                new FigureChange("implementedControls", 2, 3),
                new FigureChange("missingEvidenceControls", 121, 118),
                new FigureChange("openMajorNonconformities", 1, 0),
                new FigureChange("openMinorNonconformities", 1, 2),
                new FigureChange("overdueCorrectiveActions", 1, 0),
                new FigureChange("staleEvidencePercent", 97.6, 95.2),
            ],
            diff.Headline);
        Assert.Equal(
            [
                new FieldDifference("A.5.2", "implementationStatus", "Partial", "Implemented"),
                new FieldDifference("A.5.3", "ownerUpn", null, "segregation.owner@contoso.example"),
                new FieldDifference("A.8.8", "ownerUpn", "vuln.owner@contoso.example", "new.vuln.owner@contoso.example"),
            ],
            diff.Controls);
        Assert.Equal(
            [new FieldDifference("6.2", "state", "Missing", "Fresh"), new FieldDifference("9.3", "state", "Missing", "Fresh"), new FieldDifference("A.8.8", "state", "Missing", "Fresh")],
            diff.Freshness);
        Assert.Equal([new FieldDifference("6.2", "evidenced", "false", "true")], diff.Readiness);
        Assert.Equal(2, diff.EvidenceAdded.Count);
        Assert.StartsWith("EV-FIX05 v1 (scan-october.pdf, sha256 ", diff.EvidenceAdded[0], StringComparison.Ordinal);
        Assert.Empty(diff.EvidenceRemoved);
        Assert.Equal(["CA-FIX04"], diff.CorrectiveActionsOpened);
        Assert.Equal(["CA-FIX01"], diff.CorrectiveActionsClosed);
        Assert.Equal(["AUD-FIX-INT01-FMIN003"], diff.FindingsOpened);
        Assert.Equal(["AUD-FIX-INT01-FMAJ001"], diff.FindingsClosed);
        Assert.Equal(21, diff.Count);
    }

    [Fact]
    public void An_evidence_file_whose_hash_differs_shows_as_removed_and_added()
    {
        var sealedHash = SealedManifests.Read(2).Evidence.First().Sha256;
        var changed = SnapshotManifest.Read(SealedManifests.Edited(2, m =>
        {
            m["sequence"] = 3;
            m["evidence"]![0]!["sha256"] = new string('0', 64);
        }));

        var diff = SnapshotDiff.Compare(SealedManifests.Read(2), changed);

        Assert.Equal([$"EV-FIX01 v1 (policy-2025.pdf, sha256 {new string('0', 64)})"], diff.EvidenceAdded);
        Assert.Equal([$"EV-FIX01 v1 (policy-2025.pdf, sha256 {sealedHash})"], diff.EvidenceRemoved);
        Assert.Equal(2, diff.Count);
    }

    [Fact]
    public void A_snapshot_compared_with_itself_has_no_changes()
    {
        var manifest = SealedManifests.Read(2);

        Assert.Equal(0, SnapshotDiff.Compare(manifest, manifest).Count);
    }
}
