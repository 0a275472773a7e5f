using Isms.Core.Audits;
using Isms.Core.Validation;
using Isms.Functions.Platform;

namespace Isms.Functions.Registers;

/// <summary>
/// Who stands where towards one audit: its team (the lead and the listed auditors) reads it whatever their role, and
/// conducts it (raises findings, moves its status and dates) when they also hold the auditor role; an ISMS admin
/// conducts every audit.
/// </summary>
public static class AuditTeam
{
    /// <summary>The caller is the audit's lead or one of its auditors.</summary>
    public static bool Includes(AuditResponse audit, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(caller);
        return Members(audit).Any(m => caller.Is(m.Upn, m.ObjectId));
    }

    public static bool MayRead(AuditResponse audit, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsAny(Access.Read) || Includes(audit, caller);
    }

    /// <summary>For the pages: whether to show the audit's forms (the services check again, <see cref="RefuseUnlessConducting"/>).</summary>
    public static bool MayConduct(AuditResponse audit, Caller caller) => RefuseUnlessConducting(audit, caller, "conduct it") is null;

    /// <summary>
    /// Null when the caller conducts the audit (an ISMS admin, or an auditor on its team); otherwise the refusal,
    /// saying who may <paramref name="what"/> (for example "change this audit").
    /// </summary>
    public static Refusal? RefuseUnlessConducting(Audit audit, Caller caller, string what)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return RefuseUnlessConducting(audit.Id, [.. audit.Team.Select(m => (m, audit.ObjectIdOf(m)))], caller, what);
    }

    /// <inheritdoc cref="RefuseUnlessConducting(Audit, Caller, string)"/>
    public static Refusal? RefuseUnlessConducting(AuditResponse audit, Caller caller, string what)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return RefuseUnlessConducting(audit.Id, Members(audit), caller, what);
    }

    /// <summary>The team as people: each member's UPN and the object id the directory gave them, where recorded.</summary>
    private static List<(string Upn, string? ObjectId)> Members(AuditResponse audit) =>
        [.. Audit.TeamOf(audit.LeadAuditorUpn, audit.Auditors).Select(m => (m, Audit.ObjectIdOf(audit.TeamObjectIds, m)))];

    private static Refusal? RefuseUnlessConducting(string auditId, List<(string Upn, string? ObjectId)> members, Caller caller, string what)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.IsAdmin || (caller.IsAuditor && members.Any(m => caller.Is(m.Upn, m.ObjectId))))
        {
            return null;
        }

        var named = string.Join(", ", members.Select(m => m.Upn));
        return Refusal.For(RefusalCode.Forbidden, "auditId",
            $"Only audit {auditId}'s team ({(named.Length == 0 ? "nobody named yet" : named)}) with the auditor role, or an ISMS admin, may {what}; nothing was changed.");
    }
}
