using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.CorrectiveActions;

namespace Isms.Functions.Registers;

// The JSON the register routes take and give (API.md). Request fields are nullable so that a missing field
// is reported by name as a validation error rather than as a parse failure.

public sealed record ControlResponse(
    string Id,
    string Title,
    ControlTheme Theme,
    string? ParentId,
    bool IsAnnexA,
    bool Applicable,
    string? Justification,
    ImplementationStatus ImplementationStatus,
    string? OwnerUpn,
    ReviewFrequency ReviewFrequency,
    RiskRating RiskRating,
    string Etag);

public sealed record ControlUpdate(
    bool? Applicable,
    string? Justification,
    ImplementationStatus? ImplementationStatus,
    string? OwnerUpn,
    ReviewFrequency? ReviewFrequency,
    RiskRating? RiskRating);

public sealed record CertificationUpdate(string? CertificationBody, DateOnly? CertificationDecisionDate, DateOnly? ExpiryDate, string? Scope);

public sealed record CertificationResponse(
    string CertificationBody,
    DateOnly CertificationDecisionDate,
    DateOnly ExpiryDate,
    string Scope,
    IReadOnlyList<string> PlannedAuditIds,
    string Etag);

public sealed record AuditCreate(
    AuditType? Type,
    string? Title,
    DateOnly? PlannedStart,
    DateOnly? PlannedEnd,
    string? LeadAuditorUpn,
    IReadOnlyList<string>? Auditors,
    IReadOnlyList<string>? Scope);

public sealed record AuditPatch(
    AuditStatus? Status,
    string? Title,
    DateOnly? PlannedStart,
    DateOnly? PlannedEnd,
    string? LeadAuditorUpn,
    IReadOnlyList<string>? Auditors,
    IReadOnlyList<string>? Scope);

public sealed record AuditResponse(
    string Id,
    AuditType Type,
    string Title,
    DateOnly PlannedStart,
    DateOnly PlannedEnd,
    string LeadAuditorUpn,
    IReadOnlyList<string> Auditors,
    IReadOnlyList<string> Scope,
    AuditStatus Status,
    DateOnly? ActualStart,
    DateOnly? ActualEnd,
    bool Overdue,
    string Etag);

public sealed record FindingCreate(FindingType? Type, IReadOnlyList<string>? ControlIds, string? Description);

public sealed record FindingResponse(
    string Id,
    string AuditId,
    FindingType Type,
    IReadOnlyList<string> ControlIds,
    string Description,
    string RaisedBy,
    DateTimeOffset RaisedAt,
    FindingStatus Status,
    IReadOnlyList<string> CorrectiveActionIds,
    string Etag);

public sealed record CorrectiveActionCreate(string? OwnerUpn, string? Correction, DateOnly? DueDate);

public sealed record CorrectiveActionUpdate(
    string? Correction,
    string? RootCause,
    string? ActionPlan,
    CorrectiveActionStatus? Status,
    DateOnly? SnoozeUntil,
    string? SnoozeReason);

public sealed record EffectivenessReviewCreate(bool? Effective, string? Notes);

public sealed record CorrectiveActionResponse(
    string Id,
    string FindingId,
    string AuditId,
    string OwnerUpn,
    string Correction,
    string? RootCause,
    string? ActionPlan,
    DateOnly DueDate,
    CorrectiveActionStatus Status,
    bool Overdue,
    int DaysOverdue,
    DateOnly? SnoozeUntil,
    string? SnoozeReason,
    IReadOnlyList<EffectivenessReview> EffectivenessReviews,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt,
    string Etag);

public sealed record AuditTrailResponse(string Entity, IReadOnlyList<Storage.AuditTrailEntry> Entries);
