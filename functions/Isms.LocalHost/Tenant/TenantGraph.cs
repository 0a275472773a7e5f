using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Isms.LocalHost.Tenant;

/// <summary>One list a collector reads from Graph, with the application permissions Graph wants for it.</summary>
public sealed record TenantResource(string Kind, IReadOnlyList<string> Permissions);

/// <summary>
/// Answers the Graph reads of the evidence collectors from a <see cref="TenantData"/>, shaped as Graph answers them:
/// <c>value</c> pages of at most the page size (or <c>$top</c> when smaller) with the next page in
/// <c>@odata.nextLink</c>, only the <c>$select</c>ed properties, <c>$expand=principal</c> on role assignments, the one
/// <c>$filter</c> the guests collector sends, and the errors Graph gives for a licence the tenant lacks. Used by the
/// tests' fake Graph and by the demo's, so both serve the same shapes.
/// </summary>
public static class TenantGraph
{
    private const string AuditLog = "AuditLog.Read.All";
    private const string GuestFilter = "userType eq 'Guest'";
    private const string DisabledFilter = "accountEnabled eq false";

    /// <summary>The tenant list a request reads, or null when it is not one of them.</summary>
    /// <param name="segments">The path after the version segment ("reports", "authenticationMethods", …).</param>
    public static TenantResource? Match(string method, IReadOnlyList<string> segments, IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(query);
        if (!HttpMethods.IsGet(method))
        {
            return null;
        }

        var path = string.Join('/', segments).ToLowerInvariant();
        return path switch
        {
            "reports/authenticationmethods/userregistrationdetails" => new("registrationDetails", [AuditLog]),
            "identity/conditionalaccess/policies" => new("conditionalAccessPolicies", ["Policy.Read.All"]),
            "rolemanagement/directory/roleassignments" => new("roleAssignments", ["RoleManagement.Read.Directory"]),
            "rolemanagement/directory/roleeligibilityschedules" => new("roleEligibility", ["RoleManagement.Read.Directory"]),
            "users" => new("users", Selected(query).Contains("signInActivity") ? ["User.Read.All", AuditLog] : ["User.Read.All"]),
            "applications" => new("applications", ["Application.Read.All"]),
            "security/securescores" => new("secureScores", ["SecurityEvents.Read.All"]),
            "security/securescorecontrolprofiles" => new("secureScoreControlProfiles", ["SecurityEvents.Read.All"]),
            "devicemanagement/manageddevices" => new("managedDevices", ["DeviceManagementManagedDevices.Read.All"]),
            _ => null,
        };
    }

