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
    public async Task An_anonymous_probe_gets_the_last_check_for_30_seconds_and_a_signed_in_caller_a_fresh_one()
    {
        var azurite = await AzuriteEmulator.StartAsync(dataDirectory: null);
        await using var host = await TestHost.StartAsync(azurite.ConnectionString, o => o.Settings[LocalHostPrincipalTrust.DevelopmentUserSetting] = string.Empty);
        using var client = host.Client();
        JsonObject first;
        using (var anonymous = await client.GetAsync("api/health"))
        {
            Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
            first = (await anonymous.Content.ReadFromJsonAsync<JsonObject>())!;
        }

        await azurite.DisposeAsync();

        // Storage is gone, but an anonymous flood costs it nothing: the same report, with when it was made.
        using (var again = await client.GetAsync("api/health"))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal((string?)first["checkedAt"], (string?)(await again.Content.ReadFromJsonAsync<JsonObject>())!["checkedAt"]);
        }

        using var signedIn = new HttpRequestMessage(HttpMethod.Get, "api/health");
        signedIn.Headers.Add(Isms.Functions.Platform.CallerReader.HeaderName, Isms.Functions.Platform.CallerReader.Encode("ops@contoso.example"));
        using var fresh = await client.SendAsync(signedIn);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, fresh.StatusCode);
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
