namespace Isms.Functions.Snapshots.Signing;

/// <summary>
/// Which key seals snapshots. In Azure, <see cref="KeyVaultKeyId"/> (an app setting from Bicep: the versionless id of
/// an EC P-256 key the app identity may only sign with and read); without it, <see cref="LocalKeyFile"/> (the local
/// host puts it under the clone's <c>.local</c>).
/// </summary>
public sealed class SigningOptions
{
    public const string SectionName = "Signing";

    /// <summary>The key's id without a version, e.g. https://kv-x.vault.azure.net/keys/snapshot-signing.</summary>
    public string? KeyVaultKeyId { get; set; }

    /// <summary>A PKCS#8 file holding an ECDSA P-256 key, created (readable by its owner only) when missing.</summary>
    public string LocalKeyFile { get; set; } = ".local/snapshot-signing-key.p8";

    /// <summary>The token scope asked for Key Vault.</summary>
    public string KeyVaultScope { get; set; } = "https://vault.azure.net/.default";

    public bool UsesKeyVault => !string.IsNullOrWhiteSpace(KeyVaultKeyId);

    /// <summary>What is wrong with these settings; empty when they can sign.</summary>
    public IReadOnlyList<string> Validate()
    {
        if (UsesKeyVault)
        {
            return KeyVaultKey.TryParse(KeyVaultKeyId, out var key) && key.Version is null
                ? []
                : [$"Signing:KeyVaultKeyId must be a Key Vault key id without a version (https://{{vault}}.vault.azure.net/keys/{{name}}), not '{KeyVaultKeyId}'."];
        }

        return string.IsNullOrWhiteSpace(LocalKeyFile)
            ? ["Snapshots are signed when sealed: set Signing:KeyVaultKeyId (Azure) or Signing:LocalKeyFile (a key file kept here)."]
            : [];
    }
}
