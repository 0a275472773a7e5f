using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Isms.Functions.Notifications;

/// <summary>
/// Keeps at most N requests in flight per mailbox (the user named in <c>/users/{id}/…</c>), as Exchange
/// Online allows 4 concurrent requests per mailbox and answers 429 beyond that, and paces the messages a mailbox
/// sends to Exchange's sliding window (10,000 per 10 minutes): a mail beyond it waits, before it takes a slot, until
/// the window lets it go. It sits outside the retry handler, so a request waiting out a Retry-After keeps its slot
/// and the mailbox is not hammered meanwhile. Both limits are per process, as Exchange's are per app.
/// The client it serves has no timeout of its own: this handler gives each request <paramref name="requestTimeout"/> from
/// the moment the window lets it go, so a mail waiting minutes for the window does not time out.
/// </summary>
public sealed class MailboxConcurrencyHandler(int maxConcurrentPerMailbox, int messagesPerWindow = 0, TimeSpan messageWindow = default, TimeSpan requestTimeout = default) : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, RateLimiter> _windows = new(StringComparer.OrdinalIgnoreCase);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mailbox = MailboxOf(request.RequestUri);
        if (mailbox is null)
        {
            return await TimedAsync(request, null, cancellationToken).ConfigureAwait(false);
        }

        if (messagesPerWindow > 0 && messageWindow > TimeSpan.Zero && IsMessage(request))
        {
            var window = _windows.GetOrAdd(mailbox, _ => new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = messagesPerWindow,
                // Exchange counts a mail when it arrives, the window here when it leaves: a segment and a tenth of a second
                // more absorb the time in transit, so the mail that opens the next window never lands in the last one.
                Window = messageWindow + (messageWindow / 60) + TimeSpan.FromMilliseconds(100),
                SegmentsPerWindow = 60,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));

            // The permit is spent once the mail is sent: a sent message counts in Exchange's window whatever happens next.
            using var permit = await window.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        }

        return await TimedAsync(request, _gates.GetOrAdd(mailbox, _ => new SemaphoreSlim(Math.Max(1, maxConcurrentPerMailbox))), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends within the request timeout, which starts now: a slot of the mailbox, the request and its retries.</summary>
    private async Task<HttpResponseMessage> TimedAsync(HttpRequestMessage request, SemaphoreSlim? gate, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (requestTimeout > TimeSpan.Zero)
        {
            timeout.CancelAfter(requestTimeout);
        }

        var entered = false;
        try
        {
            if (gate is not null)
            {
                await gate.WaitAsync(timeout.Token).ConfigureAwait(false);
                entered = true;
            }

            return await base.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // As HttpClient says its own timeout, so callers treat it alike (a failure that may pass).
            throw new TaskCanceledException($"Graph did not answer {request.Method} {request.RequestUri?.AbsolutePath} within {requestTimeout.TotalSeconds:0} s.", new TimeoutException(ex.Message, ex));
        }
        finally
        {
            if (entered)
            {
                gate!.Release();
            }
        }
    }

    /// <summary>A message the mailbox sends (<c>POST …/sendMail</c>), which Exchange counts in its window.</summary>
    private static bool IsMessage(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath.EndsWith("/sendMail", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The id or UPN after <c>users/</c> in the path, or null when the request is not about one user.</summary>
    public static string? MailboxOf(Uri? uri)
    {
        if (uri is null || !uri.IsAbsoluteUri)
        {
            return null;
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (string.Equals(segments[i], "users", StringComparison.OrdinalIgnoreCase))
            {
                return Uri.UnescapeDataString(segments[i + 1]);
            }
        }

        return null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var gate in _gates.Values)
            {
                gate.Dispose();
            }

            foreach (var window in _windows.Values)
            {
                window.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
