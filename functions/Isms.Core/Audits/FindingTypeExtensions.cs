namespace Isms.Core.Audits;

public static class FindingTypeExtensions
{
    /// <summary>
    /// Only nonconformities oblige the organisation to act (clause 10.2); observations and opportunities
    /// for improvement are advice it may take or leave.
    /// </summary>
    public static bool RequiresCorrectiveAction(this FindingType type) =>
        type is FindingType.MajorNonconformity or FindingType.MinorNonconformity;

    /// <summary>The finding type as people say it: "Major nonconformity", "Opportunity for improvement".</summary>
    public static string Describe(this FindingType type) => type switch
    {
        FindingType.MajorNonconformity => "Major nonconformity",
        FindingType.MinorNonconformity => "Minor nonconformity",
        FindingType.Observation => "Observation",
        FindingType.OpportunityForImprovement => "Opportunity for improvement",
        _ => type.ToString(),
    };
}
