using System.Globalization;

namespace Isms.Core.Snapshots;

/// <summary>A headline figure that moved.</summary>
public sealed record FigureChange(string Figure, double Before, double After);

/// <summary>One field of one control, clause or checklist item that changed.</summary>
public sealed record FieldDifference(string Reference, string Field, string? Before, string? After);

/// <summary>What changed between two sealed manifests, oldest first whatever order they were asked in.</summary>
public sealed record SnapshotDiffResult(
    string FromId,
    string ToId,
    string? FromTakenAt,
    string? ToTakenAt,
    IReadOnlyList<FigureChange> Headline,
    IReadOnlyList<FieldDifference> Controls,
    IReadOnlyList<FieldDifference> Freshness,
    IReadOnlyList<FieldDifference> Readiness,
    IReadOnlyList<string> EvidenceAdded,
    IReadOnlyList<string> EvidenceRemoved,
    IReadOnlyList<string> CorrectiveActionsOpened,
    IReadOnlyList<string> CorrectiveActionsClosed,
    IReadOnlyList<string> FindingsOpened,
    IReadOnlyList<string> FindingsClosed)
{
    public int Count =>
        Headline.Count + Controls.Count + Freshness.Count + Readiness.Count + EvidenceAdded.Count + EvidenceRemoved.Count
        + CorrectiveActionsOpened.Count + CorrectiveActionsClosed.Count + FindingsOpened.Count + FindingsClosed.Count;
}

/// <summary>
/// Compares two manifests member by member. Evidence is compared by id, version and hash, so a version whose
/// hash differs between the two shows as removed and added; everything else by its stable id. Fields are named
/// as the manifest names them.
/// </summary>
public static class SnapshotDiff
{
    private static readonly Field<ManifestControl>[] ControlFields =
    [
        new(nameof(ManifestControl.Applicable), c => Text(c.Applicable)),
        new(nameof(ManifestControl.ImplementationStatus), c => c.ImplementationStatus.ToString()),
        new(nameof(ManifestControl.OwnerUpn), c => c.OwnerUpn),
        new(nameof(ManifestControl.Justification), c => c.Justification),
        new(nameof(ManifestControl.ReviewFrequency), c => c.ReviewFrequency.ToString()),
        new(nameof(ManifestControl.RiskRating), c => c.RiskRating.ToString()),
    ];

    private static readonly Field<ManifestFreshness>[] FreshnessFields = [new(nameof(ManifestFreshness.State), f => f.State.ToString())];

    private static readonly Field<ReadinessItem>[] ReadinessFields = [new(nameof(ReadinessItem.Evidenced), i => Text(i.Evidenced))];

    public static SnapshotDiffResult Compare(SnapshotManifest first, SnapshotManifest second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var (older, newer) = first.Sequence <= second.Sequence ? (first, second) : (second, first);
        var evidenceBefore = EvidenceKeys(older);
        var evidenceAfter = EvidenceKeys(newer);
        var actionsBefore = older.CorrectiveActions.Open.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var actionsAfter = newer.CorrectiveActions.Open.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var findingsBefore = older.Findings.Open.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var findingsAfter = newer.Findings.Open.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        return new SnapshotDiffResult(
            older.Id,
            newer.Id,
            CanonicalJson.Instant(older.TakenAt),
            CanonicalJson.Instant(newer.TakenAt),
            Figures(older.Headline, newer.Headline),
            Rows(older.Controls, newer.Controls, c => c.ControlId, ControlFields),
            Rows(older.Freshness, newer.Freshness, f => f.ControlId, FreshnessFields),
            Rows(older.Readiness.Items, newer.Readiness.Items, i => i.Key, ReadinessFields),
            [.. evidenceAfter.Where(k => !evidenceBefore.Contains(k)).Order(StringComparer.Ordinal)],
            [.. evidenceBefore.Where(k => !evidenceAfter.Contains(k)).Order(StringComparer.Ordinal)],
            [.. actionsAfter.Except(actionsBefore, StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. actionsBefore.Except(actionsAfter, StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. findingsAfter.Except(findingsBefore, StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. findingsBefore.Except(findingsAfter, StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }

    private static string Text(bool value) => value ? "true" : "false";

    /// <summary>Every headline figure that moved, in the manifest's own member order.</summary>
    private static List<FigureChange> Figures(HeadlineFigures before, HeadlineFigures after)
    {
        var changes = new List<FigureChange>();
        foreach (var figure in SnapshotManifestJson.TypeInfo<HeadlineFigures>().Properties)
        {
            var was = Convert.ToDouble(figure.Get!(before), CultureInfo.InvariantCulture);
            var now = Convert.ToDouble(figure.Get!(after), CultureInfo.InvariantCulture);
            if (was.CompareTo(now) != 0)
            {
                changes.Add(new FigureChange(figure.Name, was, now));
            }
        }

        return changes;
    }

    /// <summary>Each field of each newer row that differs from the older row with the same key (a row new since then differs from nothing).</summary>
    private static List<FieldDifference> Rows<T>(IEnumerable<T> older, IEnumerable<T> newer, Func<T, string> key, Field<T>[] fields)
        where T : class
    {
        var before = older.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var changes = new List<FieldDifference>();
        foreach (var row in newer)
        {
            var id = key(row);
            before.TryGetValue(id, out var was);
            foreach (var field in fields)
            {
                var old = was is null ? null : field.Value(was);
                var now = field.Value(row);
                if (!string.Equals(old, now, StringComparison.Ordinal))
                {
                    changes.Add(new FieldDifference(id, SnapshotManifestJson.Name(field.Property), old, now));
                }
            }
        }

        return changes;
    }

    private static HashSet<string> EvidenceKeys(SnapshotManifest manifest) =>
        manifest.Evidence.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Id} v{e.Version} ({e.FileName}, sha256 {e.Sha256})")).ToHashSet(StringComparer.Ordinal);

    /// <summary>A field the diff compares: the record property it reads, as text.</summary>
    private sealed record Field<T>(string Property, Func<T, string?> Value);
}