    /// <summary>Writes the page the request asks for, or Graph's error for it; returns the status.</summary>
    public static async Task<int> AnswerAsync(HttpContext context, TenantResource resource, TenantData tenant, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(tenant);
        var query = context.Request.Query;
        TenantPage page;
        switch (resource.Kind)
        {
            case "registrationDetails":
                page = Page(tenant.Registrations, context, pageSize, Registration);
                break;
            case "conditionalAccessPolicies":
                page = Page(tenant.Policies, context, pageSize, Policy);
                break;
            case "roleAssignments":
                page = Page(tenant.RoleAssignments.Where(a => !a.Eligible).ToList(), context, pageSize, a => Assignment(a, query));
                break;
            case "roleEligibility":
                if (!tenant.PimLicensed)
                {
                    return await ErrorAsync(context, 400, "AadPremiumLicenseRequired", "The tenant needs an AAD Premium 2 license.");
                }

                page = Page(tenant.RoleAssignments.Where(a => a.Eligible).ToList(), context, pageSize, a => Assignment(a, query));
                break;
            case "users":
                var filter = query["$filter"].ToString();
                if (string.Equals(filter, DisabledFilter, StringComparison.OrdinalIgnoreCase))
                {
                    page = Page(tenant.Registrations.Where(r => !r.Enabled).ToList(), context, pageSize, Disabled);
                    break;
                }

                if (!string.IsNullOrEmpty(filter) && !string.Equals(filter, GuestFilter, StringComparison.OrdinalIgnoreCase))
                {
                    return await ErrorAsync(context, 400, "Request_UnsupportedQuery", $"This stand-in for Graph knows only $filter={GuestFilter} and $filter={DisabledFilter}.");
                }

                if (Selected(query).Contains("signInActivity") && !tenant.PremiumLicensed)
                {
                    return await ErrorAsync(context, 403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant", "Neither tenant is B2C or tenant doesn't have premium license");
                }

                // Graph pages users with their sign-in activity 500 at the most.
                if (Selected(query).Contains("signInActivity") && int.TryParse(query["$top"], NumberStyles.None, CultureInfo.InvariantCulture, out var asked) && asked > 500)
                {
                    return await ErrorAsync(context, 400, "Request_UnsupportedQuery", "The page size requested with signInActivity is larger than 500.");
                }

                page = Page(tenant.Guests, context, pageSize, Guest);
                break;
            case "applications":
                page = Page(tenant.Applications, context, pageSize, Application);
                break;
            case "secureScores":
                page = Page(tenant.SecureScores, context, pageSize, s => SecureScore(s, tenant));
                break;
            case "secureScoreControlProfiles":
                page = Page(tenant.ControlProfiles, context, pageSize, Profile);
                break;
            case "managedDevices":
                if (!tenant.IntuneLicensed)
                {
                    return await ErrorAsync(context, 400, "BadRequest", "Request not applicable to target tenant.");
                }

                page = Page(tenant.Devices, context, pageSize, Device);
                break;
            default:
                return await ErrorAsync(context, 400, "BadRequest", "Not a tenant list.");
        }

        return await WriteAsync(context, resource.Kind, page);
    }

    /// <summary>
    /// Answers one page of <paramref name="all"/> as Graph pages a list: at most <paramref name="pageSize"/> entries (or
    /// <c>$top</c> when smaller) from <c>$skiptoken</c>, only the <c>$select</c>ed properties, and the next page in
    /// <c>@odata.nextLink</c>. The fake's group members are paged by it too.
    /// </summary>
    public static Task<int> WritePageAsync<T>(HttpContext context, string kind, IReadOnlyList<T> all, int pageSize, Func<T, JsonObject> shape)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WriteAsync(context, kind, Page(all, context, pageSize, shape));
    }

    private static async Task<int> WriteAsync(HttpContext context, string kind, TenantPage page)
    {
        var query = context.Request.Query;
        var (items, from, size, total) = page;
        var selected = Selected(query);
        var expandsPrincipal = query["$expand"].ToString().Contains("principal", StringComparison.OrdinalIgnoreCase);
        var body = new JsonObject
        {
            ["@odata.context"] = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/$metadata#{kind}",
            ["value"] = new JsonArray([.. items.Select(i => (JsonNode)Only(i, selected, expandsPrincipal))]),
        };
        if (from + size < total)
        {
            body["@odata.nextLink"] = NextLink(context, from + size, size);
        }

        context.Response.StatusCode = 200;
        await context.Response.WriteAsJsonAsync(body);
        return 200;
    }

