using Azure;
using Azure.Data.Tables;
using Isms.Core.Reminders;
using Isms.Functions.Storage;

namespace Isms.Functions.Chasing;

public enum LedgerState
{
    /// <summary>A run is sending this stage now (or crashed while it did).</summary>
    Claimed,

    /// <summary>Sent: never sent again.</summary>
    Sent,

    /// <summary>Could not be sent for a permanent reason (unknown owner); reported, not retried.</summary>
    Failed,
}

/// <summary>One stage of one item in the ledger.</summary>
public sealed record LedgerEntry(LedgerState State, DateTimeOffset? ClaimedAt, ETag ETag);

/// <summary>A stage this invocation holds: it may send it, then must confirm or release it.</summary>
public sealed record LedgerClaim(OwedReminder Owed, string RowKey, ETag ETag);

/// <summary>
/// The reminder ledger: one row per item and stage (row key = action id + <see cref="ReminderLadder.LedgerKey"/>),
/// grouped in one partition per owner so that a digest's stages are claimed together in one entity-group
/// transaction. A stage is claimed by a conditional insert before the digest is sent and confirmed after;
/// a claim older than <see cref="ChasingOptions.ClaimTimeout"/> was left by a crash and is taken over with
/// its ETag, so exactly one taker wins; a confirmed (or permanently failed) stage is never claimed again.
/// </summary>
public sealed class ReminderLedger(IsmsStorage storage, TimeProvider time, IOptions<ChasingOptions> options)
{
    private const int MaxBatch = 100;
    private const int ClaimAttempts = 5;

    public static string Partition(string ownerUpn) => "owner|" + TableKey.Owner(ownerUpn);

    /// <summary>
    /// The stage's row: the item and <see cref="ReminderLadder.LedgerKey"/>. An item many people are owed (a version to
    /// acknowledge, a course) carries the person as well, so that no two rows of the table share a row key: the Table
    /// service does not care, but Azurite finds a row by its row key first, and 50,000 claims of one acknowledgement under
    /// one row key made each claim scan them all.
    /// </summary>
    public static string Row(OwedReminder owed)
    {
        ArgumentNullException.ThrowIfNull(owed);
        var row = TableKey.Encode(owed.Subject.ItemId) + "|" + ReminderLadder.LedgerKey(owed.Subject, owed.Stage);
        return owed.Subject.Kind is ReminderKind.Acknowledgement or ReminderKind.Training ? row + "|" + TableKey.Owner(owed.Subject.OwnerUpn) : row;
    }

    /// <summary>
    /// The ledger's rows of these stages: a few are read by their keys (a point read each, the cheapest read of the Table
    /// service, and the one Azurite answers without scanning the table); more, with the owner's partition in one query.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, LedgerEntry>> ReadAsync(string ownerUpn, IReadOnlyCollection<OwedReminder> owed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owed);
        if (owed.Count > PointReads)
        {
            return await ReadAsync(ownerUpn, cancellationToken).ConfigureAwait(false);
        }

