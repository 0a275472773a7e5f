using System.Text.Json;
using Azure.Storage.Queues;
using Isms.Core.Reminders;
using Isms.Core.Time;
using Isms.Functions.Platform;
using Isms.Functions.Registers;
using Isms.Functions.Storage;

namespace Isms.Functions.Chasing;

/// <summary>
/// Business mornings: works out who is owed which reminder and queues one message per owner. It reads only
/// open actions (one key range, whatever the number of closed ones), what people may owe (documents to acknowledge,
/// training; one key range) and the risk and document registers (each review date),
/// asks the ladder what each is owed today,
/// and leaves out stages the ledger has as sent or being sent, so a timer fired twice queues nothing twice. A message names
/// up to <see cref="OwnersPerMessage"/> owners.
/// Owners are queued while the actions are still being read, so sending starts within the first page.
/// </summary>
public sealed partial class ChasePlanner(
    CorrectiveActionRegister actions,
    CorrectiveActionSubjects subjects,
    ReviewSubjects reviewSubjects,
    RequirementSubjects requirements,
    ReminderLadder ladder,
    ReminderLedger ledger,
    ReminderRunStore runs,
    IsmsStorage storage,
    OrganisationClock clock,
    IOptions<ChasingOptions> options,
    ILogger<ChasePlanner> logger)
{
    public const string PoisonQueue = QueueNames.Reminders + "-poison";

    /// <summary>Open actions read between two hand-overs of planned owners (one Table page).</summary>
    private const int PlanningBatch = 1000;

    /// <summary>
    /// Owners named by one queue message: 50,000 people are 2,000 messages, not 50,000. Fewer queue transactions in
    /// Azure, and the queue stays short enough for Azurite, whose every queue operation reads all the queue's messages.
    /// </summary>
    public const int OwnersPerMessage = 25;

    /// <summary>The text one message may carry before Base64 (which makes 64 KiB of 48 KiB), with room to spare.</summary>
    private const int MessageChars = 32_000;

    /// <summary>Plans today's reminders and queues one message per owner owed anything; records the run.</summary>
    public async Task<ReminderRunStart> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = clock.Now;
        var runId = ReminderRunStore.NewRunId(startedAt);
        var today = clock.Today;

        // Owners are planned and queued as the open actions stream in (they arrive owner by owner, in partition
        // order), so the first digests go out while the rest are still being read.
        var counts = new RunCounts();
        var isBusinessDay = ladder.Calendar.IsBusinessDay(today);
        var queue = await storage.QueueAsync(QueueNames.Reminders, cancellationToken).ConfigureAwait(false);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Parallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(OwedByOwnerAsync(today, counts, cancellationToken).Chunk(OwnersPerMessage), parallel, async (chunk, ct) =>
        {
            var due = new List<ReminderOwner>();
            foreach (var owner in chunk)
            {
                var entries = await ledger.ReadAsync(owner.OwnerUpn, owner.Owed, ct).ConfigureAwait(false);
                var statuses = owner.Owed.Select(o => ledger.StatusOf(entries.GetValueOrDefault(ReminderLedger.Row(o)))).ToList();
                var free = statuses.Count(s => s == StageStatus.Free);
                Interlocked.Add(ref counts.AlreadySent, statuses.Count(s => s == StageStatus.Done));
                Interlocked.Add(ref counts.InProgress, statuses.Count(s => s == StageStatus.InProgress));
                if (free > 0)
                {
                    due.Add(new ReminderOwner(owner.OwnerUpn, RequirementSubjects.KeysOf(owner.Owed.Select(o => o.Subject))));
                    Interlocked.Add(ref counts.Owed, free);
                    Interlocked.Increment(ref counts.Queued);
                }
            }

            foreach (var message in Messages(runId, today, due))
            {
                await EnqueueAsync(queue, message, ct).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        var (poisonCount, poisonOwners) = await PoisonAsync(cancellationToken).ConfigureAwait(false);
        var run = new ReminderRunStart(
            runId, today, isBusinessDay, startedAt, clock.Now, counts.Open, counts.Owed, counts.Queued, counts.Snoozed, counts.AlreadySent, counts.InProgress, poisonCount, poisonOwners);
        await runs.SaveAsync(run, cancellationToken).ConfigureAwait(false);
        LogRun(logger, runId, today, counts.Open, counts.Owed, counts.Queued, counts.Snoozed, counts.AlreadySent, counts.InProgress);
        if (poisonCount > 0)
        {
            LogPoison(logger, poisonCount, PoisonQueue, string.Join(", ", poisonOwners));
        }

        return run;
    }

    /// <summary>
    /// Streams the open actions and yields each owner's owed items once all of that owner's actions are read.
    /// Open actions live in partitions <c>open|{owner}</c> and a query returns partitions in order, so an owner's
    /// actions arrive together. Every page's worth of owners has its findings' controls read in one go (one query
    /// per audit), so the digests, sent in this process, read no finding.
    /// </summary>
    private async IAsyncEnumerable<OwnerOwed> OwedByOwnerAsync(DateOnly today, RunCounts counts, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var ready = new List<OwnerOwed>();

        // Reviews (risks, documents) and what people are asked (documents to acknowledge, training) join their owner's actions, so a
        // person gets one digest. Actions and requirements both arrive person by person in key order and are merged;
        // owners with only reviews come last.
        var reviews = await reviewSubjects.ByOwnerAsync(cancellationToken).ConfigureAwait(false);
        var read = 0;
        await foreach (var (_, owned) in MergeAsync(OpenByOwnerAsync(cancellationToken), requirements.ByPersonAsync(today, cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            read += owned.Count;
            Plan(owned);
            if (read >= PlanningBatch && ready.Count > 0)
            {
                read = 0;
                foreach (var owner in await HandOverAsync().ConfigureAwait(false))
                {
                    yield return owner;
                }
            }
        }

        foreach (var owned in reviews.Values.ToList())
        {
            Plan(owned);
        }

        foreach (var owner in await HandOverAsync().ConfigureAwait(false))
        {
            yield return owner;
        }

        // The owners planned so far, their findings' controls read in one go, and the list emptied for the next ones.
        async Task<List<OwnerOwed>> HandOverAsync()
        {
            var batch = ready;
            ready = [];
            await subjects.PrimeAsync(batch.SelectMany(o => o.Owed).Select(o => o.Subject.FindingId), cancellationToken).ConfigureAwait(false);
            return batch;
        }

        void Plan(List<ReminderSubject> owned)
        {
            if (reviews.Remove(owned[0].OwnerUpn.Trim(), out var risksOwned) && !ReferenceEquals(risksOwned, owned))
            {
                owned.AddRange(risksOwned);
            }

            counts.Open += owned.Count;
            var plan = ladder.Plan(owned, today);
            counts.Snoozed += plan.Snoozed.Count;
            if (plan.Owed.Count > 0)
            {
                ready.Add(new OwnerOwed(owned[0].OwnerUpn.Trim(), plan.Owed));
            }
        }
    }

    /// <summary>Open actions grouped by owner: partitions <c>open|{owner}</c> arrive in key order.</summary>
    private async IAsyncEnumerable<(string OwnerKey, List<ReminderSubject> Owned)> OpenByOwnerAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? partition = null;
        var current = new List<ReminderSubject>();
        await foreach (var action in actions.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            if (current.Count > 0 && !string.Equals(partition, action.PartitionKey, StringComparison.Ordinal))
            {
                yield return (partition!["open|".Length..], current);
                current = [];
            }

            partition = action.PartitionKey;
            current.Add(subjects.ForPlanning(action.Value));
        }

        if (current.Count > 0)
        {
            yield return (partition!["open|".Length..], current);
        }
    }

    /// <summary>Two streams of owners in key order as one: an owner in both gets one list.</summary>
    private static async IAsyncEnumerable<(string OwnerKey, List<ReminderSubject> Owned)> MergeAsync(
        IAsyncEnumerable<(string OwnerKey, List<ReminderSubject> Owned)> first,
        IAsyncEnumerable<(string OwnerKey, List<ReminderSubject> Owned)> second,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var a = first.GetAsyncEnumerator(cancellationToken);
        var b = second.GetAsyncEnumerator(cancellationToken);
        try
        {
            var hasA = await a.MoveNextAsync().ConfigureAwait(false);
            var hasB = await b.MoveNextAsync().ConfigureAwait(false);
            while (hasA || hasB)
            {
                var order = !hasA ? 1 : !hasB ? -1 : string.CompareOrdinal(a.Current.OwnerKey, b.Current.OwnerKey);
                if (order < 0)
                {
                    yield return a.Current;
                    hasA = await a.MoveNextAsync().ConfigureAwait(false);
                }
                else if (order > 0)
                {
                    yield return b.Current;
                    hasB = await b.MoveNextAsync().ConfigureAwait(false);
                }
                else
                {
                    yield return (a.Current.OwnerKey, [.. a.Current.Owned, .. b.Current.Owned]);
                    hasA = await a.MoveNextAsync().ConfigureAwait(false);
                    hasB = await b.MoveNextAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await a.DisposeAsync().ConfigureAwait(false);
            await b.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The owners due a digest, a few to a message, and never more text in one than a queue message holds (64 KiB after
    /// Base64: a person asked to acknowledge hundreds of documents travels in a message of their own).
    /// </summary>
    public static IEnumerable<ReminderMessage> Messages(string runId, DateOnly today, IReadOnlyList<ReminderOwner> due)
    {
        var batch = new List<ReminderOwner>();
        var size = 0;
        foreach (var named in due)
        {
            // Keys too many for a message are left for the sender to read from the person's owed copies.
            var keysSize = named.Requirements?.Sum(r => r.Length + 3) ?? 0;
            var owner = keysSize > MessageChars / 2 ? named with { Requirements = null } : named;
            var ownerSize = owner.OwnerUpn.Length + (owner.Requirements is null ? 0 : keysSize) + 40;
            if (batch.Count > 0 && (batch.Count == OwnersPerMessage || size + ownerSize > MessageChars))
            {
                yield return new ReminderMessage(runId, today, batch);
                batch = [];
                size = 0;
            }

            batch.Add(owner);
            size += ownerSize;
        }

        if (batch.Count > 0)
        {
            yield return new ReminderMessage(runId, today, batch);
        }
    }

    /// <summary>Queues a reminder message as the sender reads it.</summary>
    public static async Task EnqueueAsync(QueueClient queue, ReminderMessage message, CancellationToken cancellationToken) =>
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

        var owners = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var peeked = await poison.PeekMessagesAsync(32, cancellationToken).ConfigureAwait(false);
        foreach (var message in peeked.Value)
        {
            try
            {
                if (JsonSerializer.Deserialize<ReminderMessage>(message.Body.ToString(), IsmsJson.Options) is { } m)
                {
                    owners.UnionWith(m.Recipients.Select(r => r.OwnerUpn));
                }
            }
            catch (JsonException)
            {
                owners.Add("(unreadable message " + message.MessageId + ")");
            }
        }

        return (count, [.. owners.Order(StringComparer.OrdinalIgnoreCase)]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder run {RunId} for {Date}: {OpenActions} open actions, {Owed} items owed to {Owners} owners queued, {Snoozed} snoozed, {AlreadySent} already sent, {InProgress} being sent by another run")]
    private static partial void LogRun(ILogger logger, string runId, DateOnly date, int openActions, int owed, int owners, int snoozed, int alreadySent, int inProgress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} reminder messages are in {PoisonQueue} and need a person: {Owners}")]
    private static partial void LogPoison(ILogger logger, int count, string poisonQueue, string owners);
}

/// <summary>One owner's items owed today, as planned by the timer.</summary>
internal sealed record OwnerOwed(string OwnerUpn, IReadOnlyList<OwedReminder> Owed);

/// <summary>The timer's counts; the reading side is single-threaded, the queueing side uses Interlocked.</summary>
internal sealed class RunCounts
{
    public int Open;
    public int Snoozed;
    public int Owed;
    public int Queued;
    public int AlreadySent;
    public int InProgress;
}
