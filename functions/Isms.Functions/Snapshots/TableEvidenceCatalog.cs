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
/// table <c>Evidence</c>, one entity per record with PartitionKey = evidence id and RowKey = <c>"evidence"</c>,
/// the record as camelCase JSON in the <c>Json</c> column (RecordStore), its <c>versions</c> each carrying
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
        var pages = table.QueryAsync<TableEntity>($"RowKey eq '{RecordRow}'", maxPerPage: 1000, select: ["PartitionKey", "Json"], cancellationToken: cancellationToken).AsPages();
        await foreach (var page in ReadAhead.PagesAsync(pages, cancellationToken).ConfigureAwait(false))
        {
            foreach (var entity in page)
            {
                if (entity.GetString("Json") is not { Length: > 0 } json)
                {
                    continue;
                }

                var record = JsonSerializer.Deserialize<StoredEvidence>(json, IsmsJson.Options);
                if (record?.Versions is null)
                {
                    continue;
                }

                var id = record.Id ?? entity.PartitionKey;
                foreach (var v in record.Versions.OrderBy(v => v.Version))
                {
                    yield return new ManifestEvidence(
                        id, v.Version, record.ControlIds ?? [], v.EffectiveDate, v.Sha256 ?? string.Empty, v.Size,
                        v.FileName ?? string.Empty, v.ContentType ?? "application/octet-stream", container, v.BlobName ?? string.Empty);
                }
            }
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
