using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Isms.Functions.Storage;

/// <summary>
/// The app's one handle on its storage account. Tables, containers and queues are created on first use,
/// once per process, so a fresh Azurite or a fresh deployment needs no set-up step.
/// </summary>
public sealed class IsmsStorage(TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues)
{
    private readonly ConcurrentDictionary<string, Task> _created = new(StringComparer.Ordinal);

    public TableServiceClient TableService => tables;

    public BlobServiceClient BlobService => blobs;

    public QueueServiceClient QueueService => queues;

    public async Task<TableClient> TableAsync(string name, CancellationToken cancellationToken)
    {
        var client = tables.GetTableClient(name);
        await EnsureAsync("table:" + name, () => client.CreateIfNotExistsAsync(CancellationToken.None)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return client;
    }

    public async Task<BlobContainerClient> ContainerAsync(string name, CancellationToken cancellationToken)
    {
        var client = blobs.GetBlobContainerClient(name);
        await EnsureAsync("blob:" + name, () => client.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return client;
    }

    public async Task<QueueClient> QueueAsync(string name, CancellationToken cancellationToken)
    {
        var client = queues.GetQueueClient(name);
        await EnsureAsync("queue:" + name, () => client.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return client;
    }

    private async Task EnsureAsync(string key, Func<Task> create)
    {
        var task = _created.GetOrAdd(key, _ => create());
        try
        {
            await task.ConfigureAwait(false);
        }
        catch
        {
            // A failed creation (storage down) must not be remembered: the next call tries again.
            _created.TryRemove(new KeyValuePair<string, Task>(key, task));
            throw;
        }
    }
}
