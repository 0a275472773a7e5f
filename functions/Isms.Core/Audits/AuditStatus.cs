namespace Isms.Core.Audits;

public enum AuditStatus
{
    Planned,
    InProgress,
    Completed,
    Cancelled,
}
