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

    /// <summary>Whether the record's own JSON still holds items of its <see cref="IRowList{T}"/> (written before lists had rows).</summary>
    internal bool InlineItems { get; init; }
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
/// <remarks>
/// A record with a list that grows for as long as the record lives keeps that list as rows of its own
/// (<see cref="IRowList{T}"/>): the record's row and the rows it adds are written in one entity-group transaction,
/// guarded by the record's ETag, and the trail entry names only the items that changed.
/// </remarks>
public sealed class RecordStore(IsmsStorage storage, AuditTrail trail)
{
    /// <summary>
    /// The version of a record that was never written (a control nobody has set, a requirement never assessed): it reads
    /// as its defaults, <c>If-Match</c> on it succeeds, and <see cref="SaveAsync{T}(RecordKey, Stored{T}, T, Caller, IReadOnlyDictionary{string, object?}?, IRowList{T}?, CancellationToken)"/> inserts it.
    /// </summary>
    public static readonly ETag Unsaved = new("W/\"0\"");
    private const string JsonColumn = "Json";
    private const string PendingColumn = "PendingTrail";
    private const string ItemColumn = "Item";
    private const string ItemCountColumn = "ItemRows";

    /// <summary>Operations in one entity-group transaction (the service's limit).</summary>
    private const int TransactionLimit = 100;

    public async Task<Stored<T>?> GetAsync<T>(RecordKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var table = await storage.TableAsync(key.Table, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(key.PartitionKey, key.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? Read<T>(response.Value!) : null;
    }

    /// <summary>Inserts a record read as <see cref="Unsaved"/>, or replaces it at its ETag.</summary>
    public Task<Stored<T>> SaveAsync<T>(RecordKey key, Stored<T> before, T after, Caller caller, IReadOnlyDictionary<string, object?>? columns, IRowList<T>? rows, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(before);
        return (before.ETag == Unsaved, rows) switch
        {
            (true, null) => InsertAsync(key, after, caller, columns, cancellationToken),
            (true, { } list) => InsertAsync(key, after, caller, columns, list, cancellationToken),
            (false, null) => ReplaceAsync(key, before, after, caller, columns, cancellationToken),
            (false, { } list) => ReplaceAsync(key, before, after, caller, columns, list, cancellationToken),
        };
    }

    /// <summary>A record and the items of its <paramref name="rows"/>: one query of its partition.</summary>
    public async Task<Stored<T>?> GetAsync<T>(RecordKey key, IRowList<T> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(rows);
        var table = await storage.TableAsync(key.Table, cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {key.PartitionKey} and (RowKey eq {key.RowKey} or (RowKey gt {RowListKeys.Prefix(key.RowKey, rows.Name)} and RowKey lt {RowListKeys.End(key.RowKey, rows.Name)}))");
        TableEntity? record = null;
        var items = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey == key.RowKey)
            {
                record = entity;
            }
            else
            {
                items.Add(entity);
            }
        }

        return record is null ? null : Read(record, items, rows);
    }

    /// <summary>
    /// Records matching an OData filter, each with the items of its <paramref name="rows"/>: items the filter returned
    /// too are taken from the same pages (a whole-partition query reads everything once); the others are read per record.
    /// </summary>
    public async IAsyncEnumerable<Stored<T>> QueryAsync<T>(string tableName, string? filter, IRowList<T> rows, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = await storage.TableAsync(tableName, cancellationToken).ConfigureAwait(false);
        string? partition = null;
        var records = new List<TableEntity>();
        var items = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.PartitionKey != partition)
            {
                foreach (var done in await PartitionAsync(table, records, items, rows, cancellationToken).ConfigureAwait(false))
                {
                    yield return done;
                }

                partition = entity.PartitionKey;
                records.Clear();
                items.Clear();
            }

            if (entity.ContainsKey(JsonColumn))
            {
                records.Add(entity);
            }
            else if (entity.ContainsKey(ItemColumn))
            {
                items.Add(entity);
            }
        }

