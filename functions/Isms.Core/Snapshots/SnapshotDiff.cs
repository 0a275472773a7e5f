using System.Globalization;
using System.Text.Json;

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
/// hash differs between the two shows as removed and added; everything else by its stable id.
/// </summary>
public static class SnapshotDiff
{
    private static readonly string[] ControlFields = ["applicable", "implementationStatus", "ownerUpn", "justification", "reviewFrequency", "riskRating"];

    public static SnapshotDiffResult Compare(JsonElement first, JsonElement second)
    {
        var (older, newer) = Sequence(first) <= Sequence(second) ? (first, second) : (second, first);
        var evidenceBefore = EvidenceKeys(older);
        var evidenceAfter = EvidenceKeys(newer);
        var actionsBefore = Ids(older, "correctiveActions", "open");
        var actionsAfter = Ids(newer, "correctiveActions", "open");
        var findingsBefore = Ids(older, "findings", "open");
        var findingsAfter = Ids(newer, "findings", "open");
        return new SnapshotDiffResult(
            Text(older, "id") ?? string.Empty,
            Text(newer, "id") ?? string.Empty,
            Text(older, "takenAt"),
            Text(newer, "takenAt"),
            Figures(older, newer),
            Rows(older, newer, "controls", "controlId", ControlFields),
            Rows(older, newer, "freshness", "controlId", ["state"]),
            Rows(Member(older, "readiness"), Member(newer, "readiness"), "items", "key", ["evidenced"]),
            [.. evidenceAfter.Where(k => !evidenceBefore.Contains(k)).Order(StringComparer.Ordinal)],
            [.. evidenceBefore.Where(k => !evidenceAfter.Contains(k)).Order(StringComparer.Ordinal)],
            [.. actionsAfter.Except(actionsBefore, StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. actionsBefore.Except(actionsAfter, StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. findingsAfter.Except(findingsBefore, StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. findingsBefore.Except(findingsAfter, StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }

    private static long Sequence(JsonElement manifest) =>
        Member(manifest, "sequence") is { ValueKind: JsonValueKind.Number } n ? n.GetInt64() : 0;

    private static JsonElement Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? Text(JsonElement element, string name) => Scalar(Member(element, name));

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static List<FigureChange> Figures(JsonElement older, JsonElement newer)
    {
        var before = Member(older, "headline");
        var after = Member(newer, "headline");
        if (after.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var changes = new List<FigureChange>();
        foreach (var figure in after.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number))
        {
            var was = Member(before, figure.Name) is { ValueKind: JsonValueKind.Number } old ? old.GetDouble() : 0;
            var now = figure.Value.GetDouble();
            if (was.CompareTo(now) != 0)
            {
                changes.Add(new FigureChange(figure.Name, was, now));
            }
        }

        return changes;
    }

    private static List<FieldDifference> Rows(JsonElement older, JsonElement newer, string member, string key, string[] fields)
    {
        var before = Index(Member(older, member), key).GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        var after = Index(Member(newer, member), key);
        var changes = new List<FieldDifference>();
        foreach (var (id, row) in after)
        {
            before.TryGetValue(id, out var was);
            foreach (var field in fields)
            {
                var old = Text(was, field);
                var now = Text(row, field);
                if (!string.Equals(old, now, StringComparison.Ordinal))
                {
                    changes.Add(new FieldDifference(id, field, old, now));
                }
            }
        }

        return changes;
    }

    private static List<KeyValuePair<string, JsonElement>> Index(JsonElement array, string key)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. array.EnumerateArray()
            .Where(e => Text(e, key) is not null)
            .Select(e => new KeyValuePair<string, JsonElement>(Text(e, key)!, e))];
    }

    private static HashSet<string> EvidenceKeys(JsonElement manifest)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (Member(manifest, "evidence") is { ValueKind: JsonValueKind.Array } evidence)
        {
            foreach (var e in evidence.EnumerateArray())
            {
                keys.Add(string.Create(CultureInfo.InvariantCulture, $"{Text(e, "id")} v{Text(e, "version")} ({Text(e, "fileName")}, sha256 {Text(e, "sha256")})"));
            }
        }

        return keys;
    }

    private static HashSet<string> Ids(JsonElement manifest, string member, string list)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (Member(Member(manifest, member), list) is { ValueKind: JsonValueKind.Array } items)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (Text(item, "id") is { } id)
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }
}
