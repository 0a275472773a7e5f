namespace Isms.Infra.Tests;

/// <summary>
/// Sealed snapshots are signed with a Key Vault key the app identity may only sign with and read: the key, a custom
/// role with exactly those data actions, its assignment scoped to the key alone, and the setting naming the key.
/// </summary>
[Collection(CompiledTemplatesGroup.Name)]
public sealed class SnapshotSigningKeyTests(CompiledTemplates templates)
{
    private static readonly string[] SigningDataActions =
    [
        "Microsoft.KeyVault/vaults/keys/read",
        "Microsoft.KeyVault/vaults/keys/sign/action",
    ];

    /// <summary>An assignment of a role defined in the templates themselves rather than a built-in one.</summary>
    internal static bool IsCustomRole(ArmResource assignment) =>
        assignment.Properties.GetProperty("roleDefinitionId").GetString()!.Contains("Microsoft.Authorization/roleDefinitions', guid(", StringComparison.Ordinal);

    [Fact]
    public void The_vault_holds_an_EC_P256_signing_key_that_cannot_be_exported()
    {
        var key = templates.Single("Microsoft.KeyVault/vaults/keys");
        Assert.Equal("EC", key.Properties.GetProperty("kty").GetString());
        Assert.Equal("P-256", key.Properties.GetProperty("curveName").GetString());
        Assert.Equal(["sign", "verify"], key.Properties.GetProperty("keyOps").EnumerateArray().Select(o => o.GetString()!).Order());
        Assert.False(key.Properties.Path("attributes", "exportable").GetBoolean());
    }

    [Fact]
    public void The_custom_role_allows_signing_and_reading_keys_and_nothing_else()
    {
        var role = templates.Single("Microsoft.Authorization/roleDefinitions");
        Assert.Equal("CustomRole", role.Properties.GetProperty("type").GetString());
        var permission = Assert.Single(role.Properties.GetProperty("permissions").EnumerateArray());
        Assert.Equal(SigningDataActions, permission.GetProperty("dataActions").EnumerateArray().Select(a => a.GetString()!).Order(StringComparer.Ordinal));
        foreach (var none in new[] { "actions", "notActions", "notDataActions" })
        {
            Assert.Empty(permission.GetProperty(none).EnumerateArray());
        }

        var scopes = role.Properties.GetProperty("assignableScopes").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Equal(["[resourceGroup().id]"], scopes);
        Assert.Contains("guid(resourceGroup().id", role.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_app_identity_gets_the_role_and_only_on_the_signing_key()
    {
        var assignment = Assert.Single(templates.Deployed("Microsoft.Authorization/roleAssignments"), IsCustomRole);
        Assert.Equal("[parameters('principalId')]", assignment.Properties.GetProperty("principalId").GetString());
        Assert.Equal("ServicePrincipal", assignment.Properties.GetProperty("principalType").GetString());
        var scope = assignment.Element.GetProperty("scope").GetString()!;
        Assert.Contains("Microsoft.KeyVault/vaults/keys", scope, StringComparison.Ordinal);
        Assert.Contains("snapshotSigningKeyName", scope, StringComparison.Ordinal);
        Assert.Contains("userAssignedIdentities", assignment.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_is_told_the_versionless_key_id()
    {
        var settings = templates.AppSettings();
        Assert.Equal("[parameters('snapshotSigningKeyUri')]", settings["Signing__KeyVaultKeyId"]);
        var output = templates.Template("app/key-vault.bicep").Path("outputs", "snapshotSigningKeyUri", "value").GetString();
        Assert.Contains("Microsoft.KeyVault/vaults/keys", output, StringComparison.Ordinal);
        Assert.EndsWith(".keyUri]", output, StringComparison.Ordinal);
    }
}
