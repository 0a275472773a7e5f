using System.Net.Http.Headers;

namespace Isms.Functions.Notifications;

/// <summary>
/// Retries throttled outbound requests (Graph, the Teams channel webhook), honouring Retry-After. A 429 means the
/// request was not processed, so any request is retried; a 503 or 504 may come after the work was done, so only
/// idempotent requests (GET, HEAD) are retried then, and a mail or a post is never sent twice because of it.
/// For Graph it replaces the SDK's own retry handler, which also retries POSTs on 503.
/// </summary>
public sealed class RetryAfterHandler(GraphThrottlingOptions options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The body is read once into memory, so the same bytes can be sent again.
        if (request.Content is { } content && content is not ByteArrayContent)
        {
            var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var buffered = new ByteArrayContent(bytes);
            foreach (var header in content.Headers)
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            request.Content = buffered;
        }

        for (var attempt = 0; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (attempt >= options.MaxRetries || !ShouldRetry(request.Method, response.StatusCode))
            {
                return response;
            }

            var delay = RetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow)
                ?? TimeSpan.FromTicks(options.FirstRetryDelay.Ticks * (1L << Math.Min(attempt, 10)));
            if (delay > options.MaxRetryAfter)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    public static bool ShouldRetry(HttpMethod method, HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests
        || (status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout && (method == HttpMethod.Get || method == HttpMethod.Head));

    /// <summary>Retry-After as a delay (seconds or an HTTP date), or null when absent.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
