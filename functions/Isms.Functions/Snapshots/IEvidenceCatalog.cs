using Isms.Core.Snapshots;

namespace Isms.Functions.Snapshots;

/// <summary>
/// The snapshot's only view of evidence: every stored version as the manifest lists it, streamed (never all held at
/// once), in a stable order (evidence id, then version), and a way to read one version's bytes.
/// </summary>
public interface IEvidenceCatalog
{
    IAsyncEnumerable<ManifestEvidence> VersionsAsync(CancellationToken cancellationToken);

    /// <summary>The file's bytes, streamed; null when the blob no longer exists.</summary>
    Task<Stream?> OpenAsync(string container, string blobName, CancellationToken cancellationToken);

    /// <summary>The ETag of every blob in <paramref name="container"/>, by name: a few list calls, where reading the files costs their bytes.</summary>
    Task<IReadOnlyDictionary<string, string>> ETagsAsync(string container, CancellationToken cancellationToken);
}
