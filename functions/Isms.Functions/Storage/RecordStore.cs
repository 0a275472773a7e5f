using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Isms.Core.Validation;
using Isms.Functions.Platform;

namespace Isms.Functions.Storage;

/// <summary>
/// Where one record lives: its table, partition and row, and the path it has in the API and the audit trail. Keys
/// are checked when the key is made (<see cref="TableKey.Checked"/>), so a key the service would refuse fails here,
/// by name, instead of as a storage error half way through a change.
/// </summary>
public sealed record RecordKey(string Table, string PartitionKey, string RowKey, string EntityPath)
{
    public string PartitionKey { get; } = TableKey.Checked(PartitionKey);

    public string RowKey { get; } = TableKey.Checked(RowKey);
}

/// <summary>A record as stored, with the ETag that guards its next change.</summary>
public sealed record Stored<T>(T Value, ETag ETag, string PartitionKey, string RowKey)
{
    /// <summary>The trail entry of the last change, kept on the record until the trail surely has it.</summary>
    internal AuditTrailEntry? PendingTrail { get; init; }
}

/// <summary>Someone changed the record between our read and our write.</summary>
public sealed class StaleRecordException(string entityPath) : Exception($"{entityPath} changed while it was being updated.")
{
    public string EntityPath { get; } = entityPath;
}

/// <summary>A record with that key exists already.</summary>
public sealed class DuplicateRecordException(string entityPath) : Exception($"{entityPath} exists already.")
{
    public string EntityPath { get; } = entityPath;
}

/// <summary>
/// Registers as JSON documents in Table Storage, each with its ETag and a few plain columns for the queries
/// that filter on them. Every change carries its audit-trail entry in the same entity write (so the two can
/// never disagree) and the entry is then appended to the trail; an entry left behind by a crash is appended
/// before the record's next change, and appending twice is harmless because the trail's keys are derived
/// from the entry.
/// </summary>
public sealed class RecordStore(IsmsStorage storage, AuditTrail trail)
{
    private const string JsonColumn = "Json";
    private const string PendingColumn = "PendingTrail";

    public async Task<Stored<T>?> GetAsync<T>(RecordKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var table = await storage.TableAsync(key.Table, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(key.PartitionKey, key.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? Read<T>(response.Value!) : null;
    }

    /// <summary>
    /// Records matching an OData filter; callers build it with <c>TableClient.CreateQueryFilter</c> (which quotes every
    /// value) and keep it inside the partitions they need.
    /// </summary>
    public async IAsyncEnumerable<Stored<T>> QueryAsync<T>(string tableName, string filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(tableName, cancellationToken).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.ContainsKey(JsonColumn))
            {
                yield return Read<T>(entity);
            }
        }
    }

    public async Task<Stored<T>> InsertAsync<T>(RecordKey key, T value, Caller caller, IReadOnlyDictionary<string, object?>? columns, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(caller);
        var entry = trail.Entry(key.EntityPath, "Created", caller.Upn, Changes.Between(default, value));
        var entity = Entity(key, value, entry, columns);
        var table = await storage.TableAsync(key.Table, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            await trail.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
            return new Stored<T>(value, response.Headers.ETag ?? default, key.PartitionKey, key.RowKey);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new DuplicateRecordException(key.EntityPath);
        }
    }

    /// <summary>Replaces a record if it is still at <paramref name="etag"/>; a change that changes nothing writes nothing.</summary>
    public async Task<Stored<T>> ReplaceAsync<T>(RecordKey key, Stored<T> before, T after, Caller caller, IReadOnlyDictionary<string, object?>? columns, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(caller);
        var changes = Changes.Between(before.Value, after);
        if (changes.Count == 0)
        {
            return before;
        }

        if (before.PendingTrail is not null)
        {
            await trail.AppendAsync(before.PendingTrail, cancellationToken).ConfigureAwait(false);
        }

        var entry = trail.Entry(key.EntityPath, "Updated", caller.Upn, changes);
        var table = await storage.TableAsync(key.Table, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await table.UpdateEntityAsync(Entity(key, after, entry, columns), before.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            await trail.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
            return new Stored<T>(after, response.Headers.ETag ?? default, key.PartitionKey, key.RowKey);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            throw new StaleRecordException(key.EntityPath);
        }
    }

    /// <summary>Writes a copy of a record under another key (a move between partitions), without a trail entry of its own.</summary>
    public async Task CopyAsync<T>(RecordKey key, T value, IReadOnlyDictionary<string, object?>? columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var table = await storage.TableAsync(key.Table, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(Entity(key, value, null, columns), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(RecordKey key, ETag etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var table = await storage.TableAsync(key.Table, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.DeleteEntityAsync(key.PartitionKey, key.RowKey, etag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone: the move it finishes was completed by someone else.
        }
    }

    private static TableEntity Entity<T>(RecordKey key, T value, AuditTrailEntry? entry, IReadOnlyDictionary<string, object?>? columns)
    {
        var entity = new TableEntity(key.PartitionKey, key.RowKey)
        {
            [JsonColumn] = JsonSerializer.Serialize(value, IsmsJson.Options),
        };
        if (entry is not null)
        {
            entity[PendingColumn] = JsonSerializer.Serialize(entry, IsmsJson.Options);
        }

        foreach (var (name, column) in columns ?? new Dictionary<string, object?>())
        {
            entity[name] = column;
        }

        return entity;
    }

    private static Stored<T> Read<T>(TableEntity entity) =>
        new(JsonSerializer.Deserialize<T>(entity.GetString(JsonColumn), IsmsJson.Options)!, entity.ETag, entity.PartitionKey, entity.RowKey)
        {
            PendingTrail = entity.GetString(PendingColumn) is { Length: > 0 } pending ? JsonSerializer.Deserialize<AuditTrailEntry>(pending, IsmsJson.Options) : null,
        };
}
