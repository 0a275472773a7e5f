using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace Isms.Functions.Notifications;

/// <summary>
/// The one retry rule for what the app sends out (Graph, the Teams channel webhook), as a resilience pipeline of
/// Microsoft.Extensions.Http.Resilience. A 429 means the request was not processed, so any request is retried after
/// its Retry-After; a 503 or 504 may come after the work was done, so only idempotent requests (GET, HEAD) are
/// retried then, and a mail or a post is never sent twice because of it. A Retry-After longer than
/// <see cref="GraphThrottlingOptions.MaxRetryAfter"/> is not waited for: the request fails, and the queue or the
/// next run tries again later. Graph's own retry handler (which also retries POSTs on 503) is replaced by this.
/// </summary>
public static class OutboundRetry
{
    /// <summary>Adds the retry strategy to a pipeline (the webhook's <c>AddResilienceHandler</c>, Graph's handler).</summary>
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddOutboundRetry(this ResiliencePipelineBuilder<HttpResponseMessage> pipeline, GraphThrottlingOptions throttling, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(throttling);
        ArgumentNullException.ThrowIfNull(time);
        return pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, throttling.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = false,
            Delay = throttling.FirstRetryDelay,
            ShouldRetryAfterHeader = false,
            ShouldHandle = args => ValueTask.FromResult(
                throttling.MaxRetries > 0
                && args.Outcome.Result is { } response
                && ShouldRetry(response.RequestMessage?.Method ?? HttpMethod.Post, response.StatusCode)
                && (RetryAfter(response.Headers.RetryAfter, time.GetUtcNow()) ?? TimeSpan.Zero) <= throttling.MaxRetryAfter),
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result is { } response ? RetryAfter(response.Headers.RetryAfter, time.GetUtcNow()) : null),
        });
    }

    /// <summary>A handler with the rule, for an <see cref="HttpClient"/> built outside the factory (Graph's).</summary>
    public static DelegatingHandler Handler(GraphThrottlingOptions throttling, TimeProvider time) =>
        new ResilienceHandler(new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }.AddOutboundRetry(throttling, time).Build());

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
