namespace Isms.Functions.Notifications;

/// <summary>
/// How the app behaves under Graph's throttling. Exchange allows 4 concurrent requests per mailbox, so the
/// shared sender mailbox is the bottleneck of a reminder run; every setting has a default.
/// </summary>
public sealed class GraphThrottlingOptions
{
    public const string SectionName = "Graph:Throttling";

    /// <summary>Requests in flight at once for one mailbox (the user in the request path), per process.</summary>
    public int MaxConcurrentRequestsPerMailbox { get; set; } = 4;

    /// <summary>
    /// Messages one mailbox may send in <see cref="MailboxMessageWindow"/>: Exchange Online allows 10,000 per 10 minutes per
    /// app and mailbox and answers 429 beyond, so the app paces itself to it (0: no pacing).
    /// </summary>
    public int MailboxMessagesPerWindow { get; set; } = 10_000;

    /// <summary>The sliding window <see cref="MailboxMessagesPerWindow"/> counts in.</summary>
    public TimeSpan MailboxMessageWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long one request to Graph may take, its retries included. A mail's wait for the mailbox's window comes before
    /// and is not counted: once the window is spent, the next mail may wait most of it (minutes), and that is no failure.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Retries of one request after 429 (any method) or 503/504 (idempotent methods only).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>A Retry-After longer than this is not waited for: the request fails and the queue retries it later.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Wait before the first retry when Graph gives no Retry-After; doubled on each further retry.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
