namespace Isms.Functions.Platform;

/// <summary>
/// Who the caller is. The <c>X-MS-CLIENT-PRINCIPAL</c> header is only believed where App Service Authentication
/// set it (<c>WEBSITE_AUTH_ENABLED</c>) or where the local host says so; anywhere else anyone could forge it.
/// </summary>
public sealed class IdentityOptions
{
    public const string SectionName = "Identity";

    /// <summary>Set by the local host only: believe the header without App Service Authentication in front.</summary>
    [LocalHostOnly]
    public bool TrustClientPrincipalHeader { get; set; }

    /// <summary>Local host only: who a request without the header is (UPN).</summary>
    [LocalHostOnly]
    public string? DevelopmentUser { get; set; }

    /// <summary>Local host only: the roles of <see cref="DevelopmentUser"/>, comma separated.</summary>
    [LocalHostOnly]
    public string? DevelopmentRoles { get; set; }
}
