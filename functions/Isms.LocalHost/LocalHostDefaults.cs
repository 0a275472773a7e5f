namespace Isms.LocalHost;

/// <summary>Settings the local host supplies when nothing else does; in Azure the same names are app settings from Bicep.</summary>
public static class LocalHostDefaults
{
    public static IReadOnlyDictionary<string, string?> Settings(string outboxDirectory) => new Dictionary<string, string?>
    {
        // The local host plays the part of App Service Authentication, so it believes the header.
        ["Identity:TrustClientPrincipalHeader"] = "true",
        ["Identity:DevelopmentUser"] = "isms.manager@contoso.example",
        ["Identity:DevelopmentRoles"] = "Isms.Admin",
        ["Notifications:Channel"] = "Outbox",
        ["Isms:IsmsManagerUpn"] = "isms.manager@contoso.example",
        ["Notifications:OutboxDirectory"] = outboxDirectory,
    };
}
