namespace Isms.Core.CorrectiveActions;

/// <summary>
/// The fields of <c>PATCH /corrective-actions/{id}</c>; a null field is left as it is.
/// </summary>
/// <remarks>Snoozing needs both <see cref="SnoozeUntil"/> and <see cref="SnoozeReason"/>.</remarks>
public sealed record CorrectiveActionPatch
{
    public string? Correction { get; init; }

    public string? RootCause { get; init; }

    public string? ActionPlan { get; init; }

    public CorrectiveActionStatus? Status { get; init; }

    public DateOnly? SnoozeUntil { get; init; }

    public string? SnoozeReason { get; init; }
}
