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

        // There is no Microsoft 365 tenant here to collect evidence from; the demo brings a stand-in and turns them on.
        ["Collectors:Enabled"] = "false",

        // Entra groups stand-ins (there is no Entra ID here): what documents and courses may name as their audience.
        [$"People:Groups:{StaffGroup}:DisplayName"] = "Contoso staff",
        [$"People:Groups:{StaffGroup}:Members"] = "isms.manager@contoso.example, dana.owner@contoso.example, sam.it@contoso.example, lee.hr@contoso.example, kim.facilities@contoso.example, pat.dev@contoso.example, jo.staff@contoso.example, max.staff@contoso.example",
        [$"People:Groups:{EngineeringGroup}:DisplayName"] = "Engineering",
        [$"People:Groups:{EngineeringGroup}:Members"] = "sam.it@contoso.example, pat.dev@contoso.example",
    };

    /// <summary>The local stand-in for an all-staff Entra group.</summary>
    public const string StaffGroup = "7c0e1a5b-0000-4000-8000-00000000a001";

    /// <summary>The local stand-in for an engineering Entra group.</summary>
    public const string EngineeringGroup = "7c0e1a5b-0000-4000-8000-00000000a002";
}
