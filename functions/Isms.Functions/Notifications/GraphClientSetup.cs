using Azure.Core;
using Microsoft.Graph;
using Microsoft.Kiota.Authentication.Azure;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Isms.Functions.Platform;

namespace Isms.Functions.Notifications;

/// <summary>
/// Builds the one <see cref="GraphServiceClient"/> of the app: the SDK's middleware with its retry handler
/// swapped for <see cref="OutboundRetry"/>'s, a per-mailbox concurrency gate in front, and tokens from the
/// given credential for the configured base URL's host only (so tests can point it at a loopback fake).
/// </summary>
public static class GraphClientSetup
{
    public static GraphServiceClient Create(GraphOptions graph, GraphThrottlingOptions throttling, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(throttling);
        ArgumentNullException.ThrowIfNull(credential);
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        foreach (var retry in handlers.OfType<RetryHandler>().ToList())
        {
            handlers.Remove(retry);
        }

        // Retries wait real time even where tests fake the app's clock: a throttled request must not wait for a test to move it.
        handlers.Insert(0, OutboundRetry.Handler(throttling, TimeProvider.System));
        handlers.Insert(0, new MailboxConcurrencyHandler(throttling.MaxConcurrentRequestsPerMailbox, throttling.MailboxMessagesPerWindow, throttling.MailboxMessageWindow, throttling.RequestTimeout));
#pragma warning disable CA2000 // The HttpClient lives as long as the singleton GraphServiceClient that owns it.
        var http = GraphClientFactory.Create(handlers);
#pragma warning restore CA2000

        // The mailbox handler times each request from when the window lets it go; a client timeout would count the wait.
        http.Timeout = Timeout.InfiniteTimeSpan;
        var baseUrl = graph.BaseUrl.TrimEnd('/');
        var auth = new AzureIdentityAuthenticationProvider(credential, [new Uri(baseUrl).Host], null, true, graph.Scope);
        return new GraphServiceClient(http, auth, baseUrl);
    }
}
