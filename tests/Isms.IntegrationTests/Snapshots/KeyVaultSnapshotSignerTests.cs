using System.Security.Cryptography;
using Isms.Functions.Snapshots.Signing;
using Microsoft.Extensions.Options;

namespace Isms.IntegrationTests.Snapshots;

/// <summary>The Key Vault signer against a loopback vault: it signs through the vault, names the key version, and verifies with that version.</summary>
public sealed class KeyVaultSnapshotSignerTests : IAsyncLifetime
{
    private const string KeyName = "snapshot-signing";
    private static readonly byte[] Digest = SHA256.HashData("a sealed manifest"u8);
    private FakeKeyVault? _vault;

    private FakeKeyVault Vault => _vault!;

    public async Task InitializeAsync() => _vault = await FakeKeyVault.StartAsync();

    public async Task DisposeAsync()
    {
        if (_vault is not null)
        {
            await _vault.DisposeAsync();
        }
    }

    private KeyVaultSnapshotSigner Signer(string keyId) =>
        new(Options.Create(new SigningOptions { KeyVaultKeyId = keyId }), new FakeTokenCredential(), Vault.Transport);

    [Fact]
    public async Task A_signature_names_the_key_version_that_made_it_and_verifies_only_for_its_digest()
    {
        var first = Vault.Rotate(KeyName);
        var signer = Signer(Vault.KeyId(KeyName));

        var signature = await signer.SignAsync(Digest, CancellationToken.None);

        Assert.Equal(first, signature.KeyId);
        Assert.Equal(SnapshotSignature.ES256, signature.Algorithm);
        Assert.Equal(64, signature.Value.Length);
        Assert.True((await signer.VerifyAsync(signature, Digest, CancellationToken.None)).Valid);
        var other = await signer.VerifyAsync(signature, SHA256.HashData("another manifest"u8), CancellationToken.None);
        Assert.False(other.Valid);
        Assert.Contains("does not match the manifest's SHA-256", other.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_rotation_new_signatures_use_the_new_version_and_old_ones_still_verify()
    {
        Vault.Rotate(KeyName);
        var signer = Signer(Vault.KeyId(KeyName));
        var before = await signer.SignAsync(Digest, CancellationToken.None);

        var second = Vault.Rotate(KeyName);
        var after = await signer.SignAsync(Digest, CancellationToken.None);

        Assert.Equal(second, after.KeyId);
        Assert.NotEqual(before.KeyId, after.KeyId);
        Assert.True((await signer.VerifyAsync(before, Digest, CancellationToken.None)).Valid);
        Assert.True((await signer.VerifyAsync(after, Digest, CancellationToken.None)).Valid);
    }

    [Fact]
    public async Task A_signature_by_another_key_or_an_unknown_version_or_algorithm_does_not_verify()
    {
        Vault.Rotate(KeyName);
        Vault.Rotate("someone-elses-key");
        var signer = Signer(Vault.KeyId(KeyName));
        var theirs = await Signer(Vault.KeyId("someone-elses-key")).SignAsync(Digest, CancellationToken.None);
        var ours = await signer.SignAsync(Digest, CancellationToken.None);

        var foreign = await signer.VerifyAsync(theirs, Digest, CancellationToken.None);
        Assert.False(foreign.Valid);
        Assert.Contains("not a version of this app's key", foreign.Detail, StringComparison.Ordinal);

        var unknown = await signer.VerifyAsync(ours with { KeyId = Vault.KeyId(KeyName, "0123456789abcdef") }, Digest, CancellationToken.None);
        Assert.False(unknown.Valid);
        Assert.Contains("is not in the vault", unknown.Detail, StringComparison.Ordinal);

        Assert.False((await signer.VerifyAsync(ours with { Algorithm = "RS256" }, Digest, CancellationToken.None)).Valid);
    }

    [Theory]
    [InlineData("https://kv.vault.azure.net/keys/snapshot-signing/0123")]
    [InlineData("http://kv.vault.azure.net/keys/snapshot-signing")]
    [InlineData("https://kv.vault.azure.net/secrets/snapshot-signing")]
    [InlineData("not a uri")]
    public void The_configured_key_must_be_a_versionless_key_id(string keyId)
    {
        Assert.NotEmpty(new SigningOptions { KeyVaultKeyId = keyId }.Validate());
    }
}
