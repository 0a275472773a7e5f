using Azure.Data.Tables;
using Isms.Functions.Platform;

namespace Isms.Functions.Storage;

/// <summary>
/// A register small enough to live in one partition (hundreds of records, read whole): row = record id, audit-trail
/// path <c>{pathPrefix}/{id}</c>. The risk register and the management reviews are such registers.
/// </summary>
/// <typeparam name="T">The record.</typeparam>
/// <param name="idOf">The record's id, its row key.</param>
public abstract class OnePartitionRegister<T>(RecordStore store, string table, string partition, string pathPrefix, Func<T, string> idOf)
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

    /// <summary>Adds a new record; one already there throws <see cref="DuplicateRecordException"/>.</summary>
    public Task<Stored<T>> InsertAsync(T record, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return store.InsertAsync(Key(idOf(record)), record, caller, null, cancellationToken);
    }

    /// <summary>Replaces a record still at the version read; a changed one throws <see cref="StaleRecordException"/>.</summary>
    public Task<Stored<T>> ReplaceAsync(Stored<T> before, T after, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        return store.ReplaceAsync(Key(idOf(after)), before, after, caller, null, cancellationToken);
    }
}
