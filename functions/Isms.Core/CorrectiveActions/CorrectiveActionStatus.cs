namespace Isms.Core.CorrectiveActions;

public enum CorrectiveActionStatus
{
    Open,
    InProgress,

    /// <summary>The owner says the action is done; it awaits an effectiveness review.</summary>
    Implemented,

    /// <summary>Reached only through an effective review by someone other than the owner.</summary>
    Closed,
}
