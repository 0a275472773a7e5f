namespace Isms.Core.CorrectiveActions;

/// <summary>
/// Why an action exists. Every kind follows the same lifecycle, ladder, digests and escalation; only a corrective
/// action answers a nonconformity, so only it needs a root cause before it is Implemented (10.2 b).
/// </summary>
public enum ActionKind
{
    /// <summary>Removes the cause of a nonconformity (10.2).</summary>
    Corrective,

    /// <summary>Takes up an opportunity for improvement (10.1).</summary>
    Improvement,

    /// <summary>Carries out a risk's treatment (6.1.3, 8.3).</summary>
    Treatment,

    /// <summary>A decision of a management review (9.3.3).</summary>
    ReviewOutput,

    /// <summary>Closes a gap the gap analysis found.</summary>
    GapClosure,
}

/// <summary>
/// The response to a nonconformity (ISO/IEC 27001:2022, 10.2): the correction that contains it, the root
/// cause, the action plan that removes the cause, and the reviews that show whether it worked.
/// Change it through <see cref="CorrectiveActionLifecycle"/>, which enforces the gates.
/// </summary>
public sealed record CorrectiveAction
{
    public required string Id { get; init; }

    /// <summary>The finding a corrective or improvement action answers; null for the kinds that answer another record (<see cref="Origin"/>).</summary>
    public string? FindingId { get; init; }

    /// <summary>Corrective on every action opened before kinds existed.</summary>
    public ActionKind Kind { get; init; } = ActionKind.Corrective;

    /// <summary>
    /// The record an action answers when it is not a finding, as its path in the API and the audit trail:
    /// <c>risks/RISK-…</c>, <c>management-reviews/MR-…</c>, <c>gap-analysis/6.1.2-1</c>.
    /// </summary>
    public string? Origin { get; init; }

    public required string OwnerUpn { get; init; }

    /// <summary>The owner's Entra object id, from the directory when they were assigned; null on actions opened before.</summary>
    public string? OwnerObjectId { get; init; }

    /// <summary>What was done at once to contain the nonconformity (10.2 a).</summary>
    public required string Correction { get; init; }

    public string? RootCause { get; init; }

    public string? ActionPlan { get; init; }

    public required DateOnly DueDate { get; init; }

    public CorrectiveActionStatus Status { get; init; } = CorrectiveActionStatus.Open;

    /// <summary>Reminders pause before this date and resume on it; the due date does not move.</summary>
    public DateOnly? SnoozeUntil { get; init; }

    public string? SnoozeReason { get; init; }

    /// <summary>Every review, oldest first: documented information of what was checked (10.2).</summary>
    public IReadOnlyList<EffectivenessReview> EffectivenessReviews { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>
    /// Whether the owner still owes work past the due date. Derived from the clock every time, so a stored
    /// row can never say "overdue" about an action that is not, or the reverse.
    /// </summary>
    public bool IsOverdue(DateOnly today) => DaysOverdue(today) > 0;

    /// <summary>
    /// Days past the due date on <paramref name="today"/>, 0 when not overdue. Only Open and InProgress
    /// actions can be overdue: once Implemented the owner has done their part and the action waits for
    /// a reviewer, and a Closed action is finished.
    /// </summary>
    public int DaysOverdue(DateOnly today) =>
        Status is CorrectiveActionStatus.Open or CorrectiveActionStatus.InProgress && today > DueDate
            ? today.DayNumber - DueDate.DayNumber
            : 0;

    /// <summary>Whether reminders are paused on <paramref name="today"/>.</summary>
    public bool IsSnoozed(DateOnly today) => SnoozeUntil is { } until && today < until;
}

/// <summary>Counts over actions that more than one reader needs.</summary>
public static class CorrectiveActionCounts
{
    /// <summary>Per finding, how many of <paramref name="actions"/> answer it; actions of other kinds answer no finding and are left out.</summary>
    public static Dictionary<string, int> PerFinding(IEnumerable<CorrectiveAction> actions) =>
        actions.Where(a => a.FindingId is not null).GroupBy(a => a.FindingId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
