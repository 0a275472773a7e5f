using Isms.LocalHost;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Isms.TestSupport;

/// <summary>
/// A loopback stand-in for a vault's keys API, over HTTPS with a certificate of its own (Azure.Core sends bearer
/// tokens over TLS only): EC P-256 keys with versions, <c>POST /keys/{name}/sign</c> and <c>GET /keys/{name}/{version}</c>,
/// each refusing a request without a bearer token. <see cref="Transport"/> trusts exactly its certificate.
/// </summary>
public sealed class FakeKeyVault : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, List<(string Version, ECDsa Key)>> _keys = new(StringComparer.OrdinalIgnoreCase);
    private readonly X509Certificate2 _certificate;
    private WebApplication? _app;

    private FakeKeyVault(X509Certificate2 certificate) => _certificate = certificate;

    /// <summary>The vault's root, ending in a slash.</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>A transport that trusts this fake's certificate and no other.</summary>
    public HttpPipelineTransport Transport => new HttpClientTransport(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == _certificate.Thumbprint,
    });

    public static async Task<FakeKeyVault> StartAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var vault = new FakeKeyVault(X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null));

        (vault._app, vault.Root) = await LoopbackApp.StartAsync(
            app =>
            {
                app.MapPost("/keys/{name}/sign", vault.SignAsync);
                app.MapGet("/keys/{name}/{version}", vault.Get);
            },
            vault._certificate);
        return vault;
    }

    /// <summary>Creates the key, or a new version of it (a rotation); returns the new version's id.</summary>
    public string Rotate(string name)
    {
        var version = Guid.NewGuid().ToString("N");
        _keys.GetOrAdd(name, _ => []).Add((version, ECDsa.Create(ECCurve.NamedCurves.nistP256)));
        return KeyId(name, version);
    }

    public string KeyId(string name, string? version = null) => version is null ? $"{Root}keys/{name}" : $"{Root}keys/{name}/{version}";

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        foreach (var version in _keys.Values.SelectMany(v => v))
        {
            version.Key.Dispose();
        }

        _certificate.Dispose();
    }

    private async Task<IResult> SignAsync(HttpContext context, string name)
    {
        if (!Authorized(context) || !_keys.TryGetValue(name, out var versions))
        {
            return Authorized(context) ? Results.NotFound() : Results.Unauthorized();
        }

        var body = await JsonNode.ParseAsync(context.Request.Body);
        if ((string?)body?["alg"] != "ES256")
        {
            return Results.BadRequest();
        }

        var (version, key) = versions[^1];
        var signature = key.SignHash(Base64Url.DecodeFromChars((string)body["value"]!));
        return Results.Json(new { kid = KeyId(name, version), value = Base64Url.EncodeToString(signature) });
    }

    private IResult Get(HttpContext context, string name, string version)
    {
        if (!Authorized(context))
        {
            return Results.Unauthorized();
        }

        if (!_keys.TryGetValue(name, out var versions) || versions.FirstOrDefault(v => v.Version == version).Key is not { } key)
        {
            return Results.NotFound();
        }

        var parameters = key.ExportParameters(includePrivateParameters: false);
        return Results.Json(new
        {
            key = new { kid = KeyId(name, version), kty = "EC", crv = "P-256", x = Base64Url.EncodeToString(parameters.Q.X), y = Base64Url.EncodeToString(parameters.Q.Y), key_ops = new[] { "sign", "verify" } },
        }, new JsonSerializerOptions());
    }

    private static bool Authorized(HttpContext context) =>
        context.Request.Headers.Authorization.ToString() == "Bearer " + FakeTokenCredential.Token;
}
