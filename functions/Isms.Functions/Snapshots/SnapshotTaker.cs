using Isms.Core.Snapshots;
using Isms.Functions.Snapshots.Signing;
using Isms.Functions.Storage;

namespace Isms.Functions.Snapshots;

/// <summary>
/// Seals one snapshot: the next number in the chain, the manifest streamed into its immutable blob, then its row,
/// then its hash published outside the storage account (<see cref="SnapshotPublication"/>); a mail a crash kept from
/// going out is sent by the next seal.
/// The manifest's SHA-256 is signed once all its bytes are staged and before the blob exists, and the signature is
/// metadata of that same conditional create: a manifest is never stored without its signature, so there is no state
/// between the two to resume from. Two takers racing for the same number are settled by that create: the loser
/// repairs the winner's row (and publication) if the winner died before writing it, and takes the next number,
/// linking to the winner. Repair never signs: a manifest the app did not seal itself stays unsigned, and verification
/// names it.
/// </summary>
public sealed partial class SnapshotTaker(
    SnapshotStore store,
    SnapshotManifestWriter writer,
    ISnapshotSigner signer,
    SnapshotPublication publication,
    TimeProvider time,
    ILogger<SnapshotTaker> logger)
{
    private const int Attempts = 5;

    /// <summary>Blocks of the manifest held at once: two being staged while the next is written.</summary>
    private const int ManifestBlocks = 3;

    public async Task<SnapshotRecord> TakeAsync(string takenBy, string trigger, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            var previous = existing.Count > 0 ? existing[^1] : null;
            if (attempt == 1 && previous is not null)
            {
                // A seal that died after its row and before its mail still owes the mail; the ledger sends it once.
                await PublishIfOursAsync(previous, await store.SignatureAsync(previous.Id, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }

            var sequence = (previous?.Sequence ?? 0) + 1;
            var header = new SnapshotHeader(SnapshotStore.IdFor(sequence), sequence, time.GetUtcNow(), takenBy, trigger, previous is null ? null : new ManifestLink(previous.Id, previous.Sha256));
            var blob = await store.ManifestClientAsync(header.Id, cancellationToken).ConfigureAwait(false);
            try
            {
                await using var output = new HashedBlockBlobWriter(blob, ManifestBlocks);
                var outcome = await writer.WriteAsync(output.AsStream(), header, cancellationToken).ConfigureAwait(false);
                var sealedBlob = await output.CommitAsync("application/json", (written, ct) => SignedMetadataAsync(header, written, ct), cancellationToken).ConfigureAwait(false);
                var record = new SnapshotRecord(
                    header.Id, sequence, header.TakenAt, takenBy, trigger, sealedBlob.Sha256, sealedBlob.Size, header.Previous?.Id, header.Previous?.Sha256,
                    outcome.Headline, outcome.Readiness.Ready, outcome.Readiness.Blockers.Count);
                await store.SaveAsync(record, cancellationToken).ConfigureAwait(false);
                LogSealed(logger, record.Id, record.Sha256, record.Size, trigger);
                await publication.PublishAsync(record, cancellationToken).ConfigureAwait(false);

                return record;
            }
            catch (BlobAlreadyExistsException) when (attempt < Attempts)
            {
                LogRace(logger, header.Id);
                if (await store.RepairAsync(header.Id, cancellationToken).ConfigureAwait(false) is { } repaired)
                {
                    await PublishIfOursAsync(repaired.Record, repaired.Signature, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Publishes a snapshot only when this app's key signed it: a manifest planted by someone else is not announced as sealed.</summary>
    private async Task PublishIfOursAsync(SnapshotRecord record, SnapshotSignature? signature, CancellationToken cancellationToken)
    {
        if (signature is not null
            && SnapshotStore.Digest(record.Sha256) is { } digest
            && (await signer.VerifyAsync(signature, digest, cancellationToken).ConfigureAwait(false)).Valid)
        {
            await publication.PublishAsync(record, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyDictionary<string, string>?> SignedMetadataAsync(SnapshotHeader header, WrittenBlob written, CancellationToken cancellationToken)
    {
        var signature = await signer.SignAsync(SnapshotStore.Digest(written.Sha256)!, cancellationToken).ConfigureAwait(false);
        var metadata = new Dictionary<string, string>(SnapshotStore.Metadata(header), StringComparer.Ordinal);
        foreach (var (key, value) in signature.ToMetadata())
        {
            metadata[key] = value;
        }

        return metadata;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot {Id} sealed: SHA-256 {Sha256}, {Size} bytes ({Trigger})")]
    private static partial void LogSealed(ILogger logger, string id, string sha256, long size, string trigger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot {Id} was sealed by another run first; taking the next number")]
    private static partial void LogRace(ILogger logger, string id);
}
