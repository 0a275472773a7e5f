using Isms.Functions.Platform;
using Microsoft.Extensions.Configuration;

namespace Isms.LocalHost;

/// <summary>
/// The local host plays the part of App Service Authentication: it believes the principal header a developer or a
/// test sends, and a request without one is the development user (<c>Identity:DevelopmentUser</c>, with the roles in
/// <c>Identity:DevelopmentRoles</c>). A header
/// without an object id gets the one the development directory gives its address. Only the local host registers this; the Functions app has no setting for it.
/// </summary>
public sealed class LocalHostPrincipalTrust(Caller? developmentUser) : IClientPrincipalTrust
{
    public const string DevelopmentUserSetting = "Identity:DevelopmentUser";
    public const string DevelopmentRolesSetting = "Identity:DevelopmentRoles";

    public bool TrustsHeader => true;

    public Caller? WithoutHeader => developmentUser;

    /// <summary>A header without <c>oid</c> (the curl examples, the demo, scripts) is the address's development id.</summary>
    public string? ObjectIdWithoutClaim(string upn) => DevelopmentIdentity.ObjectIdFor(upn);

    public bool AcceptsTenant(string? tenantId) => true;

    public static LocalHostPrincipalTrust FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var upn = configuration[DevelopmentUserSetting];
        var roles = (configuration[DevelopmentRolesSetting] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
        return new LocalHostPrincipalTrust(string.IsNullOrWhiteSpace(upn) ? null : Caller.ForDevelopment(upn, roles));
    }
}
