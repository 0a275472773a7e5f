using System.Collections.Concurrent;

namespace Isms.Functions.Notifications;

/// <summary>
/// Keeps at most N requests in flight per mailbox (the user named in <c>/users/{id}/…</c>), as Exchange
/// Online allows 4 concurrent requests per mailbox and answers 429 beyond that. It sits outside the retry
/// handler, so a request waiting out a Retry-After keeps its slot and the mailbox is not hammered meanwhile.
/// </summary>
public sealed class MailboxConcurrencyHandler(int maxConcurrentPerMailbox) : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.OrdinalIgnoreCase);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mailbox = MailboxOf(request.RequestUri);
        if (mailbox is null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var gate = _gates.GetOrAdd(mailbox, _ => new SemaphoreSlim(Math.Max(1, maxConcurrentPerMailbox)));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

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
        }

        base.Dispose(disposing);
    }
}
