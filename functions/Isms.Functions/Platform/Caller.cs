using System.Text;
using System.Text.Json;

namespace Isms.Functions.Platform;

/// <summary>The roles of the contract; a caller may hold several.</summary>
public static class Roles
{
    public const string Admin = "Isms.Admin";
    public const string Auditor = "Isms.Auditor";
    public const string Contributor = "Isms.Contributor";
    public const string Reader = "Isms.Reader";

    public static IReadOnlyList<string> All { get; } = [Admin, Auditor, Contributor, Reader];
}

/// <summary>
/// Who is calling: the signed-in user's Entra object id (who they are), their UPN (how people and mail name them) and
/// app roles, as App Service Authentication passes them. Records compare people by object id, so a UPN that is later
/// given to someone else does not carry the first person's records with it.
/// </summary>
public sealed record Caller(string ObjectId, string Upn, IReadOnlySet<string> Roles)
{
    /// <summary>The Entra tenant the token was issued by (<c>tid</c>); null where there is no Entra ID (locally).</summary>
    public string? TenantId { get; init; }

    /// <summary>A caller where there is no Entra ID: the object id is the one the development directory gives the address.</summary>
    public static Caller ForDevelopment(string upn, IReadOnlySet<string> roles) => new(DevelopmentIdentity.ObjectIdFor(upn), upn, roles);

    public bool IsAdmin => Roles.Contains(Platform.Roles.Admin);

    public bool IsAuditor => Roles.Contains(Platform.Roles.Auditor);

    public bool HasAnyRole => Roles.Overlaps(Platform.Roles.All);

    public bool IsAny(params string[] roles) => roles.Any(Roles.Contains);

    /// <summary>
    /// Whether the caller is the person a record names: by object id where the record holds one (every assignment made
    /// since people are resolved through the directory); by UPN only for a record written before that (see
    /// docs/security.md, "Identities").
    /// </summary>
    public bool Is(string? upn, string? objectId) => Core.Validation.UserPrincipalName.AreSamePerson(Upn, ObjectId, upn, objectId);
}

/// <summary>
/// Reads the caller from <c>X-MS-CLIENT-PRINCIPAL</c>, where <see cref="IClientPrincipalTrust"/> says the header can
/// be believed; anywhere else anyone could forge it, so nobody is signed in.
/// </summary>
public sealed class CallerReader(IClientPrincipalTrust trust)
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>
    /// The claims that name the account. Never <c>email</c> or <c>name</c>: anyone may set those on a guest or an
    /// external account, so they identify nobody.
    /// </summary>
    private static readonly string[] UpnClaims =
    [
        "preferred_username",
        "upn",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
    ];

    private static readonly string[] ObjectIdClaims = ["oid", "http://schemas.microsoft.com/identity/claims/objectidentifier"];

    private static readonly string[] TenantIdClaims = ["tid", "http://schemas.microsoft.com/identity/claims/tenantid"];

    /// <summary>The caller, or null when nobody is signed in.</summary>
    public Caller? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!trust.TrustsHeader)
        {
            return null;
        }

        var header = request.Headers[HeaderName].ToString();
        return string.IsNullOrWhiteSpace(header) ? trust.WithoutHeader : Parse(header, trust);
    }

    private static Caller? Parse(string header, IClientPrincipalTrust trust)
    {
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(header));
            var root = document.RootElement;
            var roleType = root.TryGetProperty("role_typ", out var rt) && rt.ValueKind == JsonValueKind.String ? rt.GetString() : null;
            var claims = root.TryGetProperty("claims", out var c) && c.ValueKind == JsonValueKind.Array
                ? c.EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.Object)
                    .Select(e => (Type: e.TryGetProperty("typ", out var t) ? t.GetString() : null, Value: e.TryGetProperty("val", out var v) ? v.GetString() : null))
                    .Where(e => e.Type is not null && e.Value is not null)
                    .ToList()
                : [];
            string? First(string[] types) => types.Select(type => claims.FirstOrDefault(cl => cl.Type == type).Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
            var upn = First(UpnClaims);
            if (upn is null)
            {
                return null;
            }

            // A principal without an object id is nobody in Azure; only the local host, where no one issues tokens,
            // gives it the id its development directory would.
            var tenantId = First(TenantIdClaims);
            var objectId = First(ObjectIdClaims) is { } oid && Guid.TryParse(oid, out var parsed) ? parsed.ToString("D") : trust.ObjectIdWithoutClaim(upn);
            if (objectId is null || !trust.AcceptsTenant(tenantId))
            {
                return null;
            }

            var roles = claims
                .Where(cl => cl.Type is "roles" or "role" || (roleType is not null && cl.Type == roleType) || cl.Type == "http://schemas.microsoft.com/ws/2008/06/identity/claims/role")
                .Select(cl => cl.Value!)
                .ToHashSet(StringComparer.Ordinal);
            return new Caller(objectId, upn, roles) { TenantId = tenantId };
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Encodes a principal without an object id, as the docs' curl examples send it to the local host.</summary>
    public static string Encode(string upn, params string[] roles) => Encode(objectId: null, tenantId: null, upn, roles);

    /// <summary>Encodes a principal the way App Service does (object id and tenant as Entra ID's claim URIs), for tests.</summary>
    public static string Encode(string? objectId, string? tenantId, string upn, params string[] roles)
    {
        var claims = new List<object> { new { typ = "preferred_username", val = upn } };
        if (objectId is not null)
        {
            claims.Add(new { typ = ObjectIdClaims[1], val = objectId });
        }

        if (tenantId is not null)
        {
            claims.Add(new { typ = TenantIdClaims[1], val = tenantId });
        }

        claims.AddRange(roles.Select(r => new { typ = "roles", val = r }));
        var json = JsonSerializer.Serialize(new { auth_typ = "aad", name_typ = "preferred_username", role_typ = "roles", claims });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }
}
