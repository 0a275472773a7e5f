namespace Isms.LocalHost.Tenant;

// The records of a Microsoft 365 tenant that the evidence collectors read, as a stand-in for Graph serves them.

public sealed record TenantRegistration(string Id, string Upn, string DisplayName, bool IsGuest, bool IsAdmin, bool IsMfaCapable)
{
    /// <summary>False for a disabled account (a leaver): listed by <c>/users?$filter=accountEnabled eq false</c>.</summary>
    public bool Enabled { get; init; } = true;
}

public sealed record TenantPolicy(string Id, string DisplayName, string State, IReadOnlyList<string> IncludeUsers, IReadOnlyList<string> IncludeApplications, IReadOnlyList<string> ClientAppTypes, IReadOnlyList<string> BuiltInControls);

/// <param name="PrincipalType">user, servicePrincipal or group.</param>
public sealed record TenantRoleAssignment(string Id, string RoleDefinitionId, string PrincipalId, string PrincipalType, string PrincipalName, bool Eligible);

public sealed record TenantGuest(string Id, string Upn, string DisplayName, DateTimeOffset Created, DateTimeOffset? LastSignIn);

public sealed record TenantCredential(string DisplayName, DateTimeOffset EndsAt, bool IsCertificate);

public sealed record TenantApplication(string Id, string AppId, string DisplayName, IReadOnlyList<TenantCredential> Credentials);

public sealed record TenantSecureScore(DateTimeOffset Created, decimal CurrentScore, decimal MaxScore);

public sealed record TenantControlProfile(string Id, string Title, decimal MaxScore, bool Deprecated);

public sealed record TenantDevice(string Id, string DeviceName, string OperatingSystem, string ComplianceState, string? UserPrincipalName);

/// <summary>
/// The tenant a fake Graph answers the collectors from: its users' MFA registration, conditional-access policies,
/// role assignments, guests, applications, Secure Score and managed devices, and which licences it holds. Tests build
/// one per case; the demo and the benchmarks build theirs with <see cref="TenantSeed"/>.
/// </summary>
public sealed class TenantData
{
    public List<TenantRegistration> Registrations { get; } = [];

    public List<TenantPolicy> Policies { get; } = [];

    public List<TenantRoleAssignment> RoleAssignments { get; } = [];

    public List<TenantGuest> Guests { get; } = [];

    public List<TenantApplication> Applications { get; } = [];

    /// <summary>Newest first, as Graph lists them.</summary>
    public List<TenantSecureScore> SecureScores { get; } = [];

    public List<TenantControlProfile> ControlProfiles { get; } = [];

    public List<TenantDevice> Devices { get; } = [];

    /// <summary>Entra ID P2 (Privileged Identity Management): without it, eligibility schedules answer 400.</summary>
    public bool PimLicensed { get; set; } = true;

    /// <summary>Entra ID P1: without it, a user's signInActivity answers 403.</summary>
    public bool PremiumLicensed { get; set; } = true;

    /// <summary>Microsoft Intune: without it, managed devices answer 400.</summary>
    public bool IntuneLicensed { get; set; } = true;
}
