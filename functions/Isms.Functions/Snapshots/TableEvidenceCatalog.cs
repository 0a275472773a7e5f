using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Isms.Core.Snapshots;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Snapshots;

/// <summary>
/// <see cref="IEvidenceCatalog"/> over the evidence register as <see cref="Evidence.EvidenceRegister"/> stores it,
/// read page by page (a snapshot streams it; the register's own list is built in memory):
/// table <c>Evidence</c>, one partition per record (PartitionKey = evidence id): the record in RowKey <c>"evidence"</c>
/// as camelCase JSON in the <c>Json</c> column (RecordStore), its versions in rows <c>evidence|versions|000001</c>
/// (column <c>Item</c>; records written before hold them in the record's <c>versions</c>), each carrying
/// <c>version, blobName, sha256, size, contentType, fileName, effectiveDate</c>; the bytes in the container
/// <see cref="StorageOptions.EvidenceContainer"/> under each version's <c>blobName</c> (<c>{id}/{guid}</c>).
/// </summary>
public sealed class TableEvidenceCatalog(IsmsStorage storage, IOptions<StorageOptions> options) : IEvidenceCatalog
{
    public const string EvidenceTable = TableNames.Evidence;

    public const string RecordRow = Evidence.EvidenceRegister.Row;

    public async IAsyncEnumerable<ManifestEvidence> VersionsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(EvidenceTable, cancellationToken).ConfigureAwait(false);
        var container = options.Value.EvidenceContainer;

        // The whole table in key order: each partition is one record, its own row first, then its version rows.
        var pages = table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: 1000, select: ["PartitionKey", "RowKey", "Json", "Item"], cancellationToken: cancellationToken).AsPages();
        StoredEvidence? record = null;
        string? partition = null;
        var versions = new SortedDictionary<int, StoredVersion>();
        await foreach (var page in ReadAhead.PagesAsync(pages, cancellationToken).ConfigureAwait(false))
        {
            foreach (var entity in page)
            {
                if (entity.PartitionKey != partition)
                {
                    foreach (var done in Versions(record, partition, versions, container))
                    {
                        yield return done;
                    }

                    partition = entity.PartitionKey;
                    record = null;
                    versions.Clear();
                }

                if (entity.RowKey == RecordRow && entity.GetString("Json") is { Length: > 0 } json)
                {
                    record = JsonSerializer.Deserialize<StoredEvidence>(json, IsmsJson.Options);
                    foreach (var inline in record?.Versions ?? [])
                    {
                        versions.TryAdd(inline.Version, inline);
                    }
                }
                else if (RowListKeys.TryParse(entity.RowKey, Evidence.EvidenceRegister.Versions.Name, out var row, out var number) && row == RecordRow
                    && entity.GetString("Item") is { Length: > 0 } item && JsonSerializer.Deserialize<StoredVersion>(item, IsmsJson.Options) is { } version)
                {
                    // A version row wins over the same version still held in the record's JSON (see RowList).
                    versions[number] = version;
                }
            }
        }

        foreach (var done in Versions(record, partition, versions, container))
        {
            yield return done;
        }
    }

    private static IEnumerable<ManifestEvidence> Versions(StoredEvidence? record, string? partition, SortedDictionary<int, StoredVersion> versions, string container)
    {
        if (record is null)
        {
            // Version rows without their record: a disposal that stopped half way; not evidence any more.
            yield break;
        }

        var id = record.Id ?? partition!;
        foreach (var v in versions.Values)
        {
            yield return new ManifestEvidence(
                id, v.Version, record.ControlIds ?? [], v.EffectiveDate, v.Sha256 ?? string.Empty, v.Size,
                v.FileName ?? string.Empty, v.ContentType ?? "application/octet-stream", container, v.BlobName ?? string.Empty);
        }
    }

    public async Task<Stream?> OpenAsync(string container, string blobName, CancellationToken cancellationToken)
    {
        var client = await storage.ContainerAsync(container, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await client.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> ETagsAsync(string container, CancellationToken cancellationToken)
    {
        var client = await storage.ContainerAsync(container, cancellationToken).ConfigureAwait(false);
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var blob in client.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            etags[blob.Name] = blob.Properties.ETag?.ToString() ?? string.Empty;
        }

        return etags;
    }

    /// <summary>The members of EvidenceRecord the snapshot needs; the rest of the document is ignored.</summary>
    private sealed record StoredEvidence(string? Id, IReadOnlyList<string>? ControlIds, IReadOnlyList<StoredVersion>? Versions);

    /// <summary>The members of EvidenceVersion the snapshot needs.</summary>
    private sealed record StoredVersion(int Version, string? BlobName, string? Sha256, long Size, string? ContentType, string? FileName, DateOnly EffectiveDate);
}
