using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Isms.Core.People;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.People;

/// <summary>A person's requirement as stored, with the version it was read at.</summary>
public sealed record StoredRequirement(PersonRequirement Value, ETag ETag);

/// <summary>
/// What is required of each person, stored per person so that no run reads more than it needs (table
/// <see cref="TableNames.PeopleRecords"/>):
/// <list type="bullet">
/// <item>partition <c>subject|{kind}|{document or course id}</c>, row = the person's key: the record itself (one
/// partition is a document's or course's whole audience, which the daily sync compares with the directory);</item>
/// <item>partition <c>owed|{person}</c>, row <c>{kind}|{id}|{person}</c>: a copy while a reminder may be owed (not yet
/// acknowledged, training that falls due again), so the chase reads one key range of what is owed and a person's digest reads
/// the records the planner found, by their keys. The record is written first and the copy after; a copy left behind by a crash is checked against the
/// record before anything is sent, and the next sync puts it right.</item>
/// </list>
/// </summary>
public sealed class PeopleRecords(IsmsStorage storage, OrganisationClock clock)
{
    private const string Json = "Json";
    private const int Transaction = 100;

    public static string SubjectPartition(RequirementKind kind, string subjectId) => $"subject|{kind}|{TableKey.Encode(subjectId)}";

    public static string OwedPartition(string upn) => "owed|" + TableKey.Owner(upn);

    /// <summary>
    /// The owed copy's row: the requirement and the person again, so that no two rows of the table share a row key. The
    /// Table service does not care; Azurite finds a row by its row key first, and 50,000 copies under one row key made
    /// every write and point read scan them all.
    /// </summary>
    public static string OwedRow(PersonRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        return requirement.Key + "|" + TableKey.Owner(requirement.PersonUpn);
    }

    public async Task<StoredRequirement?> GetAsync(RequirementKind kind, string subjectId, string upn, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(SubjectPartition(kind, subjectId), TableKey.Owner(upn), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? Read(found.Value!) : null;
    }

    /// <summary>Everyone a document or course has asked, left or not.</summary>
    public async IAsyncEnumerable<StoredRequirement> OfSubjectAsync(RequirementKind kind, string subjectId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {SubjectPartition(kind, subjectId)}"), maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return Read(entity);
        }
    }

