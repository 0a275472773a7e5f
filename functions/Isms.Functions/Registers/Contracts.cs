using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.CorrectiveActions;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

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
    string Etag) : ITagged
{
    /// <summary>The owner's Entra object id (null for an owner assigned before people were resolved through the directory).</summary>
    public string? OwnerObjectId { get; init; }

    /// <summary>Why the control is included: the risks that chose it (derived from the register) and the obligations recorded on it.</summary>
    public IReadOnlyList<SoaReason> Reasons { get; init; } = [];

    /// <summary>Why the rating was set by hand although risks chose the control; null when it is derived from them (or set with no risk).</summary>
    public string? RiskRatingReason { get; init; }

    /// <summary>True when <see cref="RiskRating"/> comes from the highest residual risk that chose the control.</summary>
    public bool RiskRatingDerived { get; init; }

    /// <param name="row">The entry with its effective rating (<see cref="SoaTrace"/>).</param>
    /// <param name="choosing">The risks whose treatment relies on the control.</param>
    public static ControlResponse From(Control control, Stored<SoaEntry> row, IEnumerable<Isms.Core.Risks.Risk>? choosing = null)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(row);
        var soa = row.Value;
        var risks = (choosing ?? []).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        return new ControlResponse(
            control.Id, control.Title, control.Theme, control.ParentId, control.IsAnnexA, soa.Applicable, soa.Justification,
            soa.ImplementationStatus, soa.OwnerUpn, soa.ReviewFrequency, soa.RiskRating, row.ETag.ToString())
        {
            OwnerObjectId = soa.OwnerObjectId,
            Reasons = [.. risks.Select(r => new SoaReason(SoaReasonKind.Risk, r.Id, r.Title)), .. soa.Reasons],
            RiskRatingReason = soa.RiskRatingReason,
            RiskRatingDerived = risks.Count > 0 && string.IsNullOrWhiteSpace(soa.RiskRatingReason),
        };
    }
}

public sealed record ControlUpdate(
    bool? Applicable,
    string? Justification,
    ImplementationStatus? ImplementationStatus,
    string? OwnerUpn,
    ReviewFrequency? ReviewFrequency,
    RiskRating? RiskRating)
{
    /// <summary>With a rating, when risks chose the control: why the derived rating is overridden.</summary>
    public string? RiskRatingReason { get; init; }

    /// <summary>The obligations (Legal, Contractual, BusinessRequirement) that require the control, each with a note.</summary>
    public IReadOnlyList<SoaReason>? Reasons { get; init; }
}

public sealed record CertificationUpdate(string? CertificationBody, DateOnly? CertificationDecisionDate, DateOnly? ExpiryDate, string? Scope);

public sealed record CertificationResponse(
    string CertificationBody,
    DateOnly CertificationDecisionDate,
    DateOnly ExpiryDate,
    string Scope,
    IReadOnlyList<string> PlannedAuditIds,
    string Etag) : ITagged
{
    public static CertificationResponse From(Stored<CertificationRecord> stored, IReadOnlyList<string> planned)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var r = stored.Value;
        return new(r.CertificationBody, r.CertificationDecisionDate, r.ExpiryDate, r.Scope, planned, stored.ETag.ToString());
    }
}

public sealed record AuditPatch(
    AuditStatus? Status,
    string? Title,
    DateOnly? PlannedStart,
    DateOnly? PlannedEnd,
    string? LeadAuditorUpn,
    IReadOnlyList<string>? Auditors,
    IReadOnlyList<string>? Scope)
{
    /// <summary>
    /// A form's fields as a patch of only what the person changed: a field sent as it is counts as an edit and has the
    /// whole plan judged again, so starting an audit would wait on an independence conflict in a field nobody touched.
    /// </summary>
    public static AuditPatch Edits(AuditResponse current, AuditStatus? status, DateOnly? plannedStart, DateOnly? plannedEnd, string leadAuditorUpn, IReadOnlyList<string> auditors)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(auditors);
        var sameTeam = auditors.Count == current.Auditors.Count && auditors.All(a => current.Auditors.Any(c => Core.Validation.UserPrincipalName.AreSame(a, c)));
        return new AuditPatch(
            status == current.Status ? null : status,
            null,
            plannedStart == current.PlannedStart ? null : plannedStart,
            plannedEnd == current.PlannedEnd ? null : plannedEnd,
            Core.Validation.UserPrincipalName.AreSame(leadAuditorUpn, current.LeadAuditorUpn) ? null : leadAuditorUpn,
            sameTeam ? null : auditors,
            null);
    }
}

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
    string Etag) : ITagged
{
    /// <summary>The Entra object id of each member of the team, by UPN, as the directory gave it when they were assigned.</summary>
    public IReadOnlyDictionary<string, string> TeamObjectIds { get; init; } = new Dictionary<string, string>();

    /// <param name="today">The organisation's today, which decides whether the audit is overdue.</param>
    public static AuditResponse From(Stored<Audit> stored, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var a = stored.Value;
        return new AuditResponse(a.Id, a.Type, a.Title, a.PlannedStart, a.PlannedEnd, a.LeadAuditorUpn, a.Auditors, a.Scope, a.Status, a.ActualStart, a.ActualEnd, a.IsOverdue(today), stored.ETag.ToString())
        {
            TeamObjectIds = a.TeamObjectIds,
        };
    }
}

