namespace Isms.Core.Programme;

/// <summary>Audits one planner proposes and what it could not satisfy.</summary>
public sealed record PlannerResult(IReadOnlyList<PlannedAudit> Audits, IReadOnlyList<string> Warnings);
