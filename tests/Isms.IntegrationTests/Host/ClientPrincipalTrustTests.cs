using System.Net;
using Isms.Functions;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Isms.IntegrationTests.Host;

/// <summary>
/// Who may vouch for the principal header: App Service Authentication in Azure and the local host locally, never an
/// app setting, since anyone can send the header to a Functions app that believes it.
/// </summary>
public sealed class ClientPrincipalTrustTests
{
    private static readonly string Forged = CallerReader.Encode("mallory@contoso.example", Roles.Admin);

    [Fact]
    public void App_settings_that_once_switched_trust_on_do_not_make_the_Functions_app_believe_a_forged_header()
    {
        var reader = FunctionsAppCallerReader(new()
        {
            ["Identity__TrustClientPrincipalHeader"] = "true",
            ["Identity__DevelopmentUser"] = "mallory@contoso.example",
            ["Identity__DevelopmentRoles"] = Roles.Admin,
        });

        Assert.Null(reader.Read(Request(Forged)));
        Assert.Null(reader.Read(Request(header: null)));
    }

    [Fact]
    public void Behind_App_Service_Authentication_the_Functions_app_reads_the_caller_from_the_header()
    {
        var reader = FunctionsAppCallerReader(new() { ["WEBSITE_AUTH_ENABLED"] = "true" });

        var caller = reader.Read(Request(Forged));

        Assert.NotNull(caller);
        Assert.Equal("mallory@contoso.example", caller.Upn);
        Assert.True(caller.IsAdmin);
        Assert.Null(reader.Read(Request(header: null)));
    }

    /// <summary>The Functions app's own registration, with <paramref name="appSettings"/> as Azure passes them: environment variables.</summary>
    private static CallerReader FunctionsAppCallerReader(Dictionary<string, string> appSettings)
    {
        var prefix = $"ISMS_TEST_{Guid.NewGuid():N}_";
        foreach (var (name, value) in appSettings)
        {
            Environment.SetEnvironmentVariable(prefix + name, value);
        }

        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            Assert.All(appSettings, s => Assert.Equal(s.Value, configuration[s.Key.Replace("__", ":", StringComparison.Ordinal)]));
            // As the Functions host builds it: its configuration is a service too.
            var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddIsms(configuration).BuildServiceProvider();
            return services.GetRequiredService<CallerReader>();
        }
        finally
        {
            foreach (var name in appSettings.Keys)
            {
                Environment.SetEnvironmentVariable(prefix + name, null);
            }
        }
    }

    private static HttpRequest Request(string? header)
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers[CallerReader.HeaderName] = header;
        }

        return context.Request;
    }
}

/// <summary>The local host stands in for App Service Authentication, by its own registration.</summary>
[Collection(LocalHostGroup.Name)]
public sealed class LocalHostPrincipalTests(LocalHostFixture fixture)
{
    [Fact]
    public async Task The_local_host_believes_the_header_it_is_sent()
    {
        var nobody = ApiClient.AdminOf(fixture.Client).As("someone@contoso.example");

        using var response = await nobody.GetAsync("api/audits");

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_request_to_the_local_host_without_the_header_is_the_development_user()
    {
        using var response = await fixture.Client.GetAsync(new Uri("api/audits", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
