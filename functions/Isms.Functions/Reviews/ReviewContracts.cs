using Isms.Core.Reviews;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Reviews;

/// <summary>
/// Plans a management review: the day, and who is expected (top management among them). <c>auditId</c> names the audit
/// programme's planned management review it fulfils; without it, the nearest one within three months is taken.
/// </summary>
public sealed record ManagementReviewCreate(DateOnly? PlannedDate, IReadOnlyList<ReviewAttendee>? Attendees, string? AuditId = null);

/// <summary>A change to a review; absent members stay as they are. Completing it seals a snapshot.</summary>
public sealed record ManagementReviewUpdate(
    DateOnly? PlannedDate,
    DateOnly? HeldOn,
    ReviewStatus? Status,
    IReadOnlyList<ReviewAttendee>? Attendees,
    string? ChangesInIssues,
    string? InterestedPartiesChanges,
    string? Objectives,
    string? Feedback,
    string? Minutes,
    IReadOnlyList<ReviewDecision>? Decisions);

/// <summary>A management review as the API shows it, with its output actions and what it still needs before completion.</summary>
/// <param name="CompletionNeeds">Per field, why the review cannot be completed yet; empty when it can (or is).</param>
public sealed record ManagementReviewResponse(
    string Id,
    DateOnly PlannedDate,
    string? AuditId,
    DateOnly? HeldOn,
    ReviewStatus Status,
    IReadOnlyList<ReviewAttendee> Attendees,
    string? ChangesInIssues,
    string? InterestedPartiesChanges,
    string? Objectives,
    string? Feedback,
    string? Minutes,
    IReadOnlyList<ReviewDecision> Decisions,
    IReadOnlyList<string> OutputActionIds,
    IReadOnlyDictionary<string, string> CompletionNeeds,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? CompletedBy,
    DateTimeOffset? CompletedAt,
    string? SnapshotId,
    string Etag) : ITagged
{
    public static ManagementReviewResponse From(Stored<ManagementReview> stored, IEnumerable<string> outputActionIds)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var r = stored.Value;
        return new(r.Id, r.PlannedDate, r.AuditId, r.HeldOn, r.Status, r.Attendees, r.ChangesInIssues, r.InterestedPartiesChanges, r.Objectives, r.Feedback,
            r.Minutes, r.Decisions, [.. outputActionIds], r.Status == ReviewStatus.Completed ? new Dictionary<string, string>() : ManagementReviewRules.CompletionNeeds(r),
            r.CreatedBy, r.CreatedAt, r.CompletedBy, r.CompletedAt, r.SnapshotId, stored.ETag.ToString());
    }
}
