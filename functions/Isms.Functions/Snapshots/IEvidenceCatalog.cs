namespace Isms.Functions.Snapshots;

/// <summary>One stored file of one piece of evidence, as a snapshot lists it and a package or verification opens it.</summary>
/// <param name="EvidenceId">The evidence record's id.</param>
/// <param name="Version">1 for the first upload, then 2, 3...</param>
/// <param name="ControlIds">The clauses and controls the evidence speaks for.</param>
/// <param name="EffectiveDate">The date the evidence speaks for (not the upload date).</param>
/// <param name="Sha256">Lower-case hex SHA-256 measured when the file was stored.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Container">The blob container holding the file.</param>
/// <param name="BlobName">The blob's name within <paramref name="Container"/>.</param>
public sealed record EvidenceVersionEntry(
    string EvidenceId,
    int Version,
    IReadOnlyList<string> ControlIds,
    DateOnly EffectiveDate,
    string Sha256,
    long Size,
    string FileName,
    string ContentType,
    string Container,
    string BlobName);

/// <summary>
/// The snapshot's only view of evidence: every stored version, streamed (never all held at once), in a stable
/// order (evidence id, then version), and a way to read one version's bytes.
/// </summary>
public interface IEvidenceCatalog
{
    IAsyncEnumerable<EvidenceVersionEntry> VersionsAsync(CancellationToken cancellationToken);

    /// <summary>The file's bytes, streamed; null when the blob no longer exists.</summary>
    Task<Stream?> OpenAsync(string container, string blobName, CancellationToken cancellationToken);
}