        foreach (var done in await PartitionAsync(table, records, items, rows, cancellationToken).ConfigureAwait(false))
        {
            yield return done;
        }
    }

    /// <summary>The records of one partition with their items; a record whose items the query did not return reads them.</summary>
    private static async Task<List<Stored<T>>> PartitionAsync<T>(TableClient table, List<TableEntity> records, List<TableEntity> items, IRowList<T> rows, CancellationToken cancellationToken)
    {
        var byRecord = items
            .Select(item => (Item: item, Found: RowListKeys.TryParse(item.RowKey, rows.Name, out var recordRow, out _), Row: recordRow))
            .Where(i => i.Found)
            .ToLookup(i => i.Row, i => i.Item, StringComparer.Ordinal);
        var read = new List<Stored<T>>(records.Count);
        foreach (var record in records)
        {
            var found = byRecord[record.RowKey].ToList();
            if (found.Count < (record.GetInt32(ItemCountColumn) ?? 0))
            {
                found.Clear();
                var filter = TableClient.CreateQueryFilter(
                    $"PartitionKey eq {record.PartitionKey} and RowKey gt {RowListKeys.Prefix(record.RowKey, rows.Name)} and RowKey lt {RowListKeys.End(record.RowKey, rows.Name)}");
                await foreach (var item in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    found.Add(item);
                }
            }

            read.Add(Read(record, found, rows));
        }

        return read;
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

    /// <summary>Adds a record and the items of its <paramref name="rows"/> in one transaction.</summary>
    public async Task<Stored<T>> InsertAsync<T>(RecordKey key, T value, Caller caller, IReadOnlyDictionary<string, object?>? columns, IRowList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(rows);
        var items = rows.Items(value);
        var entry = trail.Entry(key.EntityPath, "Created", caller.Upn, [.. Changes.Between(default, rows.Without(value)), .. ItemChanges(rows.Name, [], items)]);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, Entity(key, rows.Without(value), entry, WithCount(columns, items.Count))) };
        actions.AddRange(items.Select((item, i) => new TableTransactionAction(TableTransactionActionType.Add, ItemEntity(key, rows.Name, i + 1, item))));
        var table = await storage.TableAsync(key.Table, cancellationToken).ConfigureAwait(false);
        try
        {
            var etag = await SubmitAsync(table, actions, cancellationToken).ConfigureAwait(false);
            await trail.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
            return new Stored<T>(value, etag, key.PartitionKey, key.RowKey);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new DuplicateRecordException(key.EntityPath);
        }
    }

    /// <summary>
    /// Replaces a record still at its ETag and writes the items of <paramref name="rows"/> that are new or changed, in one
    /// transaction; items are never removed. A record whose JSON still held its list gets that list as rows with it.
    /// </summary>
    public async Task<Stored<T>> ReplaceAsync<T>(RecordKey key, Stored<T> before, T after, Caller caller, IReadOnlyDictionary<string, object?>? columns, IRowList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(rows);
        var itemsBefore = rows.Items(before.Value);
        var itemsAfter = rows.Items(after);
        if (itemsAfter.Count < itemsBefore.Count)
        {
            throw new InvalidOperationException($"{key.EntityPath}: items of {rows.Name} are only ever added.");
        }

        var changes = Changes.Between(rows.Without(before.Value), rows.Without(after)).Concat(ItemChanges(rows.Name, itemsBefore, itemsAfter)).ToList();
        if (changes.Count == 0)
        {
            return before;
        }

        if (before.PendingTrail is not null)
        {
            await trail.AppendAsync(before.PendingTrail, cancellationToken).ConfigureAwait(false);
        }

        var table = await storage.TableAsync(key.Table, cancellationToken).ConfigureAwait(false);
        var changed = Enumerable.Range(0, itemsAfter.Count).Where(i => i >= itemsBefore.Count || itemsBefore[i] != itemsAfter[i]).ToList();
        if (changed.Count >= TransactionLimit)
        {
            throw new InvalidOperationException($"{key.EntityPath}: at most {TransactionLimit - 1} items of {rows.Name} change at once.");
        }

        if (before.InlineItems)
        {
            // Items still in the record's JSON become rows first; they equal what readers see already, so a crash
            // after this leaves the record reading the same.
            var moved = Enumerable.Range(0, itemsBefore.Count).Where(i => !changed.Contains(i)).Select(i => ItemEntity(key, rows.Name, i + 1, itemsBefore[i]));
            foreach (var chunk in moved.Chunk(TransactionLimit))
            {
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken).ConfigureAwait(false);
            }
        }

        var entry = trail.Entry(key.EntityPath, "Updated", caller.Upn, changes);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, Entity(key, rows.Without(after), entry, WithCount(columns, itemsAfter.Count)), before.ETag) };
        actions.AddRange(changed.Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ItemEntity(key, rows.Name, i + 1, itemsAfter[i]))));
        try
        {
            var etag = await SubmitAsync(table, actions, cancellationToken).ConfigureAwait(false);
            await trail.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
            return new Stored<T>(after, etag, key.PartitionKey, key.RowKey);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            throw new StaleRecordException(key.EntityPath);
        }
    }

    /// <summary>Writes a copy of a record and its items under another key (a move between partitions), items first.</summary>
    public async Task CopyAsync<T>(RecordKey key, T value, IReadOnlyDictionary<string, object?>? columns, IRowList<T> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(rows);
        var items = rows.Items(value);
        var table = await storage.TableAsync(key.Table, cancellationToken).ConfigureAwait(false);
        foreach (var chunk in items.Select((item, i) => ItemEntity(key, rows.Name, i + 1, item)).Chunk(TransactionLimit))
        {
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken).ConfigureAwait(false);
        }

        await table.UpsertEntityAsync(Entity(key, rows.Without(value), null, WithCount(columns, items.Count)), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a record still at its ETag with its items: one transaction when they fit, else the items first.</summary>
    public async Task DeleteAsync<T>(RecordKey key, ETag etag, IRowList<T> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(rows);
        var table = await storage.TableAsync(key.Table, cancellationToken).ConfigureAwait(false);
        var items = new List<TableTransactionAction>();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {key.PartitionKey} and RowKey gt {RowListKeys.Prefix(key.RowKey, rows.Name)} and RowKey lt {RowListKeys.End(key.RowKey, rows.Name)}");
        await foreach (var item in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            items.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(key.PartitionKey, item.RowKey), ETag.All));
        }

        while (items.Count >= TransactionLimit)
        {
            await table.SubmitTransactionAsync(items.Take(TransactionLimit), cancellationToken).ConfigureAwait(false);
            items.RemoveRange(0, TransactionLimit);
        }

        try
        {
            await table.SubmitTransactionAsync([.. items, new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(key.PartitionKey, key.RowKey), etag)], cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The record is gone already (the move it finishes was completed by someone else): its items go too.
            if (items.Count > 0)
            {
                await DeleteQuietlyAsync(table, items, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task DeleteQuietlyAsync(TableClient table, IEnumerable<TableTransactionAction> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            try
            {
                await table.DeleteEntityAsync(item.Entity.PartitionKey, item.Entity.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Gone already.
            }
        }
    }

    /// <summary>Submits one transaction whose first action is the record's row; answers that row's new ETag.</summary>
    private static async Task<ETag> SubmitAsync(TableClient table, List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        if (actions.Count > TransactionLimit)
        {
            throw new InvalidOperationException($"At most {TransactionLimit} rows are written at once; {actions.Count} were asked.");
        }

        var response = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        return response.Value[0].Headers.ETag ?? default;
    }

    /// <summary>One change per item that is new or differs: <c>versions[3]</c>, before and after as JSON.</summary>
    private static IEnumerable<FieldChange> ItemChanges(string name, IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        for (var i = 0; i < after.Count; i++)
        {
            var old = i < before.Count ? before[i] : null;
            if (old != after[i])
            {
                yield return new FieldChange(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}[{i + 1}]"), old, after[i]);
            }
        }
    }

    private static Dictionary<string, object?> WithCount(IReadOnlyDictionary<string, object?>? columns, int items)
    {
        var all = new Dictionary<string, object?>(columns ?? new Dictionary<string, object?>()) { [ItemCountColumn] = items };
        return all;
    }

    private static TableEntity ItemEntity(RecordKey key, string name, int number, string json) =>
        new(key.PartitionKey, RowListKeys.Item(key.RowKey, name, number)) { [ItemColumn] = json };

    /// <summary>A record read with its item rows: items in rows win over those its JSON still holds, by number.</summary>
    private static Stored<T> Read<T>(TableEntity record, IReadOnlyList<TableEntity> itemRows, IRowList<T> rows)
    {
        var stored = Read<T>(record);
        var inline = rows.Items(stored.Value);
        var numbered = new SortedDictionary<int, string>();
        for (var i = 0; i < inline.Count; i++)
        {
            numbered[i + 1] = inline[i];
        }

        foreach (var row in itemRows)
        {
            if (RowListKeys.TryParse(row.RowKey, rows.Name, out var recordRow, out var number) && recordRow == record.RowKey && row.GetString(ItemColumn) is { Length: > 0 } json)
            {
                numbered[number] = json;
            }
        }

        return stored with { Value = rows.WithItems(stored.Value, [.. numbered.Values]), InlineItems = inline.Count > 0 };
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
