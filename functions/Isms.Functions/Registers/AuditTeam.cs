using Isms.Core.Audits;
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
        return Audit.TeamOf(audit.LeadAuditorUpn, audit.Auditors).Any(caller.Is);
    }

    public static bool MayRead(AuditResponse audit, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsAny(Access.Read) || Includes(audit, caller);
    }

    public static bool MayConduct(AuditResponse audit, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsAdmin || (caller.IsAuditor && Includes(audit, caller));
    }
}
