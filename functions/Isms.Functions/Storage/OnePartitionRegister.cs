using Azure.Data.Tables;
using Isms.Functions.Platform;

namespace Isms.Functions.Storage;

/// <summary>
/// A register small enough to live in one partition (hundreds of records, read whole): row = record id, audit-trail
/// path <c>{pathPrefix}/{id}</c>. The risk register and the management reviews are such registers.
/// </summary>
/// <typeparam name="T">The record.</typeparam>
public abstract class OnePartitionRegister<T>(RecordStore store, string table, string partition, string pathPrefix)
    where T : class
{
    public RecordKey Key(string id) => new(table, partition, id, $"{pathPrefix}/{id}");

    /// <summary>Every record of the register, in id order.</summary>
    public async Task<IReadOnlyList<Stored<T>>> ListAsync(CancellationToken cancellationToken)
    {
        var found = new List<Stored<T>>();
        await foreach (var record in store.QueryAsync<T>(table, TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken).ConfigureAwait(false))
        {
            found.Add(record);
        }

        return found;
    }

    /// <summary>One record; null when there is none (or the id could not be a key).</summary>
    public Task<Stored<T>?> GetAsync(string id, CancellationToken cancellationToken) =>
        RecordIds.IsWellFormed(id) ? store.GetAsync<T>(Key(id), cancellationToken) : Task.FromResult<Stored<T>?>(null);

    protected Task<Stored<T>> InsertAsync(string id, T record, Caller caller, CancellationToken cancellationToken) =>
        store.InsertAsync(Key(id), record, caller, null, cancellationToken);

    protected Task<Stored<T>> ReplaceAsync(string id, Stored<T> before, T after, Caller caller, CancellationToken cancellationToken) =>
        store.ReplaceAsync(Key(id), before, after, caller, null, cancellationToken);
}
