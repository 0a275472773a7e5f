namespace Isms.Functions.Collection;

/// <summary>
/// The evidence collectors (<c>Collectors</c> settings): each can be turned off, and each rule's threshold is set
/// here. <see cref="Enabled"/> turns them all off (the local host does, unless it runs the demo).
/// </summary>
public sealed class CollectorOptions
{
    public const string SectionName = "Collectors";

    public bool Enabled { get; set; } = true;

    /// <summary>Entries a Graph page asks for (<c>$top</c>); Graph serves at most 999 of most lists.</summary>
    public int PageSize { get; set; } = 999;

    public MfaRegistrationSettings MfaRegistration { get; set; } = new();

    public ToggleSettings ConditionalAccess { get; set; } = new();

    public PrivilegedRolesSettings PrivilegedRoles { get; set; } = new();

    public GuestSettings Guests { get; set; } = new();

    public ApplicationCredentialSettings ApplicationCredentials { get; set; } = new();

    public SecureScoreSettings SecureScore { get; set; } = new();

    public ManagedDeviceSettings ManagedDevices { get; set; } = new();
}

/// <summary>A collector without a threshold: on or off.</summary>
public class ToggleSettings
{
    public bool Enabled { get; set; } = true;
}

public sealed class MfaRegistrationSettings : ToggleSettings
{
    /// <summary>The least share of members able to do MFA (percent).</summary>
    public decimal MinimumPercent { get; set; } = 95;
}

public sealed class PrivilegedRolesSettings : ToggleSettings
{
    public int MinimumGlobalAdmins { get; set; } = 2;

    public int MaximumGlobalAdmins { get; set; } = 4;

    /// <summary>
    /// Object ids of role holders that are not people but allowed (an automation's service principal), comma-separated.
    /// A blank by default (none): the options convention counts an empty string as no code default, and this one needs none set.
    /// </summary>
    public string ExemptPrincipalIds { get; set; } = " ";
}

public sealed class GuestSettings : ToggleSettings
{
    public int MaximumInactiveDays { get; set; } = 90;
}

public sealed class ApplicationCredentialSettings : ToggleSettings
{
    public int WarningDays { get; set; } = 30;
}

public sealed class SecureScoreSettings : ToggleSettings
{
    /// <summary>The least share of the maximum score (percent).</summary>
    public decimal MinimumPercent { get; set; } = 50;

    /// <summary>The most the share may fall between two collections (points).</summary>
    public decimal MaximumDropPoints { get; set; } = 5;
}

public sealed class ManagedDeviceSettings : ToggleSettings
{
    /// <summary>The least share of managed devices that are compliant (percent).</summary>
    public decimal MinimumPercent { get; set; } = 90;
}
