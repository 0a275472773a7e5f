using Isms.Core.Snapshots;
using Isms.Functions.Storage;

namespace Isms.Functions.Snapshots;

/// <summary>
/// Seals one snapshot: the next number in the chain, the manifest streamed into its immutable blob, then its row.
/// Two takers racing for the same number are settled by the blob's conditional create: the loser repairs the
/// winner's row if the winner died before writing it, and takes the next number, linking to the winner.
/// </summary>
public sealed partial class SnapshotTaker(SnapshotStore store, SnapshotManifestWriter writer, TimeProvider time, ILogger<SnapshotTaker> logger)
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
            var sequence = (previous?.Sequence ?? 0) + 1;
            var header = new SnapshotHeader(SnapshotStore.IdFor(sequence), sequence, time.GetUtcNow(), takenBy, trigger, previous is null ? null : new ManifestLink(previous.Id, previous.Sha256));
            var blob = await store.ManifestClientAsync(header.Id, cancellationToken).ConfigureAwait(false);
            try
            {
                await using var output = new HashedBlockBlobWriter(blob, ManifestBlocks);
                var outcome = await writer.WriteAsync(output.AsStream(), header, cancellationToken).ConfigureAwait(false);
                var sealedBlob = await output.CommitAsync("application/json", SnapshotStore.Metadata(header), null, cancellationToken).ConfigureAwait(false);
                var record = new SnapshotRecord(
                    header.Id, sequence, header.TakenAt, takenBy, trigger, sealedBlob.Sha256, sealedBlob.Size, header.Previous?.Id, header.Previous?.Sha256,
                    outcome.Headline, outcome.Readiness.Ready, outcome.Readiness.Blockers.Count);
                await store.SaveAsync(record, cancellationToken).ConfigureAwait(false);
                LogSealed(logger, record.Id, record.Sha256, record.Size, trigger);
                return record;
            }
            catch (BlobAlreadyExistsException) when (attempt < Attempts)
            {
                LogRace(logger, header.Id);
                await store.RepairAsync(header.Id, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot {Id} sealed: SHA-256 {Sha256}, {Size} bytes ({Trigger})")]
    private static partial void LogSealed(ILogger logger, string id, string sha256, long size, string trigger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot {Id} was sealed by another run first; taking the next number")]
    private static partial void LogRace(ILogger logger, string id);
}
