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

/// <summary>Who is calling: the signed-in user's UPN and app roles, as App Service Authentication passes them.</summary>
public sealed record Caller(string Upn, IReadOnlySet<string> Roles)
{
    public bool IsAdmin => Roles.Contains(Platform.Roles.Admin);

    public bool IsAuditor => Roles.Contains(Platform.Roles.Auditor);

    public bool HasAnyRole => Roles.Overlaps(Platform.Roles.All);

    public bool IsAny(params string[] roles) => roles.Any(Roles.Contains);

    public bool Is(string? upn) => upn is not null && string.Equals(Upn, upn, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Reads the caller from <c>X-MS-CLIENT-PRINCIPAL</c>, where <see cref="IClientPrincipalTrust"/> says the header can
/// be believed; anywhere else anyone could forge it, so nobody is signed in.
/// </summary>
public sealed class CallerReader(IClientPrincipalTrust trust)
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    private static readonly string[] UpnClaims =
    [
        "preferred_username",
        "upn",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "name",
    ];

    /// <summary>The caller, or null when nobody is signed in.</summary>
    public Caller? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!trust.TrustsHeader)
        {
            return null;
        }

        var header = request.Headers[HeaderName].ToString();
        return string.IsNullOrWhiteSpace(header) ? trust.WithoutHeader : Parse(header);
    }

    private static Caller? Parse(string header)
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
            var upn = UpnClaims.Select(type => claims.FirstOrDefault(cl => cl.Type == type).Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
            if (upn is null)
            {
                return null;
            }

            var roles = claims
                .Where(cl => cl.Type is "roles" or "role" || (roleType is not null && cl.Type == roleType) || cl.Type == "http://schemas.microsoft.com/ws/2008/06/identity/claims/role")
                .Select(cl => cl.Value!)
                .ToHashSet(StringComparer.Ordinal);
            return new Caller(upn, roles);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Encodes a principal the way App Service does, for tests and the docs' curl examples.</summary>
    public static string Encode(string upn, params string[] roles)
    {
        var claims = new List<object> { new { typ = "preferred_username", val = upn } };
        claims.AddRange(roles.Select(r => new { typ = "roles", val = r }));
        var json = JsonSerializer.Serialize(new { auth_typ = "aad", name_typ = "preferred_username", role_typ = "roles", claims });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }
}
