using System.Text.Json;

namespace Isms.Core.Snapshots;

/// <summary>
/// A sealed compliance snapshot, format <c>isms-snapshot/1</c>: who took it and when, the link to the one before,
/// the SoA, corrective actions, findings, every evidence file with its hash, freshness, the headline figures, the
/// audit programme and the certification-readiness checklist. Members are the camelCase names of these properties,
/// written in ordinal order by <see cref="ManifestJsonWriter"/>.
/// </summary>
/// <remarks>
/// Manifests sealed years ago must still read and verify byte for byte, so these records are the format and do not
/// follow the domain types they are filled from: a change of shape is a new format name, never an edit here.
/// </remarks>
public sealed record SnapshotManifest(
    string Format,
    string Id,
    int Sequence,
    DateTimeOffset TakenAt,
    string TakenBy,
    string Trigger,
    ManifestLink? Previous,
    IReadOnlyList<ManifestControl> Controls,
    ManifestCorrectiveActions CorrectiveActions,
    ManifestFindings Findings,
    IReadOnlyList<ManifestFreshness> Freshness,
    HeadlineFigures Headline,
    ManifestProgramme Programme,
    ReadinessReport Readiness)
{
    public const string FormatName = "isms-snapshot/1";

    /// <summary>
    /// Every evidence file, in evidence id then version order. Read from the sealed bytes as it is walked, since a
    /// register may list a hundred thousand files; walking it again reads it again. Written, never bound on read.
    /// </summary>
    public IEnumerable<ManifestEvidence> Evidence { get; private init; } = [];

    /// <summary>Reads sealed bytes; throws <see cref="JsonException"/> when they are not an <c>isms-snapshot/1</c> manifest.</summary>
    /// <param name="sealedBytes">The whole manifest; kept (not copied) for walking <see cref="Evidence"/>.</param>
    public static SnapshotManifest Read(ReadOnlyMemory<byte> sealedBytes)
    {
        var manifest = JsonSerializer.Deserialize(sealedBytes.Span, SnapshotManifestJson.TypeInfo<SnapshotManifest>())
            ?? throw new JsonException("The manifest is null, not an object.");
        return manifest.Format == FormatName
            ? manifest with { Evidence = new ManifestEvidenceReader(sealedBytes) }
            : throw new JsonException($"The manifest's format is '{manifest.Format}', not '{FormatName}'.");
    }
}
