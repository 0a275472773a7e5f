using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Isms.LocalHost.Tenant;

/// <summary>
/// The demo's stand-in for Microsoft Graph: a loopback server answering the collectors' reads from a
/// <see cref="TenantData"/> through <see cref="TenantGraph"/>, wanting a bearer token as Graph does. The demo points
/// <c>Graph:BaseUrl</c> at it; nothing else of Graph is used locally (mail goes to the outbox).
/// </summary>
public sealed class TenantGraphServer : IAsyncDisposable
{
    /// <summary>The token the demo's credential hands out; the server wants it.</summary>
    public const string Token = "demo-tenant-token";

    private readonly WebApplication _app;

    private TenantGraphServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>Graph's root here: <c>http://127.0.0.1:{port}/v1.0</c>.</summary>
    public Uri BaseUrl { get; }

    public static async Task<TenantGraphServer> StartAsync(TenantData tenant, int pageSize)
    {
        var (app, root) = await LoopbackApp.StartAsync(web => web.Run(async context =>
        {
            var segments = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (context.Request.Headers.Authorization.ToString() != $"Bearer {Token}")
            {
                await TenantGraph.ErrorAsync(context, 401, "InvalidAuthenticationToken", "Access token is empty.");
                return;
            }

            if (segments.Length < 2 || segments[0] != "v1.0" || TenantGraph.Match(context.Request.Method, segments[1..], context.Request.Query) is not { } resource)
            {
                await TenantGraph.ErrorAsync(context, 400, "BadRequest", "The demo's Graph answers only the evidence collectors' reads.");
                return;
            }

            await TenantGraph.AnswerAsync(context, resource, tenant, pageSize);
        })).ConfigureAwait(false);
        return new TenantGraphServer(app, new Uri(root, "v1.0"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>A credential handing out <see cref="TenantGraphServer.Token"/>, for the demo's Graph only.</summary>
public sealed class TenantGraphCredential : Azure.Core.TokenCredential
{
    public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(TenantGraphServer.Token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
