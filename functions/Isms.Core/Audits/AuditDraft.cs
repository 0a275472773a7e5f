namespace Isms.Core.Audits;

/// <summary>
/// An audit as a person asks for it to be planned (POST /audits): any field may be missing, and
/// <see cref="AuditLifecycle.Plan"/> names each one that is.
/// </summary>
public sealed record AuditDraft(
    AuditType? Type,
    string? Title,
    DateOnly? PlannedStart,
    DateOnly? PlannedEnd,
    string? LeadAuditorUpn,
    IReadOnlyList<string>? Auditors,
    IReadOnlyList<string>? Scope);
