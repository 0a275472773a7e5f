using System.Globalization;

namespace Isms.LocalHost.Tenant;

/// <summary>Tenants to collect from where there is no Microsoft 365: the demo's small organisation, and a large one for benchmarks.</summary>
public static class TenantSeed
{
    private const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    private const string SecurityReader = "5d6b6bb7-de71-4623-b4af-96380a352509";

    /// <summary>
    /// The demo's Contoso: most collectors pass; application credentials fail (a secret expiring in ten days) and the
    /// guests collector fails (a guest silent for half a year), so the first run shows both outcomes.
    /// </summary>
    public static TenantData Demo(DateTimeOffset now)
    {
        var tenant = new TenantData { IntuneLicensed = true, PimLicensed = true, PremiumLicensed = true };
        string[] staff = ["isms.manager", "dana.owner", "sam.it", "lee.hr", "kim.facilities", "pat.dev", "jo.staff", "max.staff", "ana.sales", "raj.finance"];
        for (var i = 0; i < staff.Length; i++)
        {
            var upn = $"{staff[i]}@contoso.example";
            tenant.Registrations.Add(new TenantRegistration(Id(1, i), upn, staff[i], IsGuest: false, IsAdmin: i < 2, IsMfaCapable: true));
        }

        // A leaver whose account is disabled, never set up for MFA: left out of the share.
        tenant.Registrations.Add(new TenantRegistration(Id(1, 99), "former.staff@contoso.example", "Former staff", IsGuest: false, IsAdmin: false, IsMfaCapable: false) { Enabled = false });
        tenant.Policies.Add(new TenantPolicy(Id(2, 1), "Require MFA for all users", "enabled", ["All"], ["All"], ["browser", "mobileAppsAndDesktopClients"], ["mfa"]));
        tenant.Policies.Add(new TenantPolicy(Id(2, 2), "Block legacy authentication", "enabled", ["All"], ["All"], ["exchangeActiveSync", "other"], ["block"]));
        tenant.Policies.Add(new TenantPolicy(Id(2, 3), "Require compliant device (pilot)", "enabledForReportingButNotEnforced", ["All"], ["All"], ["all"], ["compliantDevice"]));
        tenant.RoleAssignments.Add(new TenantRoleAssignment(Id(3, 1), GlobalAdministrator, Id(1, 0), "user", "isms.manager@contoso.example", Eligible: false));
        tenant.RoleAssignments.Add(new TenantRoleAssignment(Id(3, 2), GlobalAdministrator, Id(1, 1), "user", "dana.owner@contoso.example", Eligible: true));
        tenant.RoleAssignments.Add(new TenantRoleAssignment(Id(3, 3), SecurityReader, Id(1, 2), "user", "sam.it@contoso.example", Eligible: false));
        tenant.Guests.Add(new TenantGuest(Id(4, 1), "auditor_certbody.example#EXT#@contoso.example", "External auditor", now.AddDays(-200), now.AddDays(-20)));
        tenant.Guests.Add(new TenantGuest(Id(4, 2), "consultant_partner.example#EXT#@contoso.example", "Former consultant", now.AddDays(-400), now.AddDays(-180)));
        tenant.Applications.Add(new TenantApplication(Id(5, 1), Id(6, 1), "ISMS app", [new TenantCredential("deploy", now.AddDays(300), IsCertificate: true)]));
        tenant.Applications.Add(new TenantApplication(Id(5, 2), Id(6, 2), "HR sync", [new TenantCredential("sync secret", now.AddDays(10), IsCertificate: false)]));
        tenant.SecureScores.Add(new TenantSecureScore(now.AddDays(-1), 61.5m, 100m));
        tenant.ControlProfiles.Add(new TenantControlProfile("AdminMFAV2", "Ensure multifactor authentication is enabled for all users in administrative roles", 10, Deprecated: false));
        tenant.ControlProfiles.Add(new TenantControlProfile("BlockLegacyAuthentication", "Enable policy to block legacy authentication", 8, Deprecated: false));
        tenant.ControlProfiles.Add(new TenantControlProfile("SelfServicePasswordReset", "Enable self-service password reset", 1, Deprecated: false));
        string[] states = ["compliant", "compliant", "compliant", "compliant", "compliant", "compliant", "compliant", "compliant", "compliant", "noncompliant"];
        for (var i = 0; i < states.Length; i++)
        {
            tenant.Devices.Add(new TenantDevice(Id(7, i), $"CONTOSO-LT-{i + 1:D3}", i % 3 == 0 ? "macOS" : "Windows", states[i], $"{staff[i]}@contoso.example"));
        }

        return tenant;
    }

    /// <summary>A large tenant: <paramref name="users"/> members (99% able to do MFA), guests, and applications each with a secret and a certificate.</summary>
    public static TenantData Large(int users, int guests, int applications, DateTimeOffset now)
    {
        var tenant = new TenantData();
        for (var i = 0; i < users; i++)
        {
            tenant.Registrations.Add(new TenantRegistration(Id(1, i), $"user{i:D6}@contoso.example", $"User {i}", IsGuest: false, IsAdmin: i < 4, IsMfaCapable: i % 100 != 99));
        }

        for (var i = 0; i < guests; i++)
        {
            tenant.Guests.Add(new TenantGuest(Id(4, i), $"guest{i:D5}_partner.example#EXT#@contoso.example", $"Guest {i}", now.AddDays(-300), now.AddDays(-(i % 60))));
        }

        for (var i = 0; i < applications; i++)
        {
            tenant.Applications.Add(new TenantApplication(Id(5, i), Id(6, i), $"App {i}", [new TenantCredential("secret", now.AddDays(60 + (i % 300)), false), new TenantCredential("cert", now.AddDays(90 + (i % 200)), true)]));
        }

        return tenant;
    }

    private static string Id(int kind, int n) => string.Create(CultureInfo.InvariantCulture, $"{kind:D8}-0000-4000-8000-{n:D12}");
}
