using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Isms.Functions.Notifications;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Summary;

/// <summary>
/// Posts a message to the ISMS channel through a Teams Workflows webhook (its URL comes from Key Vault in Azure).
/// Its named <see cref="HttpClient"/> (<see cref="HttpClientName"/>) retries a 429 after Retry-After (<see cref="OutboundRetry"/>, as for Graph);
/// any other refusal is final, and the send ledger tries again on the next run. Where mail goes to the outbox
/// (locally) and there is no webhook, the message is written there as <c>TeamsChannel-{key}.json</c>, exactly as it
/// would be posted; where mail goes through Graph (Azure) and no webhook is set, or its Key Vault reference is not
/// resolved, there is nowhere to post.
/// </summary>
public sealed partial class TeamsChannelWebhook(
    IHttpClientFactory clients,
    IOptions<NotificationOptions> options,
    IOptions<GraphOptions> graph,
    ILogger<TeamsChannelWebhook> logger)
{
    /// <summary>The HTTP client the webhook posts with, registered in <c>AddIsms</c> with the outbound retry rule.</summary>
    public const string HttpClientName = "TeamsChannelWebhook";

    private static readonly JsonSerializerOptions Indented = new(IsmsJson.Options) { WriteIndented = true };

    /// <summary>
    /// The webhook, or null when none is configured (empty, not an absolute URL, or an unresolved Key Vault reference).
    /// Its query carries the signature that lets anyone post, so it goes over https only; plain http only to a
    /// loopback address (a local stand-in).
    /// </summary>
    public Uri? Url =>
        Uri.TryCreate(options.Value.TeamsWebhookUrl?.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)) ? url : null;

    /// <summary>Whether <see cref="PostAsync"/> has somewhere to post: a webhook, or the outbox that mail goes to as well.</summary>
    public bool CanPost => Url is not null || !GraphNotificationChannel.IsSelected(options.Value, graph.Value);

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

            var file = await OutboxChannel.WriteAsync(options.Value, $"TeamsChannel-{key}.json", json, cancellationToken).ConfigureAwait(false);
            return new SendOutcome(true, $"no Teams webhook configured: written to {file}");
        }

        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var http = clients.CreateClient(HttpClientName);
        using var response = await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return new SendOutcome(true, $"posted ({(int)response.StatusCode})");
        }

        var status = (int)response.StatusCode;
        var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        LogRefused(logger, status, detail.Length > 300 ? detail[..300] : detail);
        return new SendOutcome(false, $"the Teams webhook answered {status}");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The Teams webhook refused the weekly summary with {Status}: {Detail}")]
    private static partial void LogRefused(ILogger logger, int status, string detail);
}
