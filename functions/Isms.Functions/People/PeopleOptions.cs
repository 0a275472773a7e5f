namespace Isms.Functions.People;

/// <summary>The <c>People</c> settings.</summary>
public sealed class PeopleOptions
{
    public const string SectionName = "People";

    /// <summary>Days a person has to acknowledge a version from the day it is asked of them.</summary>
    public int AcknowledgeWithinDays { get; set; } = 14;
}

/// <summary>A group as <c>People:Groups:{object id}</c> lists it where there is no Entra ID.</summary>
public sealed class ConfiguredGroup
{
    public string? DisplayName { get; set; }

    /// <summary>UPNs separated by commas.</summary>
    public string? Members { get; set; }
}
