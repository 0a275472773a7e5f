using Microsoft.Extensions.Configuration;

namespace Isms.Functions.Platform;

/// <summary>
/// Whether the <c>X-MS-CLIENT-PRINCIPAL</c> header can be believed, and who a request without it is. That depends on
/// what stands in front of the app, never on an app setting: anyone can send the header, so it means something only
/// where something that signed the caller in has set it (and removed any the caller sent).
/// </summary>
public interface IClientPrincipalTrust
{
    /// <summary>True where the header was set by what authenticated the caller.</summary>
    bool TrustsHeader { get; }

    /// <summary>Who a request without the header is, where the header is trusted; null: nobody is signed in.</summary>
    Caller? WithoutHeader { get; }

    /// <summary>The object id of a principal whose header has no <c>oid</c> claim; null: such a principal is refused.</summary>
    string? ObjectIdWithoutClaim(string upn);

    /// <summary>Whether a token issued by <paramref name="tenantId"/> (its <c>tid</c>, null when absent) is accepted.</summary>
    bool AcceptsTenant(string? tenantId);
}

/// <summary>
/// The Functions app's own rule, registered by <c>AddIsms</c>: the header is App Service Authentication's, which the
/// platform announces with <c>WEBSITE_AUTH_ENABLED</c>; without it nobody is signed in. Only the local host, which
/// plays that part itself, registers another rule.
/// A principal is its object id and tenant: without <c>oid</c> it is refused, and where <c>Identity:TenantId</c> names
/// the organisation's tenant (the deployment sets it), a token of another tenant is refused too.
/// </summary>
public sealed class AppServiceAuthenticationTrust(IConfiguration configuration) : IClientPrincipalTrust
{
    public const string TenantIdSetting = "Identity:TenantId";

    private readonly string? _tenantId = configuration[TenantIdSetting] is { Length: > 0 } t ? t.Trim() : null;

    public bool TrustsHeader { get; } = string.Equals(configuration["WEBSITE_AUTH_ENABLED"], "true", StringComparison.OrdinalIgnoreCase);

    public Caller? WithoutHeader => null;

    public string? ObjectIdWithoutClaim(string upn) => null;

    public bool AcceptsTenant(string? tenantId) => _tenantId is null || string.Equals(_tenantId, tenantId, StringComparison.OrdinalIgnoreCase);
}
