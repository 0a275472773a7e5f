using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Evidence;

/// <summary>
/// Evidence records in Table Storage, each in its own partition, and an index that makes "evidence of this
/// control" one partition read and "latest evidence of every control" one key range. The record is written
/// first and the index after it: a crash in between leaves evidence that is readable by id and re-indexed by
/// its next version, never an index entry pointing at nothing (which would make a control look covered).
/// </summary>
public sealed class EvidenceRegister(RecordStore store, IsmsStorage storage, IOptions<StorageOptions> storageOptions)
{
    /// <summary>The RowKey of every evidence record (one partition per record).</summary>
    public const string Row = "evidence";
    private const string ControlPrefix = "control|";
    private const string ActionPrefix = "ca|";
    private const string AuditPrefix = "audit|";

    public static RecordKey Key(string id) => new(TableNames.Evidence, id, Row, $"evidence/{id}");

    /// <summary>Versions as rows of their own beside the record (<c>evidence|versions|000001</c>): a record never outgrows a row.</summary>
    public static readonly IRowList<EvidenceRecord> Versions =
        new RowList<EvidenceRecord, EvidenceVersion>("versions", r => r.Versions, (r, versions) => r with { Versions = versions });

    public Task<BlobContainerClient> ContainerAsync(CancellationToken cancellationToken) =>
        storage.ContainerAsync(storageOptions.Value.EvidenceContainer, cancellationToken);

    public Task<Stored<EvidenceRecord>?> GetAsync(string id, CancellationToken cancellationToken) =>
        RecordIds.IsWellFormed(id) ? store.GetAsync(Key(id), Versions, cancellationToken) : Task.FromResult<Stored<EvidenceRecord>?>(null);

    public async Task<Stored<EvidenceRecord>> InsertAsync(EvidenceRecord record, Caller caller, CancellationToken cancellationToken)
    {
        var saved = await store.InsertAsync(Key(record.Id), record, caller, Columns(record), Versions, cancellationToken).ConfigureAwait(false);
        await IndexAsync(null, record, cancellationToken).ConfigureAwait(false);
        return saved;
    }

    public async Task<Stored<EvidenceRecord>> ReplaceAsync(Stored<EvidenceRecord> before, EvidenceRecord after, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        var saved = await store.ReplaceAsync(Key(after.Id), before, after, caller, Columns(after), Versions, cancellationToken).ConfigureAwait(false);
        await IndexAsync(before.Value, after, cancellationToken).ConfigureAwait(false);
        return saved;
    }

    /// <summary>Evidence linked to a control, a corrective action and/or an audit; without filters, all of it.</summary>
    public async Task<IReadOnlyList<Stored<EvidenceRecord>>> ListAsync(string? controlId, string? correctiveActionId, string? auditId, CancellationToken cancellationToken)
    {
        var partition = controlId is not null ? TableKey.Prefixed(ControlPrefix, controlId)
            : correctiveActionId is not null ? TableKey.Prefixed(ActionPrefix, correctiveActionId)
            : auditId is not null ? TableKey.Prefixed(AuditPrefix, auditId)
            : null;
        var found = new List<Stored<EvidenceRecord>>();
        if (partition is null)
        {
            // The whole table: each record's partition holds the record and its versions, read in the same pages.
            await foreach (var record in store.QueryAsync(TableNames.Evidence, null, Versions, cancellationToken).ConfigureAwait(false))
            {
                found.Add(record);
            }
        }
        else
        {
            var index = await storage.TableAsync(TableNames.EvidenceIndex, cancellationToken).ConfigureAwait(false);
            var ids = new List<string>();
            await foreach (var row in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                ids.Add(row.RowKey);
            }

            var records = await Task.WhenAll(ids.Select(id => store.GetAsync(Key(id), Versions, cancellationToken))).ConfigureAwait(false);
            found.AddRange(records.OfType<Stored<EvidenceRecord>>());
        }

        return [.. found
            .Where(r => controlId is null || r.Value.ControlIds.Contains(controlId, StringComparer.OrdinalIgnoreCase))
            .Where(r => correctiveActionId is null || r.Value.CorrectiveActionId == correctiveActionId)
            .Where(r => auditId is null || r.Value.AuditId == auditId)
            .OrderBy(r => r.Value.Versions[0].UploadedAt)
            .ThenBy(r => r.Value.Id, StringComparer.Ordinal)];
    }

