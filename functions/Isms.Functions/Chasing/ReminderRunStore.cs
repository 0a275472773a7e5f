using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Isms.Functions.Storage;

namespace Isms.Functions.Chasing;

/// <summary>What the timer found when it ran.</summary>
public sealed record ReminderRunStart(
    string RunId,
    DateOnly Date,
    bool IsBusinessDay,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int OpenActions,
    int OwedItems,
    int QueuedOwners,
    int SnoozedItems,
    int AlreadySentItems,
    int InProgressItems,
    int PoisonMessages,
    IReadOnlyList<string> PoisonOwners);

public enum DeliveryOutcome
{
    /// <summary>The digest went out.</summary>
    Sent,

    /// <summary>Nothing was left to send (another run sent it, or the action changed).</summary>
    Nothing,

    /// <summary>A permanent error (unknown owner); the ISMS manager was told.</summary>
    Failed,

    /// <summary>A transient error; the queue retries the message.</summary>
    Retrying,
}

/// <summary>What one <c>SendReminder</c> invocation did for one owner.</summary>
public sealed record ReminderDelivery(string OwnerUpn, DeliveryOutcome Outcome, int SentItems, int FailedItems, string? TeamsStatus, string? Error);

/// <summary>One run as <c>GET /reminder-runs</c> shows it: the timer's counts plus what the senders did so far.</summary>
public sealed record ReminderRunSummary(
    string Id,
    DateOnly Date,
    bool IsBusinessDay,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int OpenActions,
    int Owed,
    int Owners,
    int Snoozed,
    int AlreadySent,
    int InProgress,
    int Sent,
    int Digests,
    int Failed,
    int FailedAttempts,
    int PendingOwners,
    int PoisonMessages,
    IReadOnlyList<string> PoisonOwners,
    IReadOnlyList<ReminderRunFailure> Failures);

public sealed record ReminderRunFailure(string OwnerUpn, string Outcome, string? Error);

/// <summary>
/// Run summaries in table ReminderRuns: partition "runs" holds one row per timer run; partition
/// "run|{id}" one row per owner the run queued, written by the sender. Senders never share a row, so a
/// thousand of them finishing at once do not contend; the summary adds the rows up when it is read.
/// </summary>
public sealed class ReminderRunStore(IsmsStorage storage, TimeProvider time)
{
    private const string RunsPartition = "runs";

