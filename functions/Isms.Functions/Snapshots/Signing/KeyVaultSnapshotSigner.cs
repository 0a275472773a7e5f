using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Isms.Functions.Snapshots.Signing;

/// <summary>
/// Signs with a Key Vault key the app identity may only sign with and read (a custom role scoped to that key, in
/// <c>infra/app/role-assignments.bicep</c>): the private key never leaves the vault. It calls the vault's keys API
/// (<c>POST {key}/sign</c>) through an Azure.Core pipeline with the app's managed identity; the signature names the
/// key version that made it. Verifying fetches that version's public key once (<c>GET {key}/{version}</c>) and checks
/// here, so verification needs no more than the right to read the key.
/// </summary>
public sealed class KeyVaultSnapshotSigner : ISnapshotSigner
{
    private const string ApiVersion = "7.5";

    private readonly KeyVaultKey _key;
    private readonly HttpPipeline _pipeline;
    private readonly ConcurrentDictionary<string, Task<ECParameters?>> _publicKeys = new(StringComparer.Ordinal);

    public KeyVaultSnapshotSigner(IOptions<SigningOptions> options, TokenCredential credential)
        : this(options, credential, null)
    {
    }

    /// <param name="transport">How requests reach the vault; null for the default (tests give one that trusts a loopback fake's certificate).</param>
    public KeyVaultSnapshotSigner(IOptions<SigningOptions> options, TokenCredential credential, HttpPipelineTransport? transport)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        if (!KeyVaultKey.TryParse(options.Value.KeyVaultKeyId, out var key))
        {
            throw new OptionsValidationException(SigningOptions.SectionName, typeof(SigningOptions), options.Value.Validate());
        }

        _key = key;
        var pipelineOptions = new PipelineOptions();
        if (transport is not null)
        {
            pipelineOptions.Transport = transport;
        }

        _pipeline = HttpPipelineBuilder.Build(pipelineOptions, new BearerTokenAuthenticationPolicy(credential, options.Value.KeyVaultScope));
    }

    public async Task<SnapshotSignature> SignAsync(ReadOnlyMemory<byte> sha256Digest, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["alg"] = SnapshotSignature.ES256,
            ["value"] = Base64Url.EncodeToString(sha256Digest.Span),
        });
        using var document = await SendAsync(RequestMethod.Post, new Uri($"{_key.Id}/sign?api-version={ApiVersion}"), body, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Key Vault has no key {_key.Id}.");
        var root = document.RootElement;
        return new SnapshotSignature(root.GetProperty("kid").GetString()!, SnapshotSignature.ES256, Base64Url.DecodeFromChars(root.GetProperty("value").GetString()));
    }

    public async Task<SignatureVerdict> VerifyAsync(SnapshotSignature signature, ReadOnlyMemory<byte> sha256Digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (!KeyVaultKey.TryParse(signature.KeyId, out var signedBy) || !_key.HasVersion(signedBy))
        {
            return new SignatureVerdict(false, $"it was signed by key '{signature.KeyId}', which is not a version of this app's key {_key.Id}");
        }

        if (signature.Algorithm != SnapshotSignature.ES256)
        {
            return new SignatureVerdict(false, $"its algorithm '{signature.Algorithm}' is not {SnapshotSignature.ES256}");
        }

        var id = signedBy.Id.ToString();
        var parameters = await _publicKeys.GetOrAdd(id, _ => PublicKeyAsync(signedBy, CancellationToken.None)).ConfigureAwait(false);
        if (parameters is not { } found)
        {
            return new SignatureVerdict(false, $"the key version it names ({id}) is not in the vault");
        }

        using var ecdsa = ECDsa.Create(found);
        return ecdsa.VerifyHash(sha256Digest.Span, signature.Value.Span)
            ? new SignatureVerdict(true, $"signed by {id} ({SnapshotSignature.ES256})")
            : new SignatureVerdict(false, $"the signature by {id} ({SnapshotSignature.ES256}) does not match the manifest's SHA-256");
    }

    /// <summary>The public half of one key version (a key version never changes); null when the vault has no such version.</summary>
    private async Task<ECParameters?> PublicKeyAsync(KeyVaultKey version, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await SendAsync(RequestMethod.Get, new Uri($"{version.Id}?api-version={ApiVersion}"), null, cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                return null;
            }

            var jwk = document.RootElement.GetProperty("key");
            if (jwk.GetProperty("kty").GetString() is not ("EC" or "EC-HSM") || jwk.GetProperty("crv").GetString() != "P-256")
            {
                throw new InvalidOperationException($"{version.Id} is not an EC P-256 key.");
            }

            return new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = Base64Url.DecodeFromChars(jwk.GetProperty("x").GetString()), Y = Base64Url.DecodeFromChars(jwk.GetProperty("y").GetString()) },
            };
        }
        catch
        {
            // Not remembered: the next verification asks the vault again.
            _publicKeys.TryRemove(version.Id.ToString(), out _);
            throw;
        }
    }

    /// <summary>The response's JSON; null on 404; any other refusal throws.</summary>
    private async Task<JsonDocument?> SendAsync(RequestMethod method, Uri uri, byte[]? body, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.Add(HttpHeader.Common.JsonContentType);
        if (body is not null)
        {
            message.Request.Content = RequestContent.Create(body);
        }

        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status == 404)
        {
            return null;
        }

        if (response.IsError)
        {
            throw new RequestFailedException(response);
        }

        return await JsonDocument.ParseAsync(response.ContentStream!, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private sealed class PipelineOptions : ClientOptions;
}
