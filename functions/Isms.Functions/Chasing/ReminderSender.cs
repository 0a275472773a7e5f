using Isms.Functions.Platform;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Isms.Core.Reminders;
using Isms.Core.Time;
using Isms.Functions.Notifications;
using Isms.Functions.Registers;
using Isms.Functions.Storage;

namespace Isms.Functions.Chasing;

/// <summary>
/// Sends one owner's digest. It works out what the owner is owed now (so an action closed or snoozed since the
/// timer ran is left out), claims those stages in the ledger, sends one message by mail and Teams, and
/// confirms. A transient failure gives the claims back and throws, so the queue retries (and after five
/// tries parks the message in the poison queue, which each run reports); a permanent one (the owner is not
/// in the directory, Graph refuses the mail) is recorded on the stages and reported to the ISMS manager.
/// A crash leaves the claims behind; they expire after <see cref="ChasingOptions.ClaimTimeout"/> and the next
/// run sends them.
/// </summary>
public sealed partial class ReminderSender(
    CorrectiveActionRegister actions,
    CorrectiveActionSubjects subjects,
    ReviewSubjects reviewSubjects,
    RequirementSubjects requirements,
    ReminderLadder ladder,
    ReminderLedger ledger,
    ReminderRunStore runs,
    INotificationChannel channel,
    IPeopleDirectory directory,
    OrganisationClock clock,
    IOptions<ReminderPolicy> policy,
    IOptions<IsmsOptions> isms,
    IOptions<ChasingOptions> options,
    IsmsStorage storage,
    ILogger<ReminderSender> logger)
{
    public const string DigestKind = "CorrectiveActionDigest";
    public const string FailureKind = "ReminderDeliveryFailure";

    /// <summary>
    /// Delivers to each owner <paramref name="message"/> names what they are owed now, a few at a time (the mailbox's own
    /// limits pace the mail). An owner whose delivery failed in a way that may pass is queued again in a message of their
    /// own, so each failing owner is retried, and parked in the poison queue, on their own, and never holds up the
    /// others. A message naming one owner throws instead, so the queue retries it.
    /// </summary>
    public async Task DeliverAsync(ReminderMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var recipients = message.Recipients;
        if (recipients.Count == 1)
        {
            await DeliverToAsync(recipients[0], cancellationToken).ConfigureAwait(false);
            return;
        }

        var failed = new System.Collections.Concurrent.ConcurrentQueue<ReminderRecipient>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = DigestsAtOnce, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(recipients, parallel, async (recipient, ct) =>
        {
            try
            {
                await DeliverToAsync(recipient, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                failed.Enqueue(recipient);
                LogRequeued(logger, ex, recipient.OwnerUpn, message.RunId);
            }
        }).ConfigureAwait(false);

        // Should this fail, the whole message is retried: the ledger keeps those reminded meanwhile from a second mail.
        var queue = failed.IsEmpty ? null : await storage.QueueAsync(QueueNames.Reminders, cancellationToken).ConfigureAwait(false);
        foreach (var recipient in failed)
        {
            await ChasePlanner.EnqueueAsync(
                queue!,
                new ReminderMessage(message.RunId, message.Date, [new ReminderOwner(recipient.OwnerUpn, recipient.Requirements)]),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Digests of one message sent at once: enough that a message's owners do not wait in line behind each other.</summary>
    private const int DigestsAtOnce = 8;

    /// <summary>Delivers what one owner is owed now; throws when the queue should retry.</summary>
    private async Task DeliverToAsync(ReminderRecipient message, CancellationToken cancellationToken)
    {
        var owner = message.OwnerUpn;
        var today = clock.Today;
        var open = new List<ReminderSubject>();
        await foreach (var action in actions.OwnedByAsync(owner, includeClosed: false, cancellationToken).ConfigureAwait(false))
        {
            open.Add(subjects.ForPlanning(action.Value));
        }

        open.AddRange(await reviewSubjects.OwnedByAsync(owner, message.RunId, cancellationToken).ConfigureAwait(false));
        open.AddRange(await requirements.OwnedByAsync(owner, message.Requirements, cancellationToken).ConfigureAwait(false));

        var plan = ladder.Plan(open, today);
        var claimant = $"{message.RunId}/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var claims = plan.Owed.Count == 0 ? [] : await ledger.ClaimAsync(owner, plan.Owed, claimant, cancellationToken).ConfigureAwait(false);
        if (claims.Count == 0)
        {
            LogNothing(logger, owner, message.RunId);
            await runs.RecordAsync(message.RunId, new ReminderDelivery(owner, DeliveryOutcome.Nothing, 0, 0, null, null), cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            var owed = await subjects.CompleteAsync([.. claims.Select(c => c.Owed)], cancellationToken).ConfigureAwait(false);
            var digest = ReminderDigestComposer.Compose(owed, policy.Value.SubjectPrefix)[0];
            var copyTo = new List<string>();
            if (digest.CopyManager)
            {
                var manager = await directory.FindManagerAsync(owner, cancellationToken).ConfigureAwait(false);
                switch (manager.Outcome)
                {
                    case ManagerLookupOutcome.Found:
                        copyTo.Add(manager.ManagerUpn!);
                        break;
                    case ManagerLookupOutcome.NoManager:
                        digest = digest.WithNoManagerOnRecord();
                        break;
                    default:
                        await FailPermanentlyAsync(message, claims, digest, manager.Detail ?? $"{owner} is not in the directory.").ConfigureAwait(false);
                        return;
                }
            }

            if (digest.CopyIsmsManager && !string.IsNullOrWhiteSpace(isms.Value.IsmsManagerUpn))
            {
                copyTo.Add(isms.Value.IsmsManagerUpn);
            }

            var notification = await DigestAsync(message, digest, copyTo.Where(c => !string.Equals(c, owner, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToList(), claims);
            var result = await channel.SendAsync(notification, cancellationToken).ConfigureAwait(false);
            switch (result.Mail)
            {
                case DeliveryStatus.Sent:
                case DeliveryStatus.Skipped:
                    await ledger.ConfirmAsync(owner, claims, message.RunId, CancellationToken.None).ConfigureAwait(false);
                    var teamsError = result.Teams is DeliveryStatus.FailedPermanent or DeliveryStatus.FailedTransient ? result.Detail : null;
                    await runs.RecordAsync(message.RunId, new ReminderDelivery(owner, DeliveryOutcome.Sent, claims.Count, 0, result.Teams.ToString(), teamsError), CancellationToken.None).ConfigureAwait(false);
                    LogSent(logger, owner, claims.Count, notification.CopyTo.Count, result.Teams, message.RunId);
                    break;
                case DeliveryStatus.FailedPermanent:
                    await FailPermanentlyAsync(message, claims, digest, result.Detail ?? "Graph refused the mail.").ConfigureAwait(false);
                    break;
                default:
                    throw new ReminderDeliveryException($"The digest to {owner} was not sent and will be retried: {result.Detail}");
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Transient: give the stages back at once so the queue's retry can take them. (A crash or a shutdown
            // cannot do this; then the claims expire after the claim timeout.)
            await ledger.ReleaseAsync(owner, claims, CancellationToken.None).ConfigureAwait(false);
            await runs.RecordAsync(message.RunId, new ReminderDelivery(owner, DeliveryOutcome.Retrying, 0, 0, null, ex.Message), CancellationToken.None).ConfigureAwait(false);
            LogRetrying(logger, ex, owner, message.RunId);
            throw;
        }
    }

    private async Task<Notification> DigestAsync(ReminderRecipient message, ReminderDigest digest, IReadOnlyList<string> copyTo, IReadOnlyList<LedgerClaim> claims)
    {
        var overdue = digest.Items.Where(i => i.DaysOverdue > 0).ToList();
        var first = digest.Items[0];
        var title = digest.Items.Count == 1 ? first.Title : string.Create(CultureInfo.InvariantCulture, $"{first.Title} (and {digest.Items.Count - 1} more)");
        var parameters = overdue.Count > 0
            ? new Dictionary<string, string> { ["actionTitle"] = title, ["daysOverdue"] = first.DaysOverdue.ToString(CultureInfo.InvariantCulture) }
            : new Dictionary<string, string> { ["actionTitle"] = title, ["dueDate"] = first.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        var link = digest.Items.Count == 1 ? first.Link : subjects.OwnerLink();
        var teams = new TeamsActivity(
            overdue.Count > 0 ? options.Value.OverdueActivityType : options.Value.DueActivityType,
            digest.Subject.Length <= 150 ? digest.Subject : digest.Subject[..149] + "…",
            link,
            parameters);

        // The key names the owner, the day and the stages, so a resend of the same digest is recognisable.
        var stages = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", claims.Select(c => c.RowKey).Order(StringComparer.Ordinal)))))[..12];
        var key = string.Create(CultureInfo.InvariantCulture, $"{digest.Date:yyyyMMdd}-{TableKey.Owner(digest.OwnerUpn)}-{stages}");
        return new Notification(DigestKind, key, digest.OwnerUpn, copyTo, digest.Subject, await MailBodies.DigestAsync(digest).ConfigureAwait(false), ReminderDigestRenderer.RenderText(digest), teams);
    }

    private async Task FailPermanentlyAsync(ReminderRecipient message, IReadOnlyList<LedgerClaim> claims, ReminderDigest digest, string error)
    {
        await ledger.FailAsync(message.OwnerUpn, claims, error, CancellationToken.None).ConfigureAwait(false);
        LogPermanent(logger, message.OwnerUpn, claims.Count, error, message.RunId);
        var manager = isms.Value.IsmsManagerUpn;
        if (!string.IsNullOrWhiteSpace(manager) && !string.Equals(manager, message.OwnerUpn, StringComparison.OrdinalIgnoreCase))
        {
            // The stages are settled as failed first, so a failing report cannot bring the digest back for retries.
            var result = await channel.SendAsync(await FailureReportAsync(message, digest, error, manager).ConfigureAwait(false), CancellationToken.None).ConfigureAwait(false);
            if (!result.MailDelivered)
            {
                LogReportFailed(logger, message.OwnerUpn, result.Detail);
            }
        }

        await runs.RecordAsync(message.RunId, new ReminderDelivery(message.OwnerUpn, DeliveryOutcome.Failed, 0, claims.Count, null, error), CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task<Notification> FailureReportAsync(ReminderRecipient message, ReminderDigest digest, string error, string ismsManager)
    {
        var subject = $"ISMS: reminders to {digest.OwnerUpn} could not be delivered";
        var intro = $"The reminder digest for {digest.OwnerUpn} ({digest.Items.Count} {(digest.Items.Count == 1 ? "item" : "items")}) could not be delivered and will not be retried: {error}";
        var items = digest.Items
            .Select(item => string.Create(CultureInfo.InvariantCulture, $"{item.ItemId}: {item.Title} (finding {item.FindingId ?? "-"}, due {item.DueDate:yyyy-MM-dd}) {item.Link}"))
            .ToList();
        var (html, text) = await MessageBody.BuildAsync(subject, [intro, "Please give these items an owner who can be reached."], [], items, null).ConfigureAwait(false);
        return new Notification(FailureKind, $"{message.RunId}-{TableKey.Owner(digest.OwnerUpn)}-failed", ismsManager, [], subject, html, text, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nothing left to send to {Owner} in run {RunId} (sent or being sent already)")]
    private static partial void LogNothing(ILogger logger, string owner, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Owner} a digest of {Items} items ({Copies} people copied; Teams {Teams}) in run {RunId}")]
    private static partial void LogSent(ILogger logger, string owner, int items, int copies, DeliveryStatus teams, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reminders to {Owner} ({Items} items) failed permanently and were reported to the ISMS manager: {Error} (run {RunId})")]
    private static partial void LogPermanent(ILogger logger, string owner, int items, string error, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The failure report about {Owner} could not be sent to the ISMS manager: {Detail}")]
    private static partial void LogReportFailed(ILogger logger, string owner, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The digest to {Owner} failed and is queued again on its own (run {RunId})")]
    private static partial void LogRequeued(ILogger logger, Exception exception, string owner, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The digest to {Owner} failed and will be retried by the queue (run {RunId})")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string owner, string runId);
}

/// <summary>A digest was not sent for a reason that may pass; the queue retries the message.</summary>
public sealed class ReminderDeliveryException(string message) : Exception(message);
