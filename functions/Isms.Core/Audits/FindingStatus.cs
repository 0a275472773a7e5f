namespace Isms.Core.Audits;

public enum FindingStatus
{
    Open,
    Closed,
}
