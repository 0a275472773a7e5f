using Isms.Functions.Storage;

namespace Isms.Functions.Chasing;

/// <summary>
/// The digests of the owners a message names, from the reminders queue (<see cref="ReminderSender"/>). A failure that may pass throws, so
/// the queue retries the message and, after five tries, parks it in the poison queue that each chase run reports.
/// </summary>
public sealed class SendReminderFunction(ReminderSender sender)
{
    [Function("SendReminder")]
    public Task Run([QueueTrigger(QueueNames.Reminders)] ReminderMessage message, CancellationToken cancellationToken) =>
        sender.DeliverAsync(message, cancellationToken);
}