    /// <summary>Per control, the latest effective date of its evidence that is not after <paramref name="today"/>: one key range.</summary>
    public Task<IReadOnlyDictionary<string, DateOnly>> LatestEffectiveDatesAsync(DateOnly today, CancellationToken cancellationToken) =>
        LatestEffectiveDatesAsync(TableClient.CreateQueryFilter($"PartitionKey ge {ControlPrefix} and PartitionKey lt {"control}"}"), today, cancellationToken);

    /// <summary>The latest effective date of one control's evidence that is not after <paramref name="today"/>: one partition.</summary>
    public async Task<DateOnly?> LatestEffectiveDateAsync(string controlId, DateOnly today, CancellationToken cancellationToken)
    {
        var latest = await LatestEffectiveDatesAsync(TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Prefixed(ControlPrefix, controlId)}"), today, cancellationToken).ConfigureAwait(false);
        return latest.TryGetValue(controlId, out var date) ? date : null;
    }

    private async Task<IReadOnlyDictionary<string, DateOnly>> LatestEffectiveDatesAsync(string filter, DateOnly today, CancellationToken cancellationToken)
    {
        var index = await storage.TableAsync(TableNames.EvidenceIndex, cancellationToken).ConfigureAwait(false);
        var latest = new Dictionary<string, DateOnly>(StringComparer.OrdinalIgnoreCase);
        await foreach (var row in index.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "EffectiveDate"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (!DateOnly.TryParseExact(row.GetString("EffectiveDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var effective) || effective > today)
            {
                continue;
            }

            var control = TableKey.Decode(row.PartitionKey[ControlPrefix.Length..]);
            if (!latest.TryGetValue(control, out var known) || effective > known)
            {
                latest[control] = effective;
            }
        }

        return latest;
    }

    /// <summary>Evidence whose retention ended before <paramref name="today"/> and that is not on hold (the columns pre-filter; the caller decides).</summary>
    public async Task<IReadOnlyList<Stored<EvidenceRecord>>> PastRetentionAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var found = new List<Stored<EvidenceRecord>>();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {Row} and RetainUntil lt {Iso(today)} and LegalHold eq {false}");
        await foreach (var record in store.QueryAsync(TableNames.Evidence, filter, Versions, cancellationToken).ConfigureAwait(false))
        {
            found.Add(record);
        }

        return found;
    }

    /// <summary>Removes the record and its index rows (after its blobs are gone); the disposal record is the caller's.</summary>
    public async Task DeleteAsync(Stored<EvidenceRecord> stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var index = await storage.TableAsync(TableNames.EvidenceIndex, cancellationToken).ConfigureAwait(false);
        foreach (var partition in IndexPartitions(stored.Value))
        {
            try
            {
                await index.DeleteEntityAsync(partition, stored.Value.Id, ETag.All, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Never indexed, or removed by an earlier run that stopped half way.
            }
        }

        await store.DeleteAsync(Key(stored.Value.Id), stored.ETag, Versions, cancellationToken).ConfigureAwait(false);
    }

    private async Task IndexAsync(EvidenceRecord? before, EvidenceRecord after, CancellationToken cancellationToken)
    {
        var index = await storage.TableAsync(TableNames.EvidenceIndex, cancellationToken).ConfigureAwait(false);
        var wanted = IndexPartitions(after).ToHashSet(StringComparer.Ordinal);
        foreach (var partition in wanted)
        {
            var row = new TableEntity(partition, TableKey.Checked(after.Id)) { ["EffectiveDate"] = Iso(after.EffectiveDate) };
            await index.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        foreach (var stale in (before is null ? [] : IndexPartitions(before)).Where(p => !wanted.Contains(p)))
        {
            try
            {
                await index.DeleteEntityAsync(stale, after.Id, ETag.All, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Already gone.
            }
        }
    }

    /// <summary>The index partitions that make the record findable by control, corrective action and audit.</summary>
    public static IEnumerable<string> IndexPartitions(EvidenceRecord record)
    {
        foreach (var control in record.ControlIds)
        {
            yield return TableKey.Prefixed(ControlPrefix, control);
        }

        if (record.CorrectiveActionId is not null)
        {
            yield return TableKey.Prefixed(ActionPrefix, record.CorrectiveActionId);
        }

        if (record.AuditId is not null)
        {
            yield return TableKey.Prefixed(AuditPrefix, record.AuditId);
        }
    }

    private static Dictionary<string, object?> Columns(EvidenceRecord record) => new()
    {
        ["RetainUntil"] = Iso(record.Retention.RetainUntil),
        ["LegalHold"] = record.LegalHold,
    };

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
