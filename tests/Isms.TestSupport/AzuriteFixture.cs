using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Isms.LocalHost;

namespace Isms.TestSupport;

/// <summary>
/// One private, in-memory Azurite for a test collection, started the same way the local host starts its own.
/// Starting node and Azurite costs a second or more; emptying it costs a few requests, so a collection shares
/// one and a test that needs an empty store calls <see cref="ResetAsync"/> instead of starting another.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteEmulator? _emulator;

    public AzuriteEmulator Emulator => _emulator ?? throw new InvalidOperationException("Azurite has not started.");

    public string ConnectionString => Emulator.ConnectionString;

    public async Task InitializeAsync() => _emulator = await AzuriteEmulator.StartAsync(dataDirectory: null);

    /// <summary>
    /// Deletes every table, blob container and queue, leaving the store as a fresh emulator has it. Call it
    /// before the test's host starts: a host remembers which tables it has created (once per process) and
    /// would not create them again.
    /// </summary>
    public async Task ResetAsync()
    {
        var tables = new TableServiceClient(ConnectionString);
        var blobs = new BlobServiceClient(ConnectionString);
        var queues = new QueueServiceClient(ConnectionString);
        var deletions = new List<Task>();
        await foreach (var table in tables.QueryAsync())
        {
            deletions.Add(tables.DeleteTableAsync(table.Name));
        }

        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            deletions.Add(blobs.DeleteBlobContainerAsync(container.Name));
        }

        await foreach (var queue in queues.GetQueuesAsync())
        {
            deletions.Add(queues.DeleteQueueAsync(queue.Name));
        }

        await Task.WhenAll(deletions);
    }

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
