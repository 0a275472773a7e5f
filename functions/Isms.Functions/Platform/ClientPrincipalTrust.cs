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
}

/// <summary>
/// The Functions app's own rule, registered by <c>AddIsms</c>: the header is App Service Authentication's, which the
/// platform announces with <c>WEBSITE_AUTH_ENABLED</c>; without it nobody is signed in. Only the local host, which
/// plays that part itself, registers another rule.
/// </summary>
public sealed class AppServiceAuthenticationTrust(IConfiguration configuration) : IClientPrincipalTrust
{
    public bool TrustsHeader { get; } = string.Equals(configuration["WEBSITE_AUTH_ENABLED"], "true", StringComparison.OrdinalIgnoreCase);

    public Caller? WithoutHeader => null;
}
