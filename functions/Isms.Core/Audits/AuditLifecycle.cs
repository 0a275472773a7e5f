using Isms.Core.Validation;

namespace Isms.Core.Audits;

/// <summary>
/// The status an audit may move to: Planned -> InProgress -> Completed, and Planned or InProgress ->
/// Cancelled. Completed and Cancelled are final because findings and the coverage matrix rest on them;
/// a cancelled audit is replaced by planning a new one.
/// </summary>
public static class AuditLifecycle
{
    public static IReadOnlyList<AuditStatus> AllowedNext(AuditStatus from) => from switch
    {
        AuditStatus.Planned => [AuditStatus.InProgress, AuditStatus.Cancelled],
        AuditStatus.InProgress => [AuditStatus.Completed, AuditStatus.Cancelled],
        _ => [],
    };

    /// <summary>
    /// Moves the audit to <paramref name="to"/>, recording the actual start or end on
    /// <paramref name="today"/> unless already recorded. Asking for the current status changes nothing.
    /// </summary>
    public static Outcome<Audit> ChangeStatus(Audit audit, AuditStatus to, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(audit);

        if (!Enum.IsDefined(to))
        {
            return Outcome.Refused<Audit>(RefusalCode.Invalid, "status", $"status must be one of {string.Join(", ", Enum.GetNames<AuditStatus>())}.");
        }

        if (to == audit.Status)
        {
            return Outcome.Success(audit);
        }

        if (!AllowedNext(audit.Status).Contains(to))
        {
            return Outcome.Refused<Audit>(RefusalCode.InvalidTransition, "status", RefusalReason(audit.Status, to));
        }

        return Outcome.Success(to switch
        {
            AuditStatus.InProgress => audit with { Status = to, ActualStart = audit.ActualStart ?? today },
            AuditStatus.Completed => audit with { Status = to, ActualEnd = audit.ActualEnd ?? today },
            _ => audit with { Status = to },
        });
    }

    private static string RefusalReason(AuditStatus from, AuditStatus to) => from switch
    {
        AuditStatus.Completed => $"status cannot change from Completed to {to}: a completed audit is final; plan a follow-up audit instead.",
        AuditStatus.Cancelled => $"status cannot change from Cancelled to {to}: a cancelled audit is final; plan a new audit instead.",
        AuditStatus.Planned when to == AuditStatus.Completed => "status cannot change from Planned to Completed: start the audit (InProgress) first, so that its actual start is recorded.",
        _ => $"status cannot change from {from} to {to}; allowed next: {string.Join(", ", AllowedNext(from))}.",
    };
}
