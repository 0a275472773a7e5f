using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Isms.IntegrationTests.Infrastructure;
using Isms.LocalHost;

namespace Isms.IntegrationTests.Host;

public sealed class StorageFailureTests
{
    [Fact]
    public async Task Health_answers_503_naming_the_failed_checks_when_storage_stops()
    {
        var azurite = await AzuriteEmulator.StartAsync(dataDirectory: null);
        await using var host = await TestHost.StartAsync(azurite.ConnectionString);
        using var client = host.Client();
        using (var healthy = await client.GetAsync("api/health"))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        await azurite.DisposeAsync();
        using var response = await client.GetAsync("api/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Unhealthy", (string?)body!["status"]);
        Assert.Equal("Unhealthy", (string?)body["checks"]!["tables"]!["status"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["checks"]!["tables"]!["detail"]));
    }

    [Fact]
    public async Task Starting_with_unreachable_storage_fails_with_one_line_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<LocalHostStartupException>(() => TestHost.StartAsync(new UnreachableStorage().ConnectionString));

        Assert.Contains("'AzureWebJobsStorage'", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Without_storage_settings_the_host_starts_its_own_Azurite_and_stops_it_on_dispose()
    {
        int blobPort;
        await using (var host = await TestHost.StartAsync(storageConnectionString: null))
        {
            Assert.NotNull(host.Azurite);
            blobPort = host.Azurite!.BlobPort;
            using var client = host.Client();
            using var response = await client.GetAsync("api/health");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.False(await Loopback.IsListeningAsync(blobPort));
    }
}
