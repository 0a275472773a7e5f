namespace Isms.LocalHost;

/// <summary>Settings the local host supplies when nothing else does; in Azure the same names are app settings from Bicep.</summary>
public static class LocalHostDefaults
{
    /// <param name="signingKeyFile">The key snapshots are signed with here, created on first use (in Azure: a Key Vault key).</param>
    public static IReadOnlyDictionary<string, string?> Settings(string outboxDirectory, string signingKeyFile) => new Dictionary<string, string?>
    {
        // Who a request without the principal header is (see LocalHostPrincipalTrust): the ISMS manager.
        [LocalHostPrincipalTrust.DevelopmentUserSetting] = "isms.manager@contoso.example",
        [LocalHostPrincipalTrust.DevelopmentRolesSetting] = "Isms.Admin",
        ["Notifications:Channel"] = "Outbox",
        ["Isms:IsmsManagerUpn"] = "isms.manager@contoso.example",
        ["Notifications:OutboxDirectory"] = outboxDirectory,
        ["Signing:LocalKeyFile"] = signingKeyFile,
    };
}
