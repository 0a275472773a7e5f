using System.Net;
using System.Net.Http.Headers;
using Isms.Functions.Notifications;

namespace Isms.IntegrationTests.Notifications;

/// <summary>
/// The one retry rule for Graph and the Teams webhook: a 429 is retried after its Retry-After whatever the method;
/// a 503 only for GET, because a POST (a mail, a card) may already have been accepted; a Retry-After beyond the cap
/// is not waited for.
/// </summary>
public sealed class OutboundRetryTests
{
    private static readonly GraphThrottlingOptions Throttling = new() { MaxRetries = 3, FirstRetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryAfter = TimeSpan.FromSeconds(2) };

    [Fact]
    public async Task A_throttled_post_is_sent_again_after_retry_after_and_its_body_arrives_whole()
    {
        var server = new Scripted(Throttled(TimeSpan.FromMilliseconds(50)), Throttled(TimeSpan.FromMilliseconds(50)), new HttpResponseMessage(HttpStatusCode.Accepted));
        using var client = Client(server);

        using var response = await client.PostAsync("https://graph.example/v1.0/users/sender/sendMail", new StringContent("{\"message\":1}"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, server.Calls);
        Assert.All(server.Bodies, body => Assert.Equal("{\"message\":1}", body));
    }

    [Fact]
    public async Task A_post_answered_503_is_not_sent_again()
    {
        var server = new Scripted(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), new HttpResponseMessage(HttpStatusCode.Accepted));
        using var client = Client(server);

        using var response = await client.PostAsync("https://graph.example/v1.0/users/sender/sendMail", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, server.Calls);
    }

    [Fact]
    public async Task A_get_answered_503_is_read_again()
    {
        var server = new Scripted(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), new HttpResponseMessage(HttpStatusCode.OK));
        using var client = Client(server);

        using var response = await client.GetAsync("https://graph.example/v1.0/users/owner/manager");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.Calls);
    }

    [Fact]
    public async Task A_retry_after_beyond_the_cap_is_not_waited_for()
    {
        var server = new Scripted(Throttled(TimeSpan.FromMinutes(5)), new HttpResponseMessage(HttpStatusCode.Accepted));
        using var client = Client(server);

        using var response = await client.PostAsync("https://graph.example/v1.0/users/sender/sendMail", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(1, server.Calls);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_number()
    {
        var server = new Scripted(Throttled(TimeSpan.Zero), Throttled(TimeSpan.Zero), Throttled(TimeSpan.Zero), Throttled(TimeSpan.Zero), Throttled(TimeSpan.Zero));
        using var client = Client(server);

        using var response = await client.PostAsync("https://graph.example/v1.0/users/sender/sendMail", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(1 + Throttling.MaxRetries, server.Calls);
    }

    private static HttpClient Client(HttpMessageHandler server)
    {
        var retry = OutboundRetry.Handler(Throttling, TimeProvider.System);
        retry.InnerHandler = server;
        return new HttpClient(retry);
    }

    private static HttpResponseMessage Throttled(TimeSpan retryAfter)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(retryAfter);
        return response;
    }

    /// <summary>Answers each request with the next scripted response, keeping the bodies it was sent.</summary>
    private sealed class Scripted(params HttpResponseMessage[] responses) : HttpMessageHandler
    {
        private int _next;

        public int Calls => _next;

        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Add(request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken));
            var response = responses[Math.Min(_next++, responses.Length - 1)];
            response.RequestMessage = request;
            return response;
        }
    }
}
