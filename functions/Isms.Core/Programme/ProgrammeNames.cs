namespace Isms.Core.Programme;

/// <summary>Audit types, spelled as in the HTTP API contract.</summary>
public static class AuditTypes
{
    public const string Stage1 = "Stage1";
    public const string Stage2 = "Stage2";
    public const string Surveillance = "Surveillance";
    public const string Recertification = "Recertification";
    public const string Internal = "Internal";
    public const string FollowUp = "FollowUp";
    public const string ManagementReview = "ManagementReview";

    /// <summary>Audits run by the certification body.</summary>
    public static bool IsExternal(string type) =>
        type is Stage1 or Stage2 or Surveillance or Recertification;
}

/// <summary>Audit statuses, spelled as in the HTTP API contract.</summary>
public static class AuditStatuses
{
    public const string Planned = "Planned";
    public const string InProgress = "InProgress";
    public const string Completed = "Completed";
    public const string Cancelled = "Cancelled";

    /// <summary>Started audits belong to history: the programme never changes them.</summary>
    public static bool IsStarted(string status) => status is InProgress or Completed;
}

/// <summary>Finding types, spelled as in the HTTP API contract.</summary>
public static class FindingTypes
{
    public const string MajorNonconformity = "MajorNonconformity";
    public const string MinorNonconformity = "MinorNonconformity";
    public const string Observation = "Observation";
    public const string OpportunityForImprovement = "OpportunityForImprovement";
}

/// <summary>Risk ratings of a control, spelled as in the HTTP API contract.</summary>
public static class RiskRatings
{
    public const string Low = "Low";
    public const string Medium = "Medium";
    public const string High = "High";
}
