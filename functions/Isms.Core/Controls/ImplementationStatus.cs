namespace Isms.Core.Controls;

public enum ImplementationStatus
{
    NotStarted,
    Partial,
    Implemented,
}
