using Isms.Functions.Snapshots.Signing;

namespace Isms.IntegrationTests.Snapshots;

/// <summary>How a signature is stored as blob metadata, and read back.</summary>
public sealed class SnapshotSignatureMetadataTests
{
    private static readonly SnapshotSignature Signed = new("https://kv-x.vault.azure.net/keys/snapshot-signing/0a1b2c", SnapshotSignature.ES256, Enumerable.Range(0, 64).Select(i => (byte)i).ToArray());

    [Fact]
    public void A_signature_round_trips_through_ascii_metadata()
    {
        var metadata = Signed.ToMetadata();

        Assert.All(metadata.Values, v => Assert.True(v.All(char.IsAscii), v));
        var read = SnapshotSignature.FromMetadata(new Dictionary<string, string>(metadata) { ["sha256"] = "ab" })!;
        Assert.Equal(Signed.KeyId, read.KeyId);
        Assert.Equal(Signed.Algorithm, read.Algorithm);
        Assert.Equal(Signed.Value.ToArray(), read.Value.ToArray());
    }

    [Fact]
    public void No_signature_entries_read_as_missing_and_a_damaged_one_as_a_signature_that_cannot_hold()
    {
        Assert.Null(SnapshotSignature.FromMetadata(new Dictionary<string, string> { ["sha256"] = "ab", ["snapshotid"] = "SNAP-000001" }));

        var damaged = new Dictionary<string, string>(Signed.ToMetadata()) { [SnapshotSignature.ValueMetadata] = "not base64url!" };
        var read = SnapshotSignature.FromMetadata(damaged);
        Assert.NotNull(read);
        Assert.Equal(0, read.Value.Length);

        var partial = SnapshotSignature.FromMetadata(new Dictionary<string, string> { [SnapshotSignature.AlgorithmMetadata] = SnapshotSignature.ES256 });
        Assert.NotNull(partial);
        Assert.Equal(string.Empty, partial.KeyId);
    }

    [Fact]
    public void A_key_version_belongs_to_the_key_of_the_same_vault_and_name_only()
    {
        Assert.True(KeyVaultKey.TryParse("https://kv-x.vault.azure.net/keys/snapshot-signing", out var key));
        Assert.Null(key.Version);
        Assert.True(KeyVaultKey.TryParse("https://KV-X.vault.azure.net/keys/Snapshot-Signing/0a1b2c", out var version));
        Assert.True(key.HasVersion(version));
        Assert.True(KeyVaultKey.TryParse("https://kv-y.vault.azure.net/keys/snapshot-signing/0a1b2c", out var otherVault));
        Assert.False(key.HasVersion(otherVault));
        Assert.True(KeyVaultKey.TryParse("https://kv-x.vault.azure.net/keys/other/0a1b2c", out var otherKey));
        Assert.False(key.HasVersion(otherKey));
        Assert.False(key.HasVersion(key));
        Assert.False(KeyVaultKey.TryParse("https://kv-x.vault.azure.net/keys/snapshot-signing/0a1b2c?x=1", out _));
    }
}
