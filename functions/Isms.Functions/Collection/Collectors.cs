using System.Text.Json;
using Isms.Core.Collection;

namespace Isms.Functions.Collection;

/// <summary>Who can do MFA: the authentication-methods registration report.</summary>
public sealed class MfaRegistrationCollector : EvidenceCollector
{
    public override string Name => "mfa-registration";

    public override string Title => "MFA registration";

    public override IReadOnlyList<string> ControlIds => ["A.5.17", "A.8.5"];

    public override IReadOnlyList<string> Permissions => ["AuditLog.Read.All", "User.Read.All"];

    public override IReadOnlyList<string> Reads =>
    [
        "GET /users?$filter=accountEnabled eq false&$select=id (the disabled accounts, left out)",
        "GET /reports/authenticationMethods/userRegistrationDetails",
    ];

    public override string Rule(CollectorOptions options) =>
        $"At least {CollectorVerdict.Percent(options.MfaRegistration.MinimumPercent)} of enabled members can do MFA, and every enabled admin role holder can.";

    public override bool IsEnabled(CollectorOptions options) => options.MfaRegistration.Enabled;

    public override async Task<CollectorVerdict> CollectAsync(GraphReads graph, CollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new MfaRegistrationTally(context.Options.MfaRegistration.MinimumPercent);

        // The report has no accountEnabled: the disabled accounts (leavers, mostly: a few) are read first and left out.
        var disabled = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await graph.ReadAllAsync(
            $"/users?$filter={Uri.EscapeDataString("accountEnabled eq false")}&$select=id&{Top(context)}",
            e => disabled.Add(Text(e, "id") ?? string.Empty),
            cancellationToken).ConfigureAwait(false);
        await graph.ReadAllAsync(
            $"/reports/authenticationMethods/userRegistrationDetails?$select=id,userPrincipalName,userType,isAdmin,isMfaCapable,isMfaRegistered&{Top(context)}",
            e => tally.Add(
                Text(e, "userPrincipalName"),
                !string.Equals(Text(e, "userType"), "guest", StringComparison.OrdinalIgnoreCase),
                Flag(e, "isAdmin"),
                Flag(e, "isMfaCapable"),
                enabled: !disabled.Contains(Text(e, "id") ?? string.Empty)),
            cancellationToken).ConfigureAwait(false);
        return tally.Verdict();
    }
}

/// <summary>The conditional-access policies: MFA required of everyone, legacy authentication blocked.</summary>
public sealed class ConditionalAccessCollector : EvidenceCollector
{
    public override string Name => "conditional-access";

    public override string Title => "Conditional access";

    public override IReadOnlyList<string> ControlIds => ["A.5.15", "A.8.5"];

    public override IReadOnlyList<string> Permissions => ["Policy.Read.All"];

    public override IReadOnlyList<string> Reads => ["GET /identity/conditionalAccess/policies"];

    public override string Rule(CollectorOptions options) =>
        "An enabled policy requires MFA of all users for all applications, and an enabled policy blocks legacy authentication.";

    public override bool IsEnabled(CollectorOptions options) => options.ConditionalAccess.Enabled;

    public override async Task<CollectorVerdict> CollectAsync(GraphReads graph, CollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new ConditionalAccessTally();
        await graph.ReadAllAsync("/identity/conditionalAccess/policies", e =>
        {
            var users = Strings(e, "conditions", "users", "includeUsers").ToList();
            var apps = Strings(e, "conditions", "applications", "includeApplications").ToList();
            var clients = Strings(e, "conditions", "clientAppTypes").ToList();
            var grants = Strings(e, "grantControls", "builtInControls").ToList();
            tally.Add(new ConditionalAccessPolicy(
                Text(e, "displayName") ?? Text(e, "id") ?? "(unnamed)",
                Text(e, "state") ?? "disabled",
                users.Contains("All", StringComparer.OrdinalIgnoreCase),
                apps.Contains("All", StringComparer.OrdinalIgnoreCase),
                grants.Contains("mfa", StringComparer.OrdinalIgnoreCase),
                grants.Contains("block", StringComparer.OrdinalIgnoreCase),
                clients.Contains("exchangeActiveSync", StringComparer.OrdinalIgnoreCase) || clients.Contains("other", StringComparer.OrdinalIgnoreCase)));
        }, cancellationToken).ConfigureAwait(false);
        return tally.Verdict();
    }
}

/// <summary>Who holds directory roles: assignments, and eligibility where PIM is licensed.</summary>
public sealed class PrivilegedRolesCollector : EvidenceCollector
{
    public override string Name => "privileged-roles";

    public override string Title => "Privileged roles";

    public override IReadOnlyList<string> ControlIds => ["A.5.15", "A.5.18", "A.8.2"];

