using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Isms.Functions.Platform;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Isms.LocalHost;

/// <summary>
/// Polls the queue of each queue-triggered function with the Functions host's semantics: messages are leased
/// while they run, deleted on success, made visible again after <c>visibilityTimeout</c> on failure, and moved
/// to <c>&lt;queue&gt;-poison</c> once they have failed <c>maxDequeueCount</c> times.
/// </summary>
public sealed class QueueListener(
    IReadOnlyList<DiscoveredFunction> functions,
    QueueServiceClient queues,
    QueueOptions options,
    FunctionRunner runner,
    ILogger<QueueListener> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(functions.Select(f => ListenAsync(f, stoppingToken)));

    private async Task ListenAsync(DiscoveredFunction function, CancellationToken stoppingToken)
    {
        var queue = queues.GetQueueClient(function.Queue!.QueueName);
        var poison = queues.GetQueueClient(function.Queue.QueueName + "-poison");
        var running = new List<Task>();
        var wait = MinimumPollingInterval;
        var created = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            if (running.Count > options.NewBatchThreshold)
            {
                // Enough in hand: the next batch is fetched when the running messages fall to the threshold.
                await Task.WhenAny(running).ConfigureAwait(false);
                continue;
            }

            try
            {
                if (!created)
                {
                    await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                    created = true;
                }

                QueueMessage[] messages = await queue.ReceiveMessagesAsync(options.BatchSize, Lease, stoppingToken).ConfigureAwait(false);
                if (messages.Length > 0)
                {
                    running.AddRange(messages.Select(m => ProcessAsync(function, queue, poison, m, stoppingToken)));
                    wait = MinimumPollingInterval;
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The queue may have been deleted under us: make sure it exists on the next poll.
                created = false;
                logger.LogWarning("Polling queue {Queue} for {Function} failed: {Error}", function.Queue.QueueName, function.Name, ex.Message);
            }

            try
            {
                await Task.Delay(wait, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            // An idle queue is polled less and less often, up to maxPollingInterval, as the host does.
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, Math.Max(options.MaxPollingInterval.Ticks, MinimumPollingInterval.Ticks)));
        }

        // Messages being run finish (or give up on the stopping token) before the listener reports it has stopped.
        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Their leases run out and the messages come back, as when the Functions host stops.
        }
    }

    private async Task ProcessAsync(DiscoveredFunction function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await runner.RunAsync(function, FunctionRunner.QueueTriggerValue(function, message), rethrow: true, stoppingToken).ConfigureAwait(false);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception) when (!stoppingToken.IsCancellationRequested)
        {
            if (message.DequeueCount >= options.MaxDequeueCount)
            {
                logger.LogWarning(
                    "Message {MessageId} on {Queue} failed {DequeueCount} times and is moved to {PoisonQueue}",
                    message.MessageId, queue.Name, message.DequeueCount, poison.Name);
                await poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
                await poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: options.VisibilityTimeout, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
