using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Isms.IntegrationTests.Infrastructure;

/// <summary>The isolated tests trust that a reset leaves nothing behind; this shows it, and that the store works after.</summary>
[Collection(IsolatedHostGroup.Name)]
public sealed class AzuriteResetTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_reset_leaves_no_table_container_or_queue_and_the_store_takes_writes_again()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var queues = new QueueServiceClient(azurite.ConnectionString);
        await WriteOneOfEachAsync(tables, blobs, queues);

        await azurite.ResetAsync();

        Assert.Empty(await tables.QueryAsync().ToListAsync());
        Assert.Empty(await blobs.GetBlobContainersAsync().ToListAsync());
        Assert.Empty(await queues.GetQueuesAsync().ToListAsync());
        await WriteOneOfEachAsync(tables, blobs, queues);
        Assert.Single(await tables.GetTableClient("ResetProbe").QueryAsync<TableEntity>().ToListAsync());
    }

    private static async Task WriteOneOfEachAsync(TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues)
    {
        var table = tables.GetTableClient("ResetProbe");
        await table.CreateIfNotExistsAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "r"));
        var container = blobs.GetBlobContainerClient("reset-probe");
        await container.CreateIfNotExistsAsync();
        await container.UploadBlobAsync("b", BinaryData.FromString("x"));
        var queue = queues.GetQueueClient("reset-probe");
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("m");
    }
}
