using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Isms.Functions.Snapshots;

/// <summary>A verification result and what it was computed from.</summary>
/// <param name="ChainKey">Every snapshot row and every manifest blob's ETag, as they stood before the checks read them.</param>
/// <param name="EvidenceBlobs">The evidence files the verified manifest lists.</param>
/// <param name="EvidenceKey">Their ETags, taken before they were hashed.</param>
public sealed record KeptVerification(string ChainKey, IReadOnlyList<(string Container, string BlobName)> EvidenceBlobs, string EvidenceKey, VerificationResponse Response);

/// <summary>
/// Verification results per snapshot, in this instance's memory. Verifying reads every evidence file a manifest
/// lists and every manifest of the chain, so a result is kept; a sealed snapshot's result can change only when
/// storage is written, and every blob write (content or metadata) gives the blob a new ETag the storage service
/// chooses. So a result is served again only while the snapshot rows and the ETags of every manifest blob and of
/// every evidence file it listed are as they were before it was computed: a tampered manifest, a removed signature,
/// an altered evidence file or a rewritten row is seen on the very next request. Kept in memory, never in storage,
/// because someone able to write storage could otherwise plant a "verified" answer. A new snapshot changes the rows,
/// so every kept result is computed afresh after a seal (monthly); listing ETags costs a few list calls, against
/// downloading and hashing every file.
/// </summary>
public sealed class VerificationCache
{
    private readonly ConcurrentDictionary<string, KeptVerification> _kept = new(StringComparer.Ordinal);

    public KeptVerification? Find(string snapshotId, string chainKey) =>
        _kept.TryGetValue(snapshotId, out var kept) && kept.ChainKey == chainKey ? kept : null;

    public void Keep(string snapshotId, KeptVerification verification) => _kept[snapshotId] = verification;

    /// <summary>A digest of every row (the fields verification reads) and of every manifest blob's ETag.</summary>
    public static string ChainKey(IReadOnlyList<SnapshotRecord> records, IReadOnlyDictionary<string, string> manifestETags)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(manifestETags);
        var text = new StringBuilder();
        foreach (var r in records.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            text.Append("row\n").Append(r.Id).Append('\n').Append(r.Sequence).Append('\n').Append(r.Sha256).Append('\n')
                .Append(r.PreviousId).Append('\n').Append(r.PreviousSha256).Append('\n');
        }

        foreach (var (id, etag) in manifestETags.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            text.Append("manifest\n").Append(id).Append('\n').Append(etag).Append('\n');
        }

        return Digest(text);
    }

    /// <summary>A digest of the ETag of each listed evidence file ("missing" for one not in storage).</summary>
    public static string EvidenceKey(IReadOnlyList<(string Container, string BlobName)> blobs, IReadOnlyDictionary<string, string> etags)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(etags);
        var text = new StringBuilder();
        foreach (var (container, blobName) in blobs)
        {
            var path = $"{container}/{blobName}";
            text.Append(path).Append('\n').Append(etags.TryGetValue(path, out var etag) ? etag : "missing").Append('\n');
        }

        return Digest(text);
    }

    private static string Digest(StringBuilder text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
}
