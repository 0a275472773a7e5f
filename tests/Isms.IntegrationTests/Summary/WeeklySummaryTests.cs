using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Isms.IntegrationTests.Infrastructure;
using Isms.IntegrationTests.Registers;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Isms.IntegrationTests.Summary;

/// <summary>The weekly summary card, posted to a loopback Teams Workflows webhook on a host whose clock the test moves.</summary>
public sealed class WeeklySummaryTests(AzuriteFixture azurite) : IsolatedHostTests(azurite), IAsyncLifetime
{
    private const string Owner = "dana.owner@contoso.example";
    private const string Correction = "**Urgent** [click](https://evil.example) <b>revoke</b> access";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private FakeTeamsWebhook? _webhook;

    private FakeTeamsWebhook Webhook => _webhook!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        _webhook = await FakeTeamsWebhook.StartAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_webhook is not null)
        {
            await _webhook.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_channel_gets_one_card_a_week_with_the_figures_escaped_text_and_only_links()
    {
        await SeedOverdueMajorAsync();
        _clock.Advance(TimeSpan.FromDays(20)); // the action, due in 3 days, is now 17 days overdue

        await RunAsync();
        await RunAsync();
        var message = Assert.Single(Webhook.Accepted);

        var attachment = Assert.Single(message["attachments"]!.AsArray())!;
        Assert.Equal("message", (string?)message["type"]);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)attachment["contentType"]);
        var card = attachment["content"]!.AsObject();
        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Equal("1.4", (string?)card["version"]);

        var facts = WeeklySummaryCardTests.Facts(card);
        Assert.Equal("1 open, 1 overdue (1 by 14 days or more, the ISMS manager copied)", facts["Corrective actions"]);
        Assert.Matches(@"^[1-9]\d* controls missing, 0 stale, 0 due within 14 days$", facts["Evidence"]);
        Assert.Equal("1 major, 0 minor", facts["Open nonconformities"]);
        Assert.Equal("1", facts["Audits in the next 90 days"]);

        var texts = WeeklySummaryCardTests.Texts(card);
        Assert.Contains(texts, t => t.Contains("blocks certification", StringComparison.Ordinal));
        var overdueLine = Assert.Single(texts, t => t.Contains("17 days overdue", StringComparison.Ordinal));
        Assert.Contains(@"\*\*Urgent\*\* \[click\](https://evil.example) <b>revoke</b> access", overdueLine, StringComparison.Ordinal);
        Assert.DoesNotContain("[click](", card.ToJsonString(), StringComparison.Ordinal);

        var actions = card["actions"]!.AsArray();
        Assert.Equal(["/controls", "/upload", "/"], actions.Select(a => new Uri((string)a!["url"]!).PathAndQuery));
        Assert.All(actions, a =>
        {
            Assert.Equal("Action.OpenUrl", (string?)a!["type"]);
            var url = new Uri((string)a["url"]!, UriKind.Absolute);
            Assert.DoesNotContain("/api/", url.AbsolutePath, StringComparison.Ordinal);
        });

        // The next ISO week gets its own card.
        _clock.Advance(TimeSpan.FromDays(7));
        await RunAsync();
        Assert.Equal(2, Webhook.Accepted.Count);
    }

    [Fact]
    public async Task A_throttled_post_is_retried_and_a_refused_one_is_tried_again_on_the_next_run()
    {
        Webhook.AnswerNext(429, retryAfterSeconds: 0);
        await RunAsync();
        Assert.Equal([429, 202], Webhook.Requests.Select(r => r.Status));
        Assert.Single(Webhook.Accepted);

        _clock.Advance(TimeSpan.FromDays(7));
        Webhook.AnswerNext(400);
        await RunAsync();
        Assert.Single(Webhook.Accepted);

        // A refusal is not "sent": the claim was given back, so the next run of the same week posts.
        await RunAsync();
        await RunAsync();
        Assert.Equal(2, Webhook.Accepted.Count);
    }

    protected override void Configure(LocalHostOptions options) =>
        options.Settings["Notifications:TeamsWebhookUrl"] = Webhook.Url.ToString();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(_clock);

    private async Task SeedOverdueMajorAsync()
    {
        var audit = await ApiClient.JsonAsync(await Api.PostAsync("api/audits", RegisterData.Audit(startInDays: 30)), HttpStatusCode.Created);
        var finding = await ApiClient.JsonAsync(await Api.PostAsync($"api/audits/{audit["id"]}/findings", RegisterData.Finding()), HttpStatusCode.Created);
        await ApiClient.JsonAsync(await Api.PostAsync($"api/findings/{finding["id"]}/corrective-actions", RegisterData.Action(Owner, Correction, RegisterData.Date(3))), HttpStatusCode.Created);
    }

    private async Task RunAsync()
    {
        using var run = await Client.PostAsync("admin/functions/PostWeeklySummary", JsonContent.Create(new { }));
        Assert.True(run.StatusCode == HttpStatusCode.Accepted, await run.Content.ReadAsStringAsync());
    }
}

/// <summary>Locally, without a webhook, the card goes to the outbox as the file that would have been posted.</summary>
public sealed class WeeklySummaryOutboxTests(AzuriteFixture azurite) : IsolatedHostTests(azurite)
{
    [Fact]
    public async Task Without_a_webhook_the_card_is_written_to_the_outbox_once_a_week()
    {
        await RunAsync();
        var outbox = Host.Configuration["Notifications:OutboxDirectory"]!;
        var file = Assert.Single(Directory.GetFiles(outbox, "TeamsChannel-*.json"));
        var card = JsonNode.Parse(await File.ReadAllTextAsync(file))!["attachments"]![0]!["content"]!;
        Assert.Equal("1.4", (string?)card["version"]);
        Assert.Equal("none open", WeeklySummaryCardTests.Facts(card)["Corrective actions"]);

        // The week is recorded as posted: a second run writes nothing.
        File.Delete(file);
        await RunAsync();
        Assert.Empty(Directory.GetFiles(outbox, "TeamsChannel-*.json"));
    }

    private async Task RunAsync()
    {
        using var run = await Client.PostAsync("admin/functions/PostWeeklySummary", JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
    }
}
