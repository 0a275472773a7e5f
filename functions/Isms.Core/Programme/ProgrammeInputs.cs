using Isms.Core.Audits;
using Isms.Core.Controls;

namespace Isms.Core.Programme;

/// <summary>The certification record: decision date and expiry of the current certificate.</summary>
public sealed record CertificationCycle(DateOnly DecisionDate, DateOnly ExpiryDate)
{
    /// <summary>Every audit the programme plans for this cycle has a key starting with this.</summary>
    public string Key => AuditKeys.Cycle(DecisionDate);
}

/// <summary>A clause (4.1 ... 10.2) or an Annex A control with the SoA fields the programme needs.</summary>
public sealed record ProgrammeControl(string Id, bool IsClause, bool Applicable, RiskRating RiskRating, string? OwnerUpn)
{
    /// <summary>Clauses are always in the programme; Annex A controls only when applicable.</summary>
    public bool InProgramme => IsClause || Applicable;

    public bool IsHighRisk => RiskRating == RiskRating.High;
}

/// <summary>An audit as held in the register, in any status. Audits the programme created have Id = planned key.</summary>
public sealed record RecordedAudit(
    string Id,
    AuditType Type,
    DateOnly Start,
    DateOnly End,
    AuditStatus Status,
    IReadOnlyList<string> Scope,
    string? LeadAuditorUpn,
    IReadOnlyList<string> Auditors);

/// <summary>A finding as held in the register.</summary>
public sealed record RecordedFinding(string Id, string? AuditId, FindingType Type, IReadOnlyList<string> ControlIds, DateOnly RaisedOn);

/// <summary>The corrective action of a finding: its due date and, once done, the day it was closed.</summary>
public sealed record CorrectiveActionDue(string FindingId, DateOnly DueDate, DateOnly? ClosedOn);

/// <summary>Everything the programme is planned from, as read from the registers in one run.</summary>
public sealed record ProgrammeState(
    CertificationCycle? Cycle,
    IReadOnlyList<ProgrammeControl> Controls,
    IReadOnlyList<RecordedAudit> Audits,
    IReadOnlyList<RecordedFinding> Findings,
    IReadOnlyList<CorrectiveActionDue> CorrectiveActions,
    IReadOnlyList<string> InternalAuditors);
