using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Isms.Functions.Notifications;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Summary;

/// <summary>
/// Posts a message to the ISMS channel through a Teams Workflows webhook (its URL comes from Key Vault in Azure).
/// 429 and 503 are retried after their Retry-After (at most <see cref="MaxAttempts"/> tries, waits capped at a
/// minute); any other refusal is final. Without a webhook the outbox channel (local) writes the message to the
/// outbox folder as <c>TeamsChannel-{key}.json</c>, exactly as it would be posted; with Graph as the channel (Azure)
/// and no webhook, or a Key Vault reference not resolved, there is nowhere to post.
/// </summary>
public sealed partial class TeamsChannelWebhook(HttpClient http, IOptions<NotificationOptions> options, TimeProvider time, ILogger<TeamsChannelWebhook> logger)
{
    public const int MaxAttempts = 4;
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);
    private static readonly JsonSerializerOptions Indented = new(IsmsJson.Options) { WriteIndented = true };

    /// <summary>The webhook, or null when none is configured (empty, not an absolute http(s) URL, or an unresolved Key Vault reference).</summary>
    public Uri? Url =>
        Uri.TryCreate(options.Value.TeamsWebhookUrl?.Trim(), UriKind.Absolute, out var url) && url.Scheme is "https" or "http" ? url : null;

    /// <summary>Whether <see cref="PostAsync"/> has somewhere to post: a webhook, or the local outbox.</summary>
    public bool CanPost => Url is not null || !string.Equals(options.Value.Channel, "Graph", StringComparison.OrdinalIgnoreCase);

    public async Task<SendOutcome> PostAsync(string key, JsonObject message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        var json = message.ToJsonString(Indented);
        if (Url is not { } url)
        {
            if (!CanPost)
            {
                return new SendOutcome(false, "no Teams webhook configured (Notifications:TeamsWebhookUrl)");
            }

            var directory = Path.GetFullPath(options.Value.OutboxDirectory);
            Directory.CreateDirectory(directory);
            var file = Path.Combine(directory, $"TeamsChannel-{key}.json");
            await File.WriteAllTextAsync(file, json, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            return new SendOutcome(true, $"no Teams webhook configured: written to {file}");
        }

        for (var attempt = 1; ; attempt++)
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return new SendOutcome(true, $"posted ({(int)response.StatusCode})");
            }

            var status = (int)response.StatusCode;
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && attempt < MaxAttempts)
            {
                var wait = RetryAfter(response) ?? TimeSpan.FromSeconds(Math.Pow(2, attempt));
                LogRetrying(logger, status, wait.TotalSeconds, attempt);
                await Task.Delay(wait > MaxWait ? MaxWait : wait, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            LogRefused(logger, status, detail.Length > 300 ? detail[..300] : detail);
            return new SendOutcome(false, $"the Teams webhook answered {status}");
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is { Ticks: > 0 } until ? until : TimeSpan.Zero,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Teams webhook answered {Status}; trying again in {Seconds} s (attempt {Attempt})")]
    private static partial void LogRetrying(ILogger logger, int status, double seconds, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Teams webhook refused the weekly summary with {Status}: {Detail}")]
    private static partial void LogRefused(ILogger logger, int status, string detail);
}
