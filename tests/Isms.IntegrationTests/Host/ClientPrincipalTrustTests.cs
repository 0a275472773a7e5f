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
    private const string Tenant = "6f1c2b7e-0d3a-4c5e-9b8f-2a4d6e8c0b1a";
    private const string MalloryId = "0b5e7c1d-2f4a-4e6b-8d9c-1a3b5c7d9e0f";
    private static readonly string Forged = CallerReader.Encode(MalloryId, Tenant, "mallory@contoso.example", Roles.Admin);

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
        Assert.Equal(MalloryId, caller.ObjectId);
        Assert.Equal(Tenant, caller.TenantId);
        Assert.True(caller.IsAdmin);
        Assert.Null(reader.Read(Request(header: null)));
    }

    [Fact]
    public void In_Azure_a_principal_without_an_object_id_is_nobody()
    {
        var reader = FunctionsAppCallerReader(new() { ["WEBSITE_AUTH_ENABLED"] = "true" });

        Assert.Null(reader.Read(Request(CallerReader.Encode("mallory@contoso.example", Roles.Admin))));
    }

    [Fact]
    public void A_principal_named_only_by_its_email_or_display_name_is_nobody()
    {
        var reader = FunctionsAppCallerReader(new() { ["WEBSITE_AUTH_ENABLED"] = "true" });

        foreach (var claim in new[] { "email", "name", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" })
        {
            var json = System.Text.Json.JsonSerializer.Serialize(new
            {
                auth_typ = "aad",
                claims = new[]
                {
                    new { typ = claim, val = "isms.manager@contoso.example" },
                    new { typ = "http://schemas.microsoft.com/identity/claims/objectidentifier", val = MalloryId },
                    new { typ = "roles", val = Roles.Admin },
                },
            });
            Assert.Null(reader.Read(Request(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)))));
        }
    }

    [Fact]
    public void A_token_of_another_tenant_is_refused_where_the_organisations_tenant_is_set()
    {
        var reader = FunctionsAppCallerReader(new() { ["WEBSITE_AUTH_ENABLED"] = "true", ["Identity__TenantId"] = Tenant });

        Assert.Null(reader.Read(Request(CallerReader.Encode(MalloryId, "11111111-2222-4333-8444-555555555555", "mallory@contoso.example", Roles.Admin))));
        Assert.Null(reader.Read(Request(CallerReader.Encode(MalloryId, tenantId: null, "mallory@contoso.example", Roles.Admin))));
        Assert.Equal(MalloryId, reader.Read(Request(Forged))?.ObjectId);
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
