using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Isms.Functions.Storage;
using Isms.LocalHost;

namespace Isms.IntegrationTests.Evidence;

/// <summary>
/// A local host for the evidence tests on its own Azurite, with the HTTP upload limit lowered to 1 MB so that
/// over-size and large-upload cases need only small files.
/// </summary>
public sealed class EvidenceHostFixture : LocalHostFixture
{
    public const long HttpLimit = 1024 * 1024;

    public StorageInventory Storage => new(StorageConnectionString);

    protected override void Configure(LocalHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Settings["Evidence:MaxHttpUploadBytes"] = HttpLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The evidence tests on one host; the upload page's browser tests also share one browser, started when first asked for.</summary>
[CollectionDefinition(Name)]
public sealed class EvidenceHostGroup : ICollectionFixture<EvidenceHostFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "evidence host";
}

/// <summary>Everything evidence keeps in storage, counted, so a test can show that a refusal left nothing behind.</summary>
public sealed class StorageInventory(string connectionString)
{
    public sealed record Counts(int EvidenceBlobs, int StagingBlobs, int EvidenceRows, int IndexRows, int UploadRows);

    public BlobContainerClient Evidence => new BlobServiceClient(connectionString).GetBlobContainerClient("evidence");

    public BlobContainerClient Staging => new BlobServiceClient(connectionString).GetBlobContainerClient("staging");

    public async Task<Counts> CountAsync() => new(
        await BlobsAsync(Evidence),
        await BlobsAsync(Staging),
        await RowsAsync(TableNames.Evidence),
        await RowsAsync(TableNames.EvidenceIndex),
        await RowsAsync(TableNames.EvidenceUploads));

    /// <summary>Committed blobs and blobs with only uncommitted blocks alike.</summary>
    private static async Task<int> BlobsAsync(BlobContainerClient container)
    {
        if (!await container.ExistsAsync())
        {
            return 0;
        }

        var count = 0;
        await foreach (var _ in container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, prefix: null, CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    private async Task<int> RowsAsync(string table)
    {
        var client = new TableServiceClient(connectionString).GetTableClient(table);
        var count = 0;
        try
        {
            await foreach (var _ in client.QueryAsync<TableEntity>(select: ["PartitionKey"]))
            {
                count++;
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }

        return count;
    }
}
