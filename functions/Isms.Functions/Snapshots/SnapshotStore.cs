using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Isms.Core.Snapshots;
using Isms.Functions.Platform;
using Isms.Functions.Snapshots.Signing;
using Isms.Functions.Storage;

namespace Isms.Functions.Snapshots;

/// <summary>A snapshot's row: what the list shows and the hash that seals its manifest.</summary>
public sealed record SnapshotRecord(
    string Id,
    int Sequence,
    DateTimeOffset TakenAt,
    string TakenBy,
    string Trigger,
    string Sha256,
    long Size,
    string? PreviousId,
    string? PreviousSha256,
    HeadlineFigures? Headline,
    bool Ready,
    int Blockers);

/// <summary>A sealed manifest as stored: its bytes, the signature stored with them (null when none), and the blob's ETag, which any write changes.</summary>
public sealed record StoredManifest(BinaryData Bytes, SnapshotSignature? Signature, string ETag);

/// <summary>A snapshot's row rebuilt from its manifest's metadata, and the signature that manifest carries (null when none).</summary>
public sealed record RepairedSnapshot(SnapshotRecord Record, SnapshotSignature? Signature);

/// <summary>
/// Where snapshots live. Manifests are immutable blobs <c>{id}/manifest.json</c> in the snapshots container,
/// created once with <c>If-None-Match: *</c> and carrying their SHA-256 and chain link as metadata; a row per
/// snapshot in table <c>Snapshots</c> (partition <c>snapshots</c>, row = id) lists them and holds the same hash.
/// Ids are <c>SNAP-</c> plus a six-digit sequence, so row order is chain order.
/// </summary>
public sealed class SnapshotStore(IsmsStorage storage, IOptions<StorageOptions> options)
{
    public const string Partition = "snapshots";
    public const string ManifestName = "manifest.json";

    public static string IdFor(int sequence) => string.Create(CultureInfo.InvariantCulture, $"SNAP-{sequence:D6}");

    public static bool IsWellFormedId(string? id) =>
        id is { Length: 11 } && id.StartsWith("SNAP-", StringComparison.Ordinal) && id[5..].All(char.IsAsciiDigit);

    public static string ManifestBlob(string id) => $"{id}/{ManifestName}";

    /// <summary>The 32 bytes of a SHA-256 written as hex, as records and metadata hold it; null when it is not one.</summary>
    public static byte[]? Digest(string? sha256Hex) =>
        sha256Hex is { Length: 64 } && sha256Hex.All(char.IsAsciiHexDigit) ? Convert.FromHexString(sha256Hex) : null;

    public Task<BlobContainerClient> ContainerAsync(CancellationToken cancellationToken) =>
        storage.ContainerAsync(options.Value.SnapshotsContainer, cancellationToken);

    public async Task<BlockBlobClient> ManifestClientAsync(string id, CancellationToken cancellationToken) =>
        (await ContainerAsync(cancellationToken).ConfigureAwait(false)).GetBlockBlobClient(ManifestBlob(id));