    /// <summary>A Graph error body, as the SDK reads it into an ODataError.</summary>
    public static async Task<int> ErrorAsync(HttpContext context, int status, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { code, message, innerError = new { date = DateTime.UtcNow, requestId = Guid.NewGuid() } } }));
        return status;
    }

    /// <summary>One page of a list: its entries, where it starts, how many a page holds, and how many there are.</summary>
    private sealed record TenantPage(List<JsonObject> Items, int From, int Size, int Total);

    private static TenantPage Page<T>(IReadOnlyList<T> all, HttpContext context, int pageSize, Func<T, JsonObject> shape)
    {
        var query = context.Request.Query;
        var size = int.TryParse(query["$top"], NumberStyles.None, CultureInfo.InvariantCulture, out var top) ? Math.Clamp(top, 1, pageSize) : pageSize;
        var from = int.TryParse(query["$skiptoken"], NumberStyles.None, CultureInfo.InvariantCulture, out var skip) ? skip : 0;
        var end = Math.Min(all.Count, from + size);
        var page = new List<JsonObject>(Math.Max(0, end - from));
        for (var i = from; i < end; i++)
        {
            page.Add(shape(all[i]));
        }

        return new TenantPage(page, from, size, all.Count);
    }

    private static string NextLink(HttpContext context, int from, int size)
    {
        var request = context.Request;
        var kept = request.Query
            .Where(q => q.Key is not ("$skiptoken" or "$top"))
            .Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"$top={size.ToString(CultureInfo.InvariantCulture)}")
            .Append($"$skiptoken={from.ToString(CultureInfo.InvariantCulture)}");
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', kept)}";
    }

    private static HashSet<string> Selected(IQueryCollection query) =>
        new(query["$select"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);

    /// <summary>Only the selected properties (and id, which Graph always returns), or all when nothing is selected.</summary>
    private static JsonObject Only(JsonObject item, HashSet<string> selected, bool expandsPrincipal)
    {
        if (selected.Count == 0)
        {
            return item;
        }

        foreach (var name in item.Select(p => p.Key).ToList())
        {
            if (name != "id" && !name.StartsWith('@') && !selected.Contains(name) && !(name == "principal" && expandsPrincipal))
            {
                item.Remove(name);
            }
        }

        return item;
    }

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static JsonObject Registration(TenantRegistration r) => new()
    {
        ["id"] = r.Id,
        ["userPrincipalName"] = r.Upn,
        ["userDisplayName"] = r.DisplayName,
        ["userType"] = r.IsGuest ? "guest" : "member",
        ["isAdmin"] = r.IsAdmin,
        ["isSsprRegistered"] = r.IsMfaCapable,
        ["isSsprEnabled"] = true,
        ["isSsprCapable"] = r.IsMfaCapable,
        ["isMfaRegistered"] = r.IsMfaCapable,
        ["isMfaCapable"] = r.IsMfaCapable,
        ["isPasswordlessCapable"] = false,
        ["isSystemPreferredAuthenticationMethodEnabled"] = true,
        ["methodsRegistered"] = Strings(r.IsMfaCapable ? ["microsoftAuthenticatorPush", "softwareOneTimePasscode"] : []),
        ["defaultMfaMethod"] = r.IsMfaCapable ? "microsoftAuthenticatorPush" : "none",
        ["lastUpdatedDateTime"] = Date(DateTimeOffset.UtcNow.AddHours(-6)),
    };

    private static JsonObject Disabled(TenantRegistration r) => new()
    {
        ["id"] = r.Id,
        ["displayName"] = r.DisplayName,
        ["userPrincipalName"] = r.Upn,
        ["accountEnabled"] = false,
        ["userType"] = r.IsGuest ? "Guest" : "Member",
    };

    private static JsonObject Policy(TenantPolicy p) => new()
    {
        ["id"] = p.Id,
        ["displayName"] = p.DisplayName,
        ["state"] = p.State,
        ["createdDateTime"] = "2025-03-01T09:00:00Z",
        ["modifiedDateTime"] = "2026-06-01T09:00:00Z",
        ["conditions"] = new JsonObject
        {
            ["clientAppTypes"] = Strings(p.ClientAppTypes),
            ["applications"] = new JsonObject { ["includeApplications"] = Strings(p.IncludeApplications), ["excludeApplications"] = new JsonArray() },
            ["users"] = new JsonObject { ["includeUsers"] = Strings(p.IncludeUsers), ["excludeUsers"] = new JsonArray(), ["includeGroups"] = new JsonArray(), ["excludeGroups"] = new JsonArray() },
        },
        ["grantControls"] = new JsonObject { ["operator"] = "OR", ["builtInControls"] = Strings(p.BuiltInControls), ["customAuthenticationFactors"] = new JsonArray() },
        ["sessionControls"] = null,
    };

    private static JsonObject Assignment(TenantRoleAssignment a, IQueryCollection query)
    {
        var item = new JsonObject
        {
            ["id"] = a.Id,
            ["roleDefinitionId"] = a.RoleDefinitionId,
            ["principalId"] = a.PrincipalId,
            ["directoryScopeId"] = "/",
        };
        if (a.Eligible)
        {
            item["memberType"] = "Direct";
            item["status"] = "Provisioned";
            item["scheduleInfo"] = new JsonObject { ["startDateTime"] = "2026-01-01T00:00:00Z", ["expiration"] = new JsonObject { ["type"] = "noExpiration" } };
        }

        if (query["$expand"].ToString().Contains("principal", StringComparison.OrdinalIgnoreCase))
        {
            var principal = new JsonObject { ["@odata.type"] = $"#microsoft.graph.{a.PrincipalType}", ["id"] = a.PrincipalId, ["displayName"] = a.PrincipalName };
            if (a.PrincipalType == "user")
            {
                principal["userPrincipalName"] = a.PrincipalName;
            }

            item["principal"] = principal;
        }

        return item;
    }

    private static JsonObject Guest(TenantGuest g) => new()
    {
        ["id"] = g.Id,
        ["displayName"] = g.DisplayName,
        ["userPrincipalName"] = g.Upn,
        ["mail"] = g.Upn.Split("#EXT#")[0].Replace('_', '@'),
        ["userType"] = "Guest",
        ["accountEnabled"] = true,
        ["createdDateTime"] = Date(g.Created),
        ["signInActivity"] = new JsonObject
        {
            ["lastSignInDateTime"] = g.LastSignIn is { } at ? Date(at) : null,
            ["lastNonInteractiveSignInDateTime"] = null,
            ["lastSuccessfulSignInDateTime"] = g.LastSignIn is { } ok ? Date(ok) : null,
        },
    };

    private static JsonObject Application(TenantApplication a)
    {
        JsonArray Credentials(bool certificates) => new([.. a.Credentials.Where(c => c.IsCertificate == certificates).Select((c, i) => (JsonNode)new JsonObject
        {
            ["keyId"] = DeterministicGuid(a.Id + c.DisplayName + i),
            ["displayName"] = c.DisplayName,
            ["startDateTime"] = Date(c.EndsAt.AddYears(-1)),
            ["endDateTime"] = Date(c.EndsAt),
            ["hint"] = certificates ? null : "abc",
            ["type"] = certificates ? "AsymmetricX509Cert" : null,
            ["usage"] = certificates ? "Verify" : null,
        })]);
        return new JsonObject
        {
            ["id"] = a.Id,
            ["appId"] = a.AppId,
            ["displayName"] = a.DisplayName,
            ["signInAudience"] = "AzureADMyOrg",
            ["passwordCredentials"] = Credentials(false),
            ["keyCredentials"] = Credentials(true),
        };
    }

    private static JsonObject SecureScore(TenantSecureScore s, TenantData tenant) => new()
    {
        ["id"] = $"tenant_{s.Created:yyyyMMdd}",
        ["azureTenantId"] = "00000000-0000-0000-0000-000000000001",
        ["createdDateTime"] = Date(s.Created),
        ["currentScore"] = s.CurrentScore,
        ["maxScore"] = s.MaxScore,
        ["activeUserCount"] = tenant.Registrations.Count,
        ["licensedUserCount"] = tenant.Registrations.Count,
        ["enabledServices"] = Strings(["HasExchange", "HasSharePoint", "HasOD4B"]),
        ["averageComparativeScores"] = new JsonArray(new JsonObject { ["basis"] = "AllTenants", ["averageScore"] = 42.5 }),
        ["controlScores"] = new JsonArray([.. tenant.ControlProfiles.Where(p => !p.Deprecated).Select((p, i) => (JsonNode)new JsonObject
        {
            ["controlCategory"] = "Identity",
            ["controlName"] = p.Id,
            ["description"] = p.Title,
            ["score"] = i % 2 == 0 ? p.MaxScore : 0,
            ["scoreInPercentage"] = i % 2 == 0 ? 100 : 0,
        })]),
    };

    private static JsonObject Profile(TenantControlProfile p) => new()
    {
        ["id"] = p.Id,
        ["azureTenantId"] = "00000000-0000-0000-0000-000000000001",
        ["title"] = p.Title,
        ["controlCategory"] = "Identity",
        ["maxScore"] = p.MaxScore,
        ["rank"] = 1,
        ["deprecated"] = p.Deprecated,
        ["implementationCost"] = "Low",
        ["userImpact"] = "Low",
        ["tier"] = "Core",
        ["service"] = "AzureAD",
    };

    private static JsonObject Device(TenantDevice d) => new()
    {
        ["id"] = d.Id,
        ["deviceName"] = d.DeviceName,
        ["operatingSystem"] = d.OperatingSystem,
        ["osVersion"] = "10.0.22631",
        ["complianceState"] = d.ComplianceState,
        ["managedDeviceOwnerType"] = "company",
        ["userPrincipalName"] = d.UserPrincipalName,
        ["lastSyncDateTime"] = Date(DateTimeOffset.UtcNow.AddHours(-3)),
    };

    private static string DeterministicGuid(string seed) => new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)).AsSpan(0, 16)).ToString();
}