    public static string NewRunId(DateTimeOffset startedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{startedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}");

    public async Task SaveAsync(ReminderRunStart run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var table = await storage.TableAsync(TableNames.ReminderRuns, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(
            new TableEntity(RunsPartition, run.RunId)
            {
                ["Date"] = run.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["IsBusinessDay"] = run.IsBusinessDay,
                ["StartedAt"] = run.StartedAt,
                ["FinishedAt"] = run.FinishedAt,
                ["OpenActions"] = run.OpenActions,
                ["OwedItems"] = run.OwedItems,
                ["QueuedOwners"] = run.QueuedOwners,
                ["SnoozedItems"] = run.SnoozedItems,
                ["AlreadySentItems"] = run.AlreadySentItems,
                ["InProgressItems"] = run.InProgressItems,
                ["PoisonMessages"] = run.PoisonMessages,
                ["PoisonOwners"] = string.Join(",", run.PoisonOwners),

                // The wall clock orders runs started in the same instant of the app's clock (a fake one in tests).
                ["WrittenAt"] = DateTimeOffset.UtcNow,
            },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where one owner's outcome in one run is kept: partition "run|{id}", row the owner.</summary>
    public static (string Partition, string Row) DeliveryKey(string runId, string ownerUpn) => (TableKey.Prefixed("run|", runId), TableKey.Owner(ownerUpn));

    /// <summary>Adds one invocation's outcome to the owner's row of the run (a redelivered message adds to it).</summary>
    public async Task RecordAsync(string runId, ReminderDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var table = await storage.TableAsync(TableNames.ReminderRuns, cancellationToken).ConfigureAwait(false);
        var (partition, row) = DeliveryKey(runId, delivery.OwnerUpn);
        // Usually the first word on this owner in this run: one insert, no read.
        try
        {
            await table.AddEntityAsync(Entity(new TableEntity(partition, row), null, delivery), cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // A redelivered message or a second digest: add to what is there.
        }

        for (var attempt = 0; ; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            var entity = existing.HasValue ? existing.Value! : new TableEntity(partition, row);
            var before = existing.HasValue ? Enum.Parse<DeliveryOutcome>(entity.GetString("Outcome") ?? nameof(DeliveryOutcome.Nothing)) : (DeliveryOutcome?)null;
            entity = Entity(entity, before, delivery);
            try
            {
                if (existing.HasValue)
                {
                    await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 5)
            {
                // Two deliveries of the same message at once: read again and add to the newer row.
            }
        }
    }

    private TableEntity Entity(TableEntity entity, DeliveryOutcome? before, ReminderDelivery delivery)
    {
        entity["OwnerUpn"] = delivery.OwnerUpn;
        entity["SentItems"] = (entity.GetInt32("SentItems") ?? 0) + delivery.SentItems;
        entity["FailedItems"] = (entity.GetInt32("FailedItems") ?? 0) + delivery.FailedItems;
        entity["Digests"] = (entity.GetInt32("Digests") ?? 0) + (delivery.Outcome == DeliveryOutcome.Sent ? 1 : 0);
        entity["FailedAttempts"] = (entity.GetInt32("FailedAttempts") ?? 0) + (delivery.Outcome == DeliveryOutcome.Retrying ? 1 : 0);

        // A later "nothing left" (a redelivered message) does not hide that the digest was sent or failed.
        entity["Outcome"] = (before is DeliveryOutcome.Sent or DeliveryOutcome.Failed && delivery.Outcome == DeliveryOutcome.Nothing ? before.Value : delivery.Outcome).ToString();
        entity["TeamsStatus"] = delivery.TeamsStatus ?? entity.GetString("TeamsStatus");
        entity["Error"] = delivery.Error ?? entity.GetString("Error");
        entity["UpdatedAt"] = time.GetUtcNow();
        return entity;
    }

    /// <summary>The newest runs first, each with its senders' outcomes added up.</summary>
    public async Task<IReadOnlyList<ReminderRunSummary>> ListAsync(int top, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableNames.ReminderRuns, cancellationToken).ConfigureAwait(false);
        var runs = new List<TableEntity>();
        await foreach (var run in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {RunsPartition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            runs.Add(run);
        }

        var newest = runs
            .OrderByDescending(r => r.GetDateTimeOffset("StartedAt"))
            .ThenByDescending(r => r.GetDateTimeOffset("WrittenAt"))
            .ThenByDescending(r => r.RowKey, StringComparer.Ordinal)
            .Take(top)
            .ToList();
        var summaries = await Task.WhenAll(newest.Select(r => SummariseAsync(table, r, cancellationToken))).ConfigureAwait(false);
        return summaries;
    }

    private static async Task<ReminderRunSummary> SummariseAsync(TableClient table, TableEntity run, CancellationToken cancellationToken)
    {
        var partition = TableKey.Prefixed("run|", run.RowKey);
        int sent = 0, digests = 0, failed = 0, attempts = 0, finished = 0;
        var failures = new List<ReminderRunFailure>();
        await foreach (var d in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            sent += d.GetInt32("SentItems") ?? 0;
            digests += d.GetInt32("Digests") ?? 0;
            failed += d.GetInt32("FailedItems") ?? 0;
            attempts += d.GetInt32("FailedAttempts") ?? 0;
            var outcome = d.GetString("Outcome") ?? nameof(DeliveryOutcome.Nothing);
            if (outcome != nameof(DeliveryOutcome.Retrying))
            {
                finished++;
            }

            if (outcome is nameof(DeliveryOutcome.Failed) or nameof(DeliveryOutcome.Retrying) || d.GetString("Error") is { Length: > 0 })
            {
                failures.Add(new ReminderRunFailure(d.GetString("OwnerUpn") ?? d.RowKey, outcome, d.GetString("Error")));
            }
        }

        var queued = run.GetInt32("QueuedOwners") ?? 0;
        return new ReminderRunSummary(
            run.RowKey,
            DateOnly.ParseExact(run.GetString("Date") ?? "0001-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture),
            run.GetBoolean("IsBusinessDay") ?? true,
            run.GetDateTimeOffset("StartedAt") ?? default,
            run.GetDateTimeOffset("FinishedAt") ?? default,
            run.GetInt32("OpenActions") ?? 0,
            run.GetInt32("OwedItems") ?? 0,
            queued,
            run.GetInt32("SnoozedItems") ?? 0,
            run.GetInt32("AlreadySentItems") ?? 0,
            run.GetInt32("InProgressItems") ?? 0,
            sent,
            digests,
            failed,
            attempts,
            Math.Max(0, queued - finished),
            run.GetInt32("PoisonMessages") ?? 0,
            (run.GetString("PoisonOwners") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries),
            failures);
    }
}
