namespace Isms.Core.Audits;

/// <summary>The audits of a certification cycle (ISO/IEC 17021-1) and of the ISMS itself (9.2, 9.3).</summary>
public enum AuditType
{
    Stage1,
    Stage2,
    Surveillance,
    Recertification,
    Internal,
    FollowUp,
    ManagementReview,
}
