using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Queues;
using Isms.Core.Reminders;
using Isms.Functions.Platform;
using Isms.Functions.Registers;
using Isms.Functions.Storage;

namespace Isms.Functions.Chasing;

/// <summary>
/// Business mornings: works out who is owed which reminder and queues one message per owner. It reads only
/// open actions (one key range, whatever the number of closed ones), asks the ladder what each is owed today,
/// and leaves out stages the ledger has as sent or being sent, so a timer fired twice queues nothing twice.
/// </summary>
public sealed partial class ChaseCorrectiveActionsFunction(
    CorrectiveActionRegister actions,
    CorrectiveActionSubjects subjects,
    ReminderLadder ladder,
    ReminderLedger ledger,
    ReminderRunStore runs,
    IsmsStorage storage,
    TimeProvider time,
    IOptions<ChasingOptions> options,
    ILogger<ChaseCorrectiveActionsFunction> logger)
{
    public const string PoisonQueue = QueueNames.Reminders + "-poison";

    [Function("ChaseCorrectiveActions")]
    public async Task Run([TimerTrigger("%ChaseSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var runId = ReminderRunStore.NewRunId(startedAt);
        var today = BusinessCalendar.Today(time);

        var open = new List<ReminderSubject>();
        await foreach (var action in actions.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            open.Add(subjects.ForPlanning(action.Value));
        }

        var plan = ladder.Plan(open, today);
        int owedItems = 0, queued = 0, alreadySent = 0, inProgress = 0;
        if (plan.Owed.Count > 0)
        {
            var queue = await storage.QueueAsync(QueueNames.Reminders, cancellationToken).ConfigureAwait(false);
            var byOwner = plan.Owed.GroupBy(o => o.Subject.OwnerUpn.Trim(), StringComparer.OrdinalIgnoreCase).ToList();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Parallelism), CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(byOwner, parallel, async (owner, ct) =>
            {
                var entries = await ledger.ReadAsync(owner.Key, ct).ConfigureAwait(false);
                var statuses = owner.Select(o => ledger.StatusOf(entries.GetValueOrDefault(ReminderLedger.Row(o)))).ToList();
                var free = statuses.Count(s => s == StageStatus.Free);
                Interlocked.Add(ref alreadySent, statuses.Count(s => s == StageStatus.Done));
                Interlocked.Add(ref inProgress, statuses.Count(s => s == StageStatus.InProgress));
                if (free > 0)
                {
                    await EnqueueAsync(queue, new ReminderMessage(runId, owner.Key, today), ct).ConfigureAwait(false);
                    Interlocked.Add(ref owedItems, free);
                    Interlocked.Increment(ref queued);
                }
            }).ConfigureAwait(false);
        }

        var (poisonCount, poisonOwners) = await PoisonAsync(cancellationToken).ConfigureAwait(false);
        var run = new ReminderRunStart(
            runId, today, plan.IsBusinessDay, startedAt, time.GetUtcNow(), open.Count, owedItems, queued, plan.Snoozed.Count, alreadySent, inProgress, poisonCount, poisonOwners);
        await runs.SaveAsync(run, cancellationToken).ConfigureAwait(false);
        LogRun(logger, runId, today, open.Count, owedItems, queued, plan.Snoozed.Count, alreadySent, inProgress);
        if (poisonCount > 0)
        {
            LogPoison(logger, poisonCount, PoisonQueue, string.Join(", ", poisonOwners));
        }
    }

    private static async Task EnqueueAsync(QueueClient queue, ReminderMessage message, CancellationToken cancellationToken) =>
        await queue.SendMessageAsync(JsonSerializer.Serialize(message, IsmsJson.Options), cancellationToken).ConfigureAwait(false);

    /// <summary>Messages that failed five times wait in the poison queue for a person; each run reports them.</summary>
    private async Task<(int Count, IReadOnlyList<string> Owners)> PoisonAsync(CancellationToken cancellationToken)
    {
        var poison = await storage.QueueAsync(PoisonQueue, cancellationToken).ConfigureAwait(false);
        var properties = await poison.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
        var count = properties.Value.ApproximateMessagesCount;
        if (count == 0)
        {
            return (0, []);
        }

        var owners = new ConcurrentBag<string>();
        var peeked = await poison.PeekMessagesAsync(32, cancellationToken).ConfigureAwait(false);
        foreach (var message in peeked.Value)
        {
            try
            {
                if (JsonSerializer.Deserialize<ReminderMessage>(message.Body.ToString(), IsmsJson.Options) is { } m)
                {
                    owners.Add(m.OwnerUpn);
                }
            }
            catch (JsonException)
            {
                owners.Add("(unreadable message " + message.MessageId + ")");
            }
        }

        return (count, [.. owners.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder run {RunId} for {Date}: {OpenActions} open actions, {Owed} items owed to {Owners} owners queued, {Snoozed} snoozed, {AlreadySent} already sent, {InProgress} being sent by another run")]
    private static partial void LogRun(ILogger logger, string runId, DateOnly date, int openActions, int owed, int owners, int snoozed, int alreadySent, int inProgress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} reminder messages are in {PoisonQueue} and need a person: {Owners}")]
    private static partial void LogPoison(ILogger logger, int count, string poisonQueue, string owners);
}
