namespace Isms.Core.CorrectiveActions;

/// <summary>A check, by someone other than the owner, that an implemented action removed the cause (10.2 d).</summary>
public sealed record EffectivenessReview(string ReviewerUpn, DateTimeOffset At, bool Effective, string? Notes)
{
    /// <summary>The reviewer's Entra object id, from their sign-in; null on reviews recorded before.</summary>
    public string? ReviewerObjectId { get; init; }
}
