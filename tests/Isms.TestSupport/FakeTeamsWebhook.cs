using Isms.LocalHost;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Isms.TestSupport;

/// <summary>
/// A loopback stand-in for a Teams Workflows webhook: it records every POST, accepts a JSON message with 202
/// as Workflows does, and can be told to answer the next requests with a status (429 with Retry-After, 400).
/// </summary>
public sealed class FakeTeamsWebhook : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, int? RetryAfterSeconds)> _scripted = new();

    private FakeTeamsWebhook(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Every request, with the status it got.</summary>
    public ConcurrentQueue<(int Status, string Body)> Requests { get; } = new();

    /// <summary>The messages accepted (202), parsed.</summary>
    public ConcurrentQueue<JsonObject> Accepted { get; } = new();

    public static async Task<FakeTeamsWebhook> StartAsync()
    {
        FakeTeamsWebhook? fake = null;
        var (app, root) = await LoopbackApp.StartAsync(app => app.MapPost("/workflows/isms-channel", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            if (fake!._scripted.TryDequeue(out var scripted))
            {
                fake.Requests.Enqueue((scripted.Status, body));
                if (scripted.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return Results.StatusCode(scripted.Status);
            }

            if (!string.Equals(context.Request.ContentType?.Split(';')[0], "application/json", StringComparison.OrdinalIgnoreCase) || JsonNode.Parse(body) is not JsonObject message)
            {
                fake.Requests.Enqueue((400, body));
                return Results.BadRequest();
            }

            fake.Requests.Enqueue((202, body));
            fake.Accepted.Enqueue(message);
            return Results.Accepted();
        }));
        fake = new FakeTeamsWebhook(app, new Uri(root, "workflows/isms-channel"));
        return fake;
    }

    /// <summary>The next request gets <paramref name="status"/> (and a Retry-After when given) instead of 202.</summary>
    public void AnswerNext(int status, int? retryAfterSeconds = null) => _scripted.Enqueue((status, retryAfterSeconds));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
