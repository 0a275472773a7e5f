namespace Isms.Core.Audits;

/// <summary>
/// Where a finding came from. Audits raise most of them; clause 10.2 asks the same of a nonconformity however it
/// comes to light: an incident, monitoring (a failed check), a complaint, a management review, or anything else.
/// </summary>
public enum FindingSource
{
    Audit,
    Incident,
    Monitoring,
    Complaint,
    ManagementReview,
    Other,
}