public sealed record FindingCreate(FindingType? Type, IReadOnlyList<string>? ControlIds, string? Description);

/// <summary>A finding raised outside audits (POST /api/findings): where it came from and what it traces to.</summary>
public sealed record FindingOutsideAuditCreate(FindingType? Type, FindingSource? Source, string? Reference, IReadOnlyList<string>? ControlIds, string? Description);

/// <param name="AuditId">The audit it was raised in; null for one raised outside audits.</param>
/// <param name="Source">Audit, or where a finding raised outside audits came from.</param>
/// <param name="Reference">What such a finding traces to (an incident number, a complaint); null for audit findings.</param>
public sealed record FindingResponse(
    string Id,
    string? AuditId,
    FindingSource Source,
    string? Reference,
    FindingType Type,
    IReadOnlyList<string> ControlIds,
    string Description,
    string RaisedBy,
    DateTimeOffset RaisedAt,
    FindingStatus Status,
    IReadOnlyList<string> CorrectiveActionIds,
    string Etag) : ITagged
{
    /// <summary>Later monitoring checks recorded on it (a collector's passing run), oldest first.</summary>
    public IReadOnlyList<FindingCheck> Checks { get; init; } = [];

    /// <param name="actionIds">The finding's corrective actions.</param>
    /// <param name="openActions">How many of them are not closed: with their count, the finding's status (Finding.Status).</param>
    public static FindingResponse From(Stored<Finding> stored, IReadOnlyList<string> actionIds, int openActions)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(actionIds);
        var f = stored.Value;
        return new FindingResponse(f.Id, f.AuditId, f.Source, f.Reference, f.Type, f.ControlIds, f.Description, f.RaisedBy, f.RaisedAt, f.Status(actionIds.Count, openActions), actionIds, stored.ETag.ToString())
        {
            Checks = f.Checks,
        };
    }
}

/// <summary>A finding with the actions that answer it, as its page shows them.</summary>
public sealed record FindingWithActions(FindingResponse Finding, IReadOnlyList<CorrectiveActionResponse> Actions);

/// <summary>One opportunity for improvement in the improvement log (10.1), with the improvement actions taken on it.</summary>
/// <param name="Origin">Where it was found: "audit AUD-…", or its source and reference.</param>
public sealed record ImprovementLogEntry(
    string FindingId,
    string? AuditId,
    FindingSource Source,
    string? Reference,
    string Origin,
    IReadOnlyList<string> ControlIds,
    string Description,
    string RaisedBy,
    DateTimeOffset RaisedAt,
    IReadOnlyList<ImprovementLogAction> Actions);

/// <summary>An improvement action as the log shows it: who, what, by when, and where it stands.</summary>
public sealed record ImprovementLogAction(string Id, string OwnerUpn, string Description, DateOnly DueDate, CorrectiveActionStatus Status, int DaysOverdue);

public sealed record CorrectiveActionCreate(string? OwnerUpn, string? Correction, DateOnly? DueDate);

/// <summary>An action on a record other than a finding (a gap, a risk, a management review): who, what, by when.</summary>
public sealed record OriginActionCreate(string? OwnerUpn, string? Description, DateOnly? DueDate);

public sealed record CorrectiveActionUpdate(
    string? Correction,
    string? RootCause,
    string? ActionPlan,
    CorrectiveActionStatus? Status,
    DateOnly? SnoozeUntil,
    string? SnoozeReason);

public sealed record EffectivenessReviewCreate(bool? Effective, string? Notes);

/// <param name="FindingId">The finding a corrective or improvement action answers; null for the other kinds (see <see cref="Origin"/>).</param>
/// <param name="AuditId">The audit of that finding; null when the action answers no finding raised in an audit.</param>
public sealed record CorrectiveActionResponse(
    string Id,
    string? FindingId,
    string? AuditId,
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
    string Etag) : ITagged
{
    /// <summary>The owner's Entra object id (null for an action opened before people were resolved through the directory).</summary>
    public string? OwnerObjectId { get; init; }

    /// <summary>Corrective, Improvement, Treatment, ReviewOutput or GapClosure: the same lifecycle and chase for each.</summary>
    public ActionKind Kind { get; init; }

    /// <summary>The record a treatment, review or gap action answers (<c>risks/RISK-…</c>); null for an action on a finding.</summary>
    public string? Origin { get; init; }

    /// <param name="today">The organisation's today, from which overdue days are counted.</param>
    public static CorrectiveActionResponse From(Stored<CorrectiveAction> stored, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var a = stored.Value;
        var days = a.DaysOverdue(today);
        return new CorrectiveActionResponse(
            a.Id, a.FindingId, a.FindingId is null ? null : RecordIds.AuditOfFinding(a.FindingId), a.OwnerUpn, a.Correction, a.RootCause, a.ActionPlan, a.DueDate, a.Status,
            days > 0, days, a.SnoozeUntil, a.SnoozeReason, a.EffectivenessReviews, a.CreatedAt, a.ClosedAt, stored.ETag.ToString())
        {
            OwnerObjectId = a.OwnerObjectId,
            Kind = a.Kind,
            Origin = a.Origin,
        };
    }
}

public sealed record AuditTrailResponse(string Entity, IReadOnlyList<Storage.AuditTrailEntry> Entries);