    public override IReadOnlyList<string> Permissions => ["RoleManagement.Read.Directory"];

    public override IReadOnlyList<string> Reads =>
    [
        "GET /roleManagement/directory/roleAssignments?$expand=principal",
        "GET /roleManagement/directory/roleEligibilitySchedules?$expand=principal (where PIM is licensed)",
    ];

    public override string Rule(CollectorOptions options) =>
        $"Between {options.PrivilegedRoles.MinimumGlobalAdmins} and {options.PrivilegedRoles.MaximumGlobalAdmins} Global Administrators, and every role holder a named person.";

    public override bool IsEnabled(CollectorOptions options) => options.PrivilegedRoles.Enabled;

    public override async Task<CollectorVerdict> CollectAsync(GraphReads graph, CollectionContext context, CancellationToken cancellationToken)
    {
        var settings = context.Options.PrivilegedRoles;
        var exempt = new HashSet<string>(settings.ExemptPrincipalIds.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
        var tally = new PrivilegedRolesTally(settings.MinimumGlobalAdmins, settings.MaximumGlobalAdmins, exempt);
        await graph.ReadAllAsync("/roleManagement/directory/roleAssignments?$expand=principal", e => Add(tally, e, eligible: false), cancellationToken).ConfigureAwait(false);
        tally.EligibilityRead = await graph.ReadIfLicensedAsync("/roleManagement/directory/roleEligibilitySchedules?$expand=principal", e => Add(tally, e, eligible: true), cancellationToken).ConfigureAwait(false);
        return tally.Verdict();
    }

    private static void Add(PrivilegedRolesTally tally, JsonElement e, bool eligible)
    {
        var principalId = Text(e, "principalId") ?? "(unknown)";
        string? type = null;
        var name = principalId;
        if (e.TryGetProperty("principal", out var principal) && principal.ValueKind == JsonValueKind.Object)
        {
            type = Text(principal, "@odata.type")?.Replace("#microsoft.graph.", string.Empty, StringComparison.Ordinal);
            name = Text(principal, "userPrincipalName") ?? Text(principal, "displayName") ?? principalId;
        }

        tally.Add(Text(e, "roleDefinitionId") ?? string.Empty, principalId, type, name, eligible);
    }
}

/// <summary>Guests and when each last signed in.</summary>
public sealed class GuestsCollector : EvidenceCollector
{
    public override string Name => "guests";

    /// <summary>Graph serves at most this many users a page when <c>signInActivity</c> is selected.</summary>
    public const int MaxPageWithSignInActivity = 500;

    public override string Title => "Guest accounts";

    public override IReadOnlyList<string> ControlIds => ["A.5.18", "A.5.19"];

    public override IReadOnlyList<string> Permissions => ["User.Read.All", "AuditLog.Read.All"];

    public override IReadOnlyList<string> Reads => ["GET /users?$filter=userType eq 'Guest'&$select=id,displayName,userPrincipalName,createdDateTime,signInActivity"];

    public override string Rule(CollectorOptions options) =>
        $"No guest has gone more than {options.Guests.MaximumInactiveDays} days without signing in.";

    public override bool IsEnabled(CollectorOptions options) => options.Guests.Enabled;

    public override async Task<CollectorVerdict> CollectAsync(GraphReads graph, CollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new GuestTally(context.Options.Guests.MaximumInactiveDays, context.Now);
        var top = Math.Min(context.Options.PageSize, MaxPageWithSignInActivity).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await graph.ReadAllAsync(
            $"/users?$filter={Uri.EscapeDataString("userType eq 'Guest'")}&$select=id,displayName,userPrincipalName,createdDateTime,signInActivity&$top={top}",
            e =>
            {
                DateTimeOffset? lastSignIn = null;
                if (e.TryGetProperty("signInActivity", out var activity) && activity.ValueKind == JsonValueKind.Object)
                {
                    lastSignIn = new[] { Date(activity, "lastSignInDateTime"), Date(activity, "lastNonInteractiveSignInDateTime"), Date(activity, "lastSuccessfulSignInDateTime") }.Max();
                }

                tally.Add(Text(e, "userPrincipalName") ?? Text(e, "displayName") ?? "(unnamed)", Date(e, "createdDateTime"), lastSignIn);
            },
            cancellationToken).ConfigureAwait(false);
        return tally.Verdict();
    }
}

/// <summary>The secrets and certificates of the tenant's applications.</summary>
public sealed class ApplicationCredentialsCollector : EvidenceCollector
{
    public override string Name => "application-credentials";

    public override string Title => "Application credentials";

    public override IReadOnlyList<string> ControlIds => ["A.5.17", "A.8.24"];

