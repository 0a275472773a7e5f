using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Isms.IntegrationTests.Infrastructure;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;

namespace Isms.IntegrationTests.Host;

[Collection(LocalHostGroup.Name)]
public sealed class LocalHostTests(LocalHostFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Health_answers_200_with_every_storage_check_healthy()
    {
        using var response = await Client.GetAsync("api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Healthy", (string?)body!["status"]);
        foreach (var check in new[] { "tables", "blobs", "queues" })
        {
            Assert.Equal("Healthy", (string?)body["checks"]![check]!["status"]);
        }
    }

    [Fact]
    public async Task Route_parameters_are_bound_by_name_and_type()
    {
        var echo = await Client.GetFromJsonAsync<JsonObject>("api/echo/alice/3");

        Assert.Equal("alice", (string?)echo!["name"]);
        Assert.Equal(3, (int?)echo["count"]);
    }

    [Fact]
    public async Task A_route_constraint_that_does_not_match_is_404()
    {
        using var response = await Client.GetAsync("api/echo/alice/three");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_timer_function_runs_now_through_the_admin_endpoint()
    {
        var before = fixture.Probe.Count("TestTimer");

        using var response = await Client.PostAsync("admin/functions/TestTimer", JsonContent.Create(new { }));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(before + 1, fixture.Probe.Count("TestTimer"));
        Assert.IsType<Microsoft.Azure.Functions.Worker.TimerInfo>(fixture.Probe.Calls.Last(c => c.Function == "TestTimer").Value);
    }

    [Fact]
    public async Task A_page_of_another_site_cannot_run_a_function_through_the_admin_endpoint()
    {
        var before = fixture.Probe.Count("TestTimer");
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "admin/functions/TestTimer") { Content = JsonContent.Create(new { }) };
        crossSite.Headers.Add("Origin", "https://attacker.example");
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await Client.SendAsync(crossSite);

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(before, fixture.Probe.Count("TestTimer"));
    }

    [Theory]
    [InlineData("rebinding.attacker.example")]
    [InlineData("192.168.1.20")]
    public async Task The_local_host_answers_only_requests_addressed_to_the_loopback_names(string hostName)
    {
        // DNS rebinding: another site's name resolving to 127.0.0.1 reaches the port with its own name as Host.
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/corrective-actions");
        request.Headers.Host = $"{hostName}:{fixture.Host.BaseAddress.Port}";
        using var refused = await Client.SendAsync(request);
        await ApiClient.AssertProblemAsync(refused, HttpStatusCode.MisdirectedRequest);

        using var named = new HttpRequestMessage(HttpMethod.Get, "api/health");
        named.Headers.Host = $"localhost:{fixture.Host.BaseAddress.Port}";
        using var allowed = await Client.SendAsync(named);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task The_admin_endpoint_names_an_unknown_function()
    {
        using var response = await Client.PostAsync("admin/functions/NoSuchFunction", JsonContent.Create(new { }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("NoSuchFunction", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_queue_message_that_always_fails_lands_in_the_poison_queue_after_five_tries()
    {
        var queues = new QueueServiceClient(fixture.StorageConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var queue = queues.GetQueueClient(HostTestFunctions.PoisonedQueue);
        var poison = queues.GetQueueClient(HostTestFunctions.PoisonedQueue + "-poison");
        await queue.CreateIfNotExistsAsync();
        var marker = Guid.NewGuid().ToString("N");

        await queue.SendMessageAsync(marker);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? poisoned = null;
        while (poisoned is null && DateTime.UtcNow < deadline)
        {
            if (await poison.ExistsAsync())
            {
                var peeked = await poison.PeekMessagesAsync(32);
                poisoned = peeked.Value.Select(m => m.Body.ToString()).FirstOrDefault(b => b == marker);
            }

            await Task.Delay(200);
        }

        Assert.Equal(marker, poisoned);
        Assert.Equal(5, fixture.Probe.Calls.Count(c => c.Function == "AlwaysFails" && (string?)c.Value == marker));
        Assert.DoesNotContain((await queue.PeekMessagesAsync(32)).Value, m => m.Body.ToString() == marker);
    }

    [Fact]
    public async Task A_message_stuck_in_its_function_does_not_hold_up_the_messages_behind_it()
    {
        // As in the Functions host, the next batch is fetched when the running messages fall to newBatchThreshold,
        // not when the slowest of a batch is done: one digest stuck on a slow mailbox must not stall the rest.
        var queues = new QueueServiceClient(fixture.StorageConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var queue = queues.GetQueueClient(HostTestFunctions.HeldQueue);
        await queue.CreateIfNotExistsAsync();
        var marker = Guid.NewGuid().ToString("N");
        var held = $"held-{marker}";
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        HostTestFunctions.Holds[held] = release;
        try
        {
            await queue.SendMessageAsync(held);
            var quick = Enumerable.Range(0, 40).Select(i => $"quick-{marker}-{i}").ToList();
            foreach (var message in quick)
            {
                await queue.SendMessageAsync(message);
            }

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && quick.Any(q => !fixture.Probe.Calls.Any(c => c.Function == "HeldQueue" && (string?)c.Value == q)))
            {
                await Task.Delay(100);
            }

            Assert.All(quick, q => Assert.Contains(fixture.Probe.Calls, c => c.Function == "HeldQueue" && (string?)c.Value == q));
            Assert.DoesNotContain(fixture.Probe.Calls, c => c.Function == "HeldQueue" && (string?)c.Value == held);
        }
        finally
        {
            release.TrySetResult();
            HostTestFunctions.Holds.TryRemove(held, out _);
        }

        var settled = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < settled && !fixture.Probe.Calls.Any(c => c.Function == "HeldQueue" && (string?)c.Value == held))
        {
            await Task.Delay(100);
        }

        Assert.Contains(fixture.Probe.Calls, c => c.Function == "HeldQueue" && (string?)c.Value == held);
    }

    [Fact]
    public async Task Links_in_mails_and_reports_point_at_the_port_the_host_was_given()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using var host = await TestHost.StartAsync(fixture.StorageConnectionString, o => o.Settings["LocalHost:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var link = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Isms.Functions.Platform.IsmsOptions>>().Value.Link("api/corrective-actions/CA-1");
        Assert.Equal($"http://127.0.0.1:{port}/api/corrective-actions/CA-1", link.ToString());
    }

    [Fact]
    public async Task A_queue_message_in_json_is_bound_to_the_trigger_type()
    {
        var queues = new QueueServiceClient(fixture.StorageConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var queue = queues.GetQueueClient("typed");
        await queue.CreateIfNotExistsAsync();
        var name = Guid.NewGuid().ToString("N");

        await queue.SendMessageAsync(JsonSerializer.Serialize(new { name, count = 7 }));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !fixture.Probe.Calls.Any(c => c.Value is EchoMessage m && m.Name == name))
        {
            await Task.Delay(100);
        }

        Assert.Contains(fixture.Probe.Calls, c => c.Value is EchoMessage { Count: 7 } m && m.Name == name);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_http_function()
    {
        var document = await Client.GetFromJsonAsync<JsonObject>("api/openapi.json");

        Assert.Equal("3.1.0", (string?)document!["openapi"]);
        var paths = document["paths"]!.AsObject();
        Assert.NotNull(paths["/api/health"]?["get"]);
        Assert.NotNull(paths["/api/openapi.json"]?["get"]);
        Assert.NotNull(document["components"]!["schemas"]!["HealthReport"]);
    }

    [Fact]
    public void Functions_are_found_by_their_attributes_including_ones_the_host_has_never_seen()
    {
        var names = fixture.Host.Functions.Select(f => f.Name).ToList();

        Assert.Contains("Health", names);
        Assert.Contains("OpenApi", names);
        Assert.Contains("TestTimer", names);
        Assert.Contains("AlwaysFails", names);
    }
}
