namespace Isms.LocalHost;

/// <summary>Settings the local host supplies when nothing else does; in Azure the same names are app settings from Bicep.</summary>
public static class LocalHostDefaults
{
    public static IReadOnlyDictionary<string, string?> Settings(string outboxDirectory) => new Dictionary<string, string?>
    {
        // Who a request without the principal header is (see LocalHostPrincipalTrust): the ISMS manager.
        [LocalHostPrincipalTrust.DevelopmentUserSetting] = "isms.manager@contoso.example",
        [LocalHostPrincipalTrust.DevelopmentRolesSetting] = "Isms.Admin",
        ["Notifications:Channel"] = "Outbox",
        ["Isms:IsmsManagerUpn"] = "isms.manager@contoso.example",
        ["Notifications:OutboxDirectory"] = outboxDirectory,
    };
}