    /// <summary>Every record of every subject (the summary and the snapshot read them all).</summary>
    public async IAsyncEnumerable<PersonRequirement> AllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey gt {"subject|"} and PartitionKey lt {"subject}"}"), maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return Read(entity).Value;
        }
    }

    /// <summary>
    /// Writes one record at the version it was read (null: it must be new), then its owed copy. A record changed since
    /// it was read throws <see cref="StaleRecordException"/> and nothing is written.
    /// </summary>
    public async Task<StoredRequirement> SaveAsync(PersonRequirement requirement, ETag? readAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = Entity(SubjectPartition(requirement.Kind, requirement.SubjectId), TableKey.Owner(requirement.PersonUpn), requirement);
        Response response;
        try
        {
            response = readAt is { } etag
                ? await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)
                : await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            throw new StaleRecordException($"people/{requirement.PersonUpn}/{requirement.Key}");
        }

        await SyncOwedAsync(table, requirement, cancellationToken).ConfigureAwait(false);
        return new StoredRequirement(requirement, response.Headers.ETag ?? default);
    }

    /// <summary>
    /// Changes one person's record of a subject: reads it, asks <paramref name="change"/> for the next state (null: nothing to
    /// write; a refusal: nothing written), and writes it at the version read. A change made meanwhile (an import, the daily
    /// sync) is read again and <paramref name="change"/> applied to it, up to three times, so neither side is lost.
    /// </summary>
    public async Task<Outcome<PersonRequirement>?> ChangeAsync(
        RequirementKind kind, string subjectId, string upn, Func<PersonRequirement?, Outcome<PersonRequirement>?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(kind, subjectId, upn, cancellationToken).ConfigureAwait(false);
            var next = change(current?.Value);
            if (next is not { IsSuccess: true })
            {
                return next;
            }

            try
            {
                return Outcome.Success((await SaveAsync(next.Value, current?.ETag, cancellationToken).ConfigureAwait(false)).Value);
            }
            catch (StaleRecordException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>
    /// Writes many records of one subject in transactions of a hundred, each guarded by the version read; the records of
    /// a transaction that meets a change made meanwhile are returned for the caller to read again and redo.
    /// </summary>
    public async Task<IReadOnlyList<PersonRequirement>> SaveManyAsync(IReadOnlyList<(PersonRequirement Requirement, ETag? ReadAt)> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var redo = new List<PersonRequirement>();
        foreach (var batch in changes.GroupBy(c => SubjectPartition(c.Requirement.Kind, c.Requirement.SubjectId)).SelectMany(g => g.Chunk(Transaction)))
        {
            var actions = batch.Select(c =>
            {
                var entity = Entity(SubjectPartition(c.Requirement.Kind, c.Requirement.SubjectId), TableKey.Owner(c.Requirement.PersonUpn), c.Requirement);
                return c.ReadAt is { } etag ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, etag) : new TableTransactionAction(TableTransactionActionType.Add, entity);
            }).ToList();
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 or 404)
            {
                redo.AddRange(batch.Select(c => c.Requirement));
                continue;
            }

            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (c, ct) =>
                await SyncOwedAsync(table, c.Requirement, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }

        return redo;
    }

    /// <summary>
    /// What may be owed to whom, one person at a time in key order (the order of <see cref="TableKey.Owner"/>), read as one
    /// key range: a person who owes nothing has no row here, whatever they did before.
    /// </summary>
    public async IAsyncEnumerable<(string OwnerKey, List<PersonRequirement> Owed)> OwedByPersonAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        string? partition = null;
        var current = new List<PersonRequirement>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey gt {"owed|"} and PartitionKey lt {"owed}"}"), maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (partition is not null && partition != entity.PartitionKey && current.Count > 0)
            {
                yield return (partition["owed|".Length..], current);
                current = [];
            }

            partition = entity.PartitionKey;
            current.Add(Read(entity).Value);
        }

        if (partition is not null && current.Count > 0)
        {
            yield return (partition["owed|".Length..], current);
        }
    }

    /// <summary>
    /// What one person may be owed now, each record read by its key (the record wins over a copy): the requirements
    /// named by <paramref name="keys"/> (<c>{kind}|{id}</c>), or, when null, those of the person's owed copies.
    /// </summary>
    public async Task<IReadOnlyList<PersonRequirement>> OwedOfAsync(string upn, IReadOnlyList<string>? keys, CancellationToken cancellationToken)
    {
        var named = new List<(RequirementKind Kind, string SubjectId)>();
        if (keys is null)
        {
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {OwedPartition(upn)}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var copy = Read(entity).Value;
                named.Add((copy.Kind, copy.SubjectId));
            }
        }
        else
        {
            foreach (var key in keys)
            {
                if (PersonRequirement.TryParseKey(key, out var kind, out var subjectId))
                {
                    named.Add((kind, subjectId));
                }
            }
        }

        var today = clock.Today;
        var owed = new List<PersonRequirement>();
        foreach (var (kind, subjectId) in named)
        {
            var record = await GetAsync(kind, subjectId, upn, cancellationToken).ConfigureAwait(false);
            if (record is not null && record.Value.IsChased(today))
            {
                owed.Add(record.Value);
            }
        }

        return owed;
    }

    private async Task SyncOwedAsync(TableClient table, PersonRequirement requirement, CancellationToken cancellationToken)
    {
        var partition = OwedPartition(requirement.PersonUpn);
        if (requirement.IsChased(clock.Today))
        {
            await table.UpsertEntityAsync(Entity(partition, OwedRow(requirement), requirement), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await table.DeleteEntityAsync(partition, OwedRow(requirement), ETag.All, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TableEntity Entity(string partition, string row, PersonRequirement requirement) => new(partition, row)
    {
        [Json] = JsonSerializer.Serialize(requirement, IsmsJson.Options),
        ["Upn"] = requirement.PersonUpn,
        ["DueDate"] = requirement.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static StoredRequirement Read(TableEntity entity) =>
        new(JsonSerializer.Deserialize<PersonRequirement>(entity.GetString(Json), IsmsJson.Options)!, entity.ETag);

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => storage.TableAsync(TableNames.PeopleRecords, cancellationToken);
}
