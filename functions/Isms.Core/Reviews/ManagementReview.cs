namespace Isms.Core.Reviews;

/// <summary>Where a management review stands: planned, held (the meeting took place), completed (minutes and decisions final).</summary>
public enum ReviewStatus
{
    Planned,
    Held,
    Completed,
}

/// <summary>What a review decided (9.3.3): an improvement to take up, a change to the ISMS, or resources to provide.</summary>
public enum DecisionKind
{
    Improvement,
    ChangeToIsms,
    Resources,
}

/// <summary>Someone at the review; clause 9.3.1 asks top management to review the ISMS, so the record says who of them was there.</summary>
public sealed record ReviewAttendee(string Upn, bool TopManagement);

/// <summary>One decision of the review, in the words of the minutes.</summary>
public sealed record ReviewDecision(DecisionKind Kind, string Text);

/// <summary>
/// A management review (ISO/IEC 27001:2022, 9.3): when it was planned and held, who attended, the inputs a person
/// writes (changes in issues, in interested parties' needs, the objectives, feedback), the minutes and the decisions.
/// The other inputs are compiled from the registers (<see cref="ReviewPack"/>); output actions are actions of kind
/// ReviewOutput whose origin is the review. Completed is final: the record is then sealed into a snapshot.
/// </summary>
public sealed record ManagementReview
{
    public required string Id { get; init; }

    public required DateOnly PlannedDate { get; init; }

    /// <summary>The audit programme's planned management review this record fulfils (an audit of type ManagementReview), if any.</summary>
    public string? AuditId { get; init; }

    public DateOnly? HeldOn { get; init; }

    public ReviewStatus Status { get; init; } = ReviewStatus.Planned;

    public IReadOnlyList<ReviewAttendee> Attendees { get; init; } = [];

    /// <summary>9.3.2 b: changes in external and internal issues relevant to the ISMS.</summary>
    public string? ChangesInIssues { get; init; }

    /// <summary>9.3.2 c: changes in the needs and expectations of interested parties.</summary>
    public string? InterestedPartiesChanges { get; init; }

    /// <summary>9.3.2 d 4: how far the information security objectives are fulfilled.</summary>
    public string? Objectives { get; init; }

    /// <summary>9.3.2 e: feedback from interested parties.</summary>
    public string? Feedback { get; init; }

    public string? Minutes { get; init; }

    public IReadOnlyList<ReviewDecision> Decisions { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public string? CompletedBy { get; init; }

    /// <summary>The snapshot sealed when the review was completed.</summary>
    public string? SnapshotId { get; init; }
}
