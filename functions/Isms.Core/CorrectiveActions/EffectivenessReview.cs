namespace Isms.Core.CorrectiveActions;

/// <summary>A check, by someone other than the owner, that an implemented action removed the cause (10.2 d).</summary>
public sealed record EffectivenessReview(string ReviewerUpn, DateTimeOffset At, bool Effective, string? Notes);