    /// <summary>Every snapshot, oldest first.</summary>
    public async Task<IReadOnlyList<SnapshotRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableNames.Snapshots, cancellationToken).ConfigureAwait(false);
        var rows = new List<SnapshotRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>($"PartitionKey eq '{Partition}'", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(FromEntity(row));
        }

        return [.. rows.OrderBy(r => r.Sequence)];
    }

    public async Task<SnapshotRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsWellFormedId(id))
        {
            return null;
        }

        var table = await storage.TableAsync(TableNames.Snapshots, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>Records a sealed snapshot; writing the same row again (a repair after a crash) is harmless.</summary>
    public async Task SaveAsync(SnapshotRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var table = await storage.TableAsync(TableNames.Snapshots, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(Partition, record.Id)
        {
            ["Sequence"] = record.Sequence,
            ["TakenAt"] = record.TakenAt,
            ["TakenBy"] = record.TakenBy,
            ["Trigger"] = record.Trigger,
            ["Sha256"] = record.Sha256,
            ["Size"] = record.Size,
            ["PreviousId"] = record.PreviousId,
            ["PreviousSha256"] = record.PreviousSha256,
            ["Headline"] = record.Headline is null ? null : JsonSerializer.Serialize(record.Headline, IsmsJson.Options),
            ["Ready"] = record.Ready,
            ["Blockers"] = record.Blockers,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The manifest's bytes, streamed; null when the blob is missing.</summary>
    public async Task<Stream?> OpenManifestAsync(string id, CancellationToken cancellationToken)
    {
        var blob = await ManifestClientAsync(id, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The manifest's bytes, whole (for hashing and a single parse); null when the blob is missing.</summary>
    public async Task<BinaryData?> ReadManifestBytesAsync(string id, CancellationToken cancellationToken)
    {
        var blob = await ManifestClientAsync(id, cancellationToken).ConfigureAwait(false);
        try
        {
            return (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The manifest's bytes with the signature and ETag of the blob they came from; null when the blob is missing.</summary>
    public async Task<StoredManifest?> ReadStoredManifestAsync(string id, CancellationToken cancellationToken)
    {
        var blob = await ManifestClientAsync(id, cancellationToken).ConfigureAwait(false);
        try
        {
            var result = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            return new StoredManifest(result.Content, SnapshotSignature.FromMetadata(result.Details.Metadata), result.Details.ETag.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The ETag of every manifest blob, by snapshot id: one listing, however many snapshots.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ManifestETagsAsync(CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (blob.Name.EndsWith("/" + ManifestName, StringComparison.Ordinal))
            {
                etags[blob.Name[..^(ManifestName.Length + 1)]] = blob.Properties.ETag?.ToString() ?? string.Empty;
            }
        }

        return etags;
    }

    /// <summary>The manifest read into its records (evidence walked from the bytes); null when missing.</summary>
    public async Task<SnapshotManifest?> ReadManifestAsync(string id, CancellationToken cancellationToken) =>
        await ReadManifestBytesAsync(id, cancellationToken).ConfigureAwait(false) is { } bytes ? SnapshotManifest.Read(bytes.ToMemory()) : null;

    /// <summary>The signature a manifest's metadata carries (its properties only, not its bytes); null when unsigned or missing.</summary>
    public async Task<SnapshotSignature?> SignatureAsync(string id, CancellationToken cancellationToken)
    {
        var blob = await ManifestClientAsync(id, cancellationToken).ConfigureAwait(false);
        try
        {
            return SnapshotSignature.FromMetadata((await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.Metadata);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Rebuilds a missing row from a sealed manifest's metadata (a run that died between blob and row).</summary>
    public async Task<RepairedSnapshot?> RepairAsync(string id, CancellationToken cancellationToken)
    {
        var blob = await ManifestClientAsync(id, cancellationToken).ConfigureAwait(false);
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            var m = properties.Metadata;
            var record = new SnapshotRecord(
                id,
                int.Parse(m["sequence"], CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(m["takenat"], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                Uri.UnescapeDataString(m["takenby"]),
                Uri.UnescapeDataString(m["trigger"]),
                m[HashedBlockBlobWriter.HashMetadata],
                properties.ContentLength,
                m.TryGetValue("previousid", out var previous) && previous.Length > 0 ? previous : null,
                m.TryGetValue("previoussha256", out var previousSha) && previousSha.Length > 0 ? previousSha : null,
                null,
                false,
                0);
            await SaveAsync(record, cancellationToken).ConfigureAwait(false);
            return new RepairedSnapshot(record, SnapshotSignature.FromMetadata(m));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public static IReadOnlyDictionary<string, string> Metadata(SnapshotHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["snapshotid"] = header.Id,
            ["sequence"] = header.Sequence.ToString(CultureInfo.InvariantCulture),
            ["takenat"] = header.TakenAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["takenby"] = Uri.EscapeDataString(header.TakenBy),
            ["trigger"] = Uri.EscapeDataString(header.Trigger),
            ["previousid"] = header.Previous?.Id ?? string.Empty,
            ["previoussha256"] = header.Previous?.Sha256 ?? string.Empty,
        };
    }

    public static SnapshotSummary ToSummary(SnapshotRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var self = $"/api/snapshots/{r.Id}";
        return new SnapshotSummary(
            r.Id, r.Sequence, r.TakenAt, r.TakenBy, r.Trigger, r.Sha256, r.Size, r.PreviousId, r.PreviousSha256, r.Headline, r.Ready, r.Blockers,
            self, self + "/report", self + "/package", self + "/verification");
    }

    private static SnapshotRecord FromEntity(TableEntity e) => new(
        e.RowKey,
        e.GetInt32("Sequence") ?? 0,
        e.GetDateTimeOffset("TakenAt") ?? default,
        e.GetString("TakenBy") ?? string.Empty,
        e.GetString("Trigger") ?? string.Empty,
        e.GetString("Sha256") ?? string.Empty,
        e.GetInt64("Size") ?? 0,
        e.GetString("PreviousId"),
        e.GetString("PreviousSha256"),
        e.GetString("Headline") is { Length: > 0 } headline ? JsonSerializer.Deserialize<HeadlineFigures>(headline, IsmsJson.Options) : null,
        e.GetBoolean("Ready") ?? false,
        e.GetInt32("Blockers") ?? 0);
}
