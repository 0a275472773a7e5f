using System.Text.Json;
using Isms.Core.Snapshots;

namespace Isms.Core.Tests.Snapshots;

public sealed class SnapshotDiffTests
{
    private static JsonElement Manifest(int sequence, string status, string freshness, double percent, string[] evidence, string[] openActions, string[] openFindings, bool policyEvidenced) =>
        JsonDocument.Parse(JsonSerializer.Serialize(new
        {
            id = $"SNAP-{sequence:D6}",
            sequence,
            takenAt = $"2026-0{sequence}-01T05:00:00Z",
            headline = new { implementationPercent = percent, overdueCorrectiveActions = 2 },
            controls = new[] { new { controlId = "A.5.1", implementationStatus = status, ownerUpn = "a@contoso.example", applicable = true } },
            freshness = new[] { new { controlId = "A.5.1", state = freshness } },
            evidence = evidence.Select(e => new { id = e.Split(' ')[0], version = int.Parse(e.Split(' ')[1]), fileName = "f.pdf", sha256 = e.Split(' ')[2] }).ToArray(),
            correctiveActions = new { open = openActions.Select(id => new { id }).ToArray() },
            findings = new { open = openFindings.Select(id => new { id }).ToArray() },
            readiness = new { items = new[] { new { key = "5.2", evidenced = policyEvidenced } } },
        })).RootElement;

    [Fact]
    public void The_diff_reads_from_the_older_to_the_newer_and_names_each_change()
    {
        var older = Manifest(1, "Partial", "Stale", 10, ["EV-1 1 aaa", "EV-2 1 bbb"], ["CA-1", "CA-2"], ["F-1"], false);
        var newer = Manifest(2, "Implemented", "Fresh", 12.5, ["EV-1 1 aaa", "EV-2 1 ccc", "EV-3 1 ddd"], ["CA-2", "CA-3"], ["F-2"], true);

        var diff = SnapshotDiff.Compare(newer, older);

        Assert.Equal("SNAP-000001", diff.FromId);
        Assert.Equal("SNAP-000002", diff.ToId);
        Assert.Equal([new FigureChange("implementationPercent", 10, 12.5)], diff.Headline);
        Assert.Equal([new FieldDifference("A.5.1", "implementationStatus", "Partial", "Implemented")], diff.Controls);
        Assert.Equal([new FieldDifference("A.5.1", "state", "Stale", "Fresh")], diff.Freshness);
        Assert.Equal([new FieldDifference("5.2", "evidenced", "false", "true")], diff.Readiness);
        Assert.Equal(["EV-2 v1 (f.pdf, sha256 ccc)", "EV-3 v1 (f.pdf, sha256 ddd)"], diff.EvidenceAdded);
        Assert.Equal(["EV-2 v1 (f.pdf, sha256 bbb)"], diff.EvidenceRemoved);
        Assert.Equal(["CA-3"], diff.CorrectiveActionsOpened);
        Assert.Equal(["CA-1"], diff.CorrectiveActionsClosed);
        Assert.Equal(["F-2"], diff.FindingsOpened);
        Assert.Equal(["F-1"], diff.FindingsClosed);
        Assert.Equal(11, diff.Count);
    }

    [Fact]
    public void A_snapshot_compared_with_itself_has_no_changes()
    {
        var manifest = Manifest(3, "Partial", "Fresh", 50, ["EV-1 1 aaa"], ["CA-1"], ["F-1"], true);

        Assert.Equal(0, SnapshotDiff.Compare(manifest, manifest).Count);
    }
}
