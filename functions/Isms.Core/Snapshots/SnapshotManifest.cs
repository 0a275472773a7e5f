using System.Text.Json;

namespace Isms.Core.Snapshots;

/// <summary>
/// A sealed compliance snapshot, format <c>isms-snapshot/2</c>: who took it and when, the link to the one before,
/// the SoA, corrective actions, findings, every evidence file with its hash, freshness, the gap analysis, the headline
/// figures, the audit programme, the certification-readiness checklist, the risk register, the last management review,
/// and acknowledgement and training with each person's record. <c>isms-snapshot/1</c>
/// manifests (sealed before the gap analysis and the risk register existed) read with those null. Members are the camelCase names of these properties,
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
    /// <summary>The format new manifests are sealed in.</summary>
    public const string FormatName = "isms-snapshot/2";

    /// <summary>The format of manifests sealed before the gap analysis; they go on reading and verifying.</summary>
    public const string FirstFormatName = "isms-snapshot/1";

    /// <summary>The gap analysis as it stood (from <c>isms-snapshot/2</c>); null in an <c>isms-snapshot/1</c> manifest, which has no such member.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ManifestGapAnalysis? GapAnalysis { get; init; }

    /// <summary>
    /// The last management review completed by then (from <c>isms-snapshot/2</c>): absent when none was, and always in an
    /// <c>isms-snapshot/1</c> manifest.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ManifestManagementReview? ManagementReview { get; init; }

    /// <summary>
    /// Acknowledgement and training figures (from <c>isms-snapshot/2</c>): absent when nothing was asked of anyone, and always in
    /// an <c>isms-snapshot/1</c> manifest. The records behind them are the manifest's <c>peopleRecords</c> array, written
    /// after it and, like <see cref="Evidence"/>, not bound on read (there may be hundreds of thousands).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ManifestPeople? People { get; init; }

    /// <summary>
    /// Evidence collected from Microsoft 365 (from <c>isms-snapshot/2</c>): each collector that has run, its latest outcome
    /// and the evidence its last collection filed, for the controls it evidences; absent when no collector has run.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ManifestCollector>? Collected { get; init; }

    /// <summary>The risk register as it stood (from <c>isms-snapshot/2</c>); null in an <c>isms-snapshot/1</c> manifest.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ManifestRisks? Risks { get; init; }

    /// <summary>
    /// Every evidence file, in evidence id then version order. Read from the sealed bytes as it is walked, since a
    /// register may list a hundred thousand files; walking it again reads it again. Written, never bound on read.
    /// </summary>
    public IEnumerable<ManifestEvidence> Evidence { get; private init; } = [];

    /// <summary>Reads sealed bytes; throws <see cref="JsonException"/> when they are not an <c>isms-snapshot/1</c> or <c>/2</c> manifest.</summary>
    /// <param name="sealedBytes">The whole manifest; kept (not copied) for walking <see cref="Evidence"/>.</param>
    public static SnapshotManifest Read(ReadOnlyMemory<byte> sealedBytes)
    {
        var manifest = JsonSerializer.Deserialize(sealedBytes.Span, SnapshotManifestJson.TypeInfo<SnapshotManifest>())
            ?? throw new JsonException("The manifest is null, not an object.");
        return manifest.Format switch
        {
            FormatName when manifest.GapAnalysis is null || manifest.Risks is null => throw new JsonException($"An {FormatName} manifest has a gap analysis and a risk register; this one lacks one."),
            FirstFormatName when manifest.GapAnalysis is not null || manifest.Risks is not null || manifest.ManagementReview is not null || manifest.People is not null => throw new JsonException($"An {FirstFormatName} manifest has no gap analysis or risk register; this one has one."),
            FormatName or FirstFormatName => manifest with { Evidence = new ManifestEvidenceReader(sealedBytes) },
            _ => throw new JsonException($"The manifest's format is '{manifest.Format}', not '{FormatName}' or '{FirstFormatName}'."),
        };
    }
}
