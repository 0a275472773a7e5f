using Isms.Functions.Notifications;
using Isms.Functions.Platform;
using Isms.Functions.Summary;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Isms.IntegrationTests.Summary;

/// <summary>The webhook's URL carries the signature that lets anyone post: it never goes out over plain http.</summary>
public sealed class TeamsChannelWebhookTests
{
    [Theory]
    [InlineData("https://prod-12.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=s3cret", true)]
    [InlineData("http://127.0.0.1:5123/workflows/isms-channel", true)]
    [InlineData("http://prod-12.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=s3cret", false)]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/teams-webhook)", false)]
    public void Only_an_https_webhook_or_a_loopback_stand_in_is_posted_to(string configured, bool used)
    {
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var webhook = new TeamsChannelWebhook(
            services.GetRequiredService<IHttpClientFactory>(),
            Options.Create(new NotificationOptions { TeamsWebhookUrl = configured }),
            Options.Create(new GraphOptions()),
            NullLogger<TeamsChannelWebhook>.Instance);

        Assert.Equal(used, webhook.Url is not null);
    }
}