    public override IReadOnlyList<string> Permissions => ["Application.Read.All"];

    public override IReadOnlyList<string> Reads => ["GET /applications?$select=id,appId,displayName,passwordCredentials,keyCredentials"];

    public override string Rule(CollectorOptions options) =>
        $"No application secret or certificate has expired or expires within {options.ApplicationCredentials.WarningDays} days.";

    public override bool IsEnabled(CollectorOptions options) => options.ApplicationCredentials.Enabled;

    public override async Task<CollectorVerdict> CollectAsync(GraphReads graph, CollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new AppCredentialTally(context.Options.ApplicationCredentials.WarningDays, context.Now);
        await graph.ReadAllAsync($"/applications?$select=id,appId,displayName,passwordCredentials,keyCredentials&{Top(context)}", e =>
        {
            tally.AddApplication();
            var app = Text(e, "displayName") ?? Text(e, "appId") ?? "(unnamed)";
            foreach (var (property, kind) in new[] { ("passwordCredentials", "secret"), ("keyCredentials", "certificate") })
            {
                if (e.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var credential in list.EnumerateArray())
                    {
                        tally.AddCredential(app, kind, Text(credential, "displayName"), Date(credential, "endDateTime"));
                    }
                }
            }
        }, cancellationToken).ConfigureAwait(false);
        return tally.Verdict();
    }
}

/// <summary>Microsoft Secure Score, the latest, and the improvement actions it is made of.</summary>
public sealed class SecureScoreCollector : EvidenceCollector
{
    public override string Name => "secure-score";

    public override string Title => "Microsoft Secure Score";

    public override IReadOnlyList<string> ControlIds => ["A.5.7", "A.8.8"];

    public override IReadOnlyList<string> Permissions => ["SecurityEvents.Read.All"];

    public override IReadOnlyList<string> Reads => ["GET /security/secureScores?$top=1", "GET /security/secureScoreControlProfiles"];

    public override string Rule(CollectorOptions options) =>
        $"Secure Score is at least {CollectorVerdict.Percent(options.SecureScore.MinimumPercent)} of its maximum and has not fallen more than {options.SecureScore.MaximumDropPoints:0.#} points since the previous collection.";

    public override bool IsEnabled(CollectorOptions options) => options.SecureScore.Enabled;

    public override async Task<CollectorVerdict> CollectAsync(GraphReads graph, CollectionContext context, CancellationToken cancellationToken)
    {
        var settings = context.Options.SecureScore;
        var tally = new SecureScoreTally(settings.MinimumPercent, settings.MaximumDropPoints);
        await graph.ReadAllAsync("/security/secureScores?$top=1", e =>
        {
            tally.SetScore(Number(e, "currentScore"), Number(e, "maxScore"));
            if (e.TryGetProperty("controlScores", out var scores) && scores.ValueKind == JsonValueKind.Array)
            {
                foreach (var score in scores.EnumerateArray())
                {
                    tally.AddControlScore(Number(score, "scoreInPercentage") >= 100);
                }
            }
        }, cancellationToken, maxPages: 1).ConfigureAwait(false);
        await graph.ReadAllAsync("/security/secureScoreControlProfiles", e => tally.AddControlProfile(Flag(e, "deprecated")), cancellationToken).ConfigureAwait(false);
        var previous = context.PreviousFigures?.FirstOrDefault(f => f.Name == "percent")?.Value;
        return tally.Verdict(previous);
    }
}

/// <summary>Intune's managed devices and their compliance state.</summary>
public sealed class ManagedDevicesCollector : EvidenceCollector
{
    public override string Name => "managed-devices";

    public override string Title => "Managed devices";

    public override IReadOnlyList<string> ControlIds => ["A.8.1"];

    public override IReadOnlyList<string> Permissions => ["DeviceManagementManagedDevices.Read.All"];

    public override IReadOnlyList<string> Reads => ["GET /deviceManagement/managedDevices?$select=id,deviceName,operatingSystem,complianceState,userPrincipalName"];

    public override string Rule(CollectorOptions options) =>
        $"At least {CollectorVerdict.Percent(options.ManagedDevices.MinimumPercent)} of managed devices are compliant (needs Intune).";

    public override bool IsEnabled(CollectorOptions options) => options.ManagedDevices.Enabled;

    public override async Task<CollectorVerdict> CollectAsync(GraphReads graph, CollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new ManagedDevicesTally(context.Options.ManagedDevices.MinimumPercent);
        await graph.ReadAllAsync($"/deviceManagement/managedDevices?$select=id,deviceName,operatingSystem,complianceState,userPrincipalName&{Top(context)}", e => tally.Add(Text(e, "complianceState")), cancellationToken).ConfigureAwait(false);
        return tally.Verdict();
    }
}