        var table = await storage.TableAsync(TableNames.ReminderLedger, cancellationToken).ConfigureAwait(false);
        var entries = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        foreach (var row in owed.Select(Row).Distinct(StringComparer.Ordinal))
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition(ownerUpn), row, select: EntryColumns, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (found.HasValue)
            {
                entries[row] = Entry(found.Value!);
            }
        }

        return entries;
    }

    public async Task<IReadOnlyDictionary<string, LedgerEntry>> ReadAsync(string ownerUpn, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableNames.ReminderLedger, cancellationToken).ConfigureAwait(false);
        var entries = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        var partition = Partition(ownerUpn);
        // Only what StatusOf and a take-over need: the partition holds every stage ever sent to the owner.
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: EntryColumns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries[e.RowKey] = Entry(e);
        }

        return entries;
    }

    /// <summary>Stages of one owner read one by one rather than with their partition.</summary>
    private const int PointReads = 3;

    private static readonly string[] EntryColumns = ["RowKey", "State", "ClaimedAt"];

    private static LedgerEntry Entry(TableEntity e) => new(
        Enum.TryParse<LedgerState>(e.GetString("State"), out var state) ? state : LedgerState.Claimed,
        e.GetDateTimeOffset("ClaimedAt"),
        e.ETag);

    /// <summary>What the ledger says about an owed stage: free to claim, being sent by someone else, or done.</summary>
    public StageStatus StatusOf(LedgerEntry? entry) => entry switch
    {
        null => StageStatus.Free,
        { State: LedgerState.Sent or LedgerState.Failed } => StageStatus.Done,
        { ClaimedAt: { } at } when time.GetUtcNow() - at < options.Value.ClaimTimeout => StageStatus.InProgress,
        _ => StageStatus.Free,
    };

    /// <summary>
    /// Claims every owed stage that is free. A transaction that loses a race (409 or 412) is re-read and
    /// retried with what is still free, so two concurrent callers split the stages between them.
    /// </summary>
    public async Task<IReadOnlyList<LedgerClaim>> ClaimAsync(string ownerUpn, IReadOnlyList<OwedReminder> owed, string claimant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owed);
        var table = await storage.TableAsync(TableNames.ReminderLedger, cancellationToken).ConfigureAwait(false);
        var partition = Partition(ownerUpn);
        var wanted = owed.DistinctBy(Row).ToList();
        var claims = new List<LedgerClaim>();
        for (var attempt = 0; attempt < ClaimAttempts && wanted.Count > 0; attempt++)
        {
            // First try plain inserts without reading: on a first send (the usual case) none of the rows exists,
            // and one transaction claims them all. Any row that does exist fails the whole transaction with 409,
            // and then the partition is read to see which stages are free, taken over or done.
            var ledger = attempt == 0 && wanted.Count <= MaxBatch
                ? new Dictionary<string, LedgerEntry>(StringComparer.Ordinal)
                : await ReadAsync(ownerUpn, cancellationToken).ConfigureAwait(false);
            var free = wanted.Where(o => StatusOf(ledger.GetValueOrDefault(Row(o))) == StageStatus.Free).ToList();
            var lost = false;
            foreach (var chunk in free.Chunk(MaxBatch))
            {
                var now = time.GetUtcNow();
                var actions = chunk.Select(o =>
                {
                    var entity = new TableEntity(partition, Row(o))
                    {
                        ["ActionId"] = o.Subject.ItemId,
                        ["OwnerUpn"] = o.Subject.OwnerUpn,
                        ["LedgerKey"] = ReminderLadder.LedgerKey(o.Subject, o.Stage),
                        ["Stage"] = o.Stage.Key,
                        ["State"] = nameof(LedgerState.Claimed),
                        ["ClaimedAt"] = now,
                        ["ClaimedBy"] = claimant,
                    };
                    return ledger.TryGetValue(entity.RowKey, out var stale)
                        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, stale.ETag)
                        : new TableTransactionAction(TableTransactionActionType.Add, entity);
                }).ToList();
                try
                {
                    var response = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        claims.Add(new LedgerClaim(chunk[i], actions[i].Entity.RowKey, response.Value[i].Headers.ETag ?? default));
                    }
                }
                catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
                {
                    lost = true;
                }
            }

            var claimedRows = claims.Select(c => c.RowKey).ToHashSet(StringComparer.Ordinal);
            wanted = lost ? [.. wanted.Where(o => !claimedRows.Contains(Row(o)))] : [];
        }

        return claims;
    }

    /// <summary>Marks claimed stages sent. Unconditional: once mailed, a stage must never be sent again.</summary>
    public Task ConfirmAsync(string ownerUpn, IReadOnlyList<LedgerClaim> claims, string runId, CancellationToken cancellationToken) =>
        SettleAsync(ownerUpn, claims, LedgerState.Sent, new Dictionary<string, object> { ["SentAt"] = time.GetUtcNow(), ["RunId"] = runId }, cancellationToken);

    /// <summary>Records a permanent failure on each stage (and so on each item), which is then not retried.</summary>
    public Task FailAsync(string ownerUpn, IReadOnlyList<LedgerClaim> claims, string error, CancellationToken cancellationToken) =>
        SettleAsync(ownerUpn, claims, LedgerState.Failed, new Dictionary<string, object> { ["FailedAt"] = time.GetUtcNow(), ["Error"] = Truncate(error) }, cancellationToken);

    /// <summary>Gives claims back after a transient failure so that the retry can take them at once; best effort.</summary>
    public async Task ReleaseAsync(string ownerUpn, IReadOnlyList<LedgerClaim> claims, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var table = await storage.TableAsync(TableNames.ReminderLedger, cancellationToken).ConfigureAwait(false);
        foreach (var claim in claims.Where(c => c.ETag != default))
        {
            try
            {
                await table.DeleteEntityAsync(Partition(ownerUpn), claim.RowKey, claim.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Taken over or gone: nothing of ours to give back.
            }
        }
    }

    private async Task SettleAsync(string ownerUpn, IReadOnlyList<LedgerClaim> claims, LedgerState state, Dictionary<string, object> columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var table = await storage.TableAsync(TableNames.ReminderLedger, cancellationToken).ConfigureAwait(false);
        foreach (var chunk in claims.Chunk(MaxBatch))
        {
            var actions = chunk.Select(c =>
            {
                var entity = new TableEntity(Partition(ownerUpn), c.RowKey) { ["State"] = state.ToString() };
                foreach (var (name, value) in columns)
                {
                    entity[name] = value;
                }

                return new TableTransactionAction(TableTransactionActionType.UpsertMerge, entity);
            });
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Truncate(string text) => text.Length > 2000 ? text[..2000] : text;
}

public enum StageStatus
{
    Free,
    InProgress,
    Done,
}
