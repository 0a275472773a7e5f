namespace Isms.Core.Audits;

public static class AuditTypeExtensions
{
    /// <summary>Audits run by the certification body rather than by the organisation itself.</summary>
    public static bool IsExternal(this AuditType type) =>
        type is AuditType.Stage1 or AuditType.Stage2 or AuditType.Surveillance or AuditType.Recertification;

    /// <summary>The audit type as people say it, capitalised to start a phrase: "Stage 1 audit", "Management review".</summary>
    public static string Describe(this AuditType type) => type switch
    {
        AuditType.Stage1 => "Stage 1 audit",
        AuditType.Stage2 => "Stage 2 audit",
        AuditType.Surveillance => "Surveillance audit",
        AuditType.Recertification => "Recertification audit",
        AuditType.Internal => "Internal audit",
        AuditType.FollowUp => "Follow-up audit",
        AuditType.ManagementReview => "Management review",
        _ => type.ToString(),
    };
}
