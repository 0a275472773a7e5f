namespace Isms.Core.Audits;

public enum FindingType
{
    MajorNonconformity,
    MinorNonconformity,
    Observation,
    OpportunityForImprovement,
}
