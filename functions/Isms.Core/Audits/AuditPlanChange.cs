namespace Isms.Core.Audits;

/// <summary>
/// The plan of an audit as a person edits it (PATCH /audits/{id}): title, dates, auditors and scope. A null
/// field is left as it is; a field that is given counts as an edit even when its value is the current one.
/// </summary>
public sealed record AuditPlanChange(
    string? Title = null,
    DateOnly? PlannedStart = null,
    DateOnly? PlannedEnd = null,
    string? LeadAuditorUpn = null,
    IReadOnlyList<string>? Auditors = null,
    IReadOnlyList<string>? Scope = null)
{
    /// <summary>Nothing to change: the plan is not touched, validated, or refused, and the SoA need not be read.</summary>
    public bool IsEmpty =>
        Title is null && PlannedStart is null && PlannedEnd is null && LeadAuditorUpn is null && Auditors is null && Scope is null;
}
