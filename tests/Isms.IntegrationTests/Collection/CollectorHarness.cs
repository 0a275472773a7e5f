using System.Net;
using System.Text.Json.Nodes;
using Isms.IntegrationTests.Chasing;
using Isms.LocalHost.Tenant;

namespace Isms.IntegrationTests.Collection;

/// <summary>
/// What the collector tests share: a harness whose fake Graph serves the demo's tenant (made good or bad per
/// collector), pages of 2 so every list spans several pages, and quick retries.
/// </summary>
public static class CollectorHarness
{
    public static readonly DateOnly Monday = new(2026, 11, 2);

    /// <summary>Each collector and the tenant list it reads first (the fake's request kind, for 429s and 403s).</summary>
    public static readonly IReadOnlyDictionary<string, string> FirstRead = new Dictionary<string, string>
    {
        ["mfa-registration"] = "registrationDetails",
        ["conditional-access"] = "conditionalAccessPolicies",
        ["privileged-roles"] = "roleAssignments",
        ["guests"] = "users",
        ["application-credentials"] = "applications",
        ["secure-score"] = "secureScores",
        ["managed-devices"] = "managedDevices",
    };

    public static TheoryData<string> Collectors => [.. FirstRead.Keys];

    public static async Task<ChasingHarness> StartAsync(AzuriteFixture azurite, Action<Isms.LocalHost.LocalHostOptions>? configure = null)
    {
        var h = await ChasingHarness.StartAsync(azurite, Monday, o =>
        {
            o.Settings["Collectors:Enabled"] = "true";
            o.Settings["Graph:Throttling:MaxRetries"] = "2";
            configure?.Invoke(o);
        });
        h.Graph.TenantPageSize = 2;
        h.Graph.Tenant = Good(h.Time.GetUtcNow());
        return h;
    }

    /// <summary>The demo's tenant with every rule met, and enough entries that each list spans several pages of 2.</summary>
    public static TenantData Good(DateTimeOffset now)
    {
        var tenant = TenantSeed.Demo(now);
        tenant.Guests.RemoveAll(g => g.LastSignIn < now.AddDays(-90));
        tenant.Applications.RemoveAll(a => a.Credentials.Any(c => c.EndsAt < now.AddDays(30)));
        for (var i = 0; i < 3; i++)
        {
            tenant.Guests.Add(new TenantGuest($"guest-{i}", $"g{i}_partner.example#EXT#@contoso.example", $"Partner {i}", now.AddDays(-30), now.AddDays(-i)));
            tenant.Applications.Add(new TenantApplication($"app-{i}", $"appid-{i}", $"Integration {i}", [new TenantCredential("secret", now.AddDays(200), false)]));
        }

        tenant.SecureScores.Add(new TenantSecureScore(now.AddDays(-2), 60m, 100m));
        return tenant;
    }

    /// <summary>Breaks the one rule of <paramref name="collector"/>; returns words its verdict must name.</summary>
    public static string Break(string collector, TenantData tenant, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        switch (collector)
        {
            case "mfa-registration":
                var admin = tenant.Registrations.First(r => r.IsAdmin);
                tenant.Registrations[tenant.Registrations.IndexOf(admin)] = admin with { IsMfaCapable = false };
                return admin.Upn;
            case "conditional-access":
                var mfa = tenant.Policies.First(p => p.BuiltInControls.Contains("mfa"));
                tenant.Policies[tenant.Policies.IndexOf(mfa)] = mfa with { State = "disabled" };
                return "No enabled policy requires MFA";
            case "privileged-roles":
                tenant.RoleAssignments.Add(new TenantRoleAssignment("ra-sp", "62e90394-69f5-4237-9190-012177145e10", "sp-1", "servicePrincipal", "Old automation", Eligible: false));
                return "Old automation";
            case "guests":
                tenant.Guests.Add(new TenantGuest("guest-old", "sleeper_partner.example#EXT#@contoso.example", "Sleeper", now.AddDays(-400), now.AddDays(-120)));
                return "sleeper_partner.example";
            case "application-credentials":
                tenant.Applications.Add(new TenantApplication("app-old", "appid-old", "Payroll export", [new TenantCredential("legacy", now.AddDays(-3), false)]));
                return "Payroll export";
            case "secure-score":
                tenant.SecureScores.Insert(0, new TenantSecureScore(now, 30m, 100m));
                return "below the 50% required";
            case "managed-devices":
                for (var i = 0; i < 3; i++)
                {
                    tenant.Devices.Add(new TenantDevice($"dev-bad-{i}", $"KIOSK-{i}", "Windows", "noncompliant", null));
                }

                return "below the 90% required";
            default:
                throw new ArgumentOutOfRangeException(nameof(collector), collector, null);
        }
    }

    /// <summary>Runs a collector now, a minute after whatever ran before (runs are listed by when they started).</summary>
    public static async Task<JsonObject> RunAsync(ChasingHarness h, string collector)
    {
        ArgumentNullException.ThrowIfNull(h);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var response = await h.Api().SendAsync(HttpMethod.Post, $"api/collectors/{collector}/runs", null, null);
        return await ApiClient.JsonAsync(response, HttpStatusCode.Created);
    }
}
