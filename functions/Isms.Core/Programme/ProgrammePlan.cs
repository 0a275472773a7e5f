namespace Isms.Core.Programme;

/// <summary>The outcome of one planning run: what to write to the audit register and what to report.</summary>
public sealed record ProgrammePlan(
    DateOnly Today,
    string? CycleKey,
    IReadOnlyList<PlannedAudit> Audits,
    IReadOnlyList<CoverageRow> Coverage,
    IReadOnlyList<IndependenceConflict> Conflicts,
    IReadOnlyList<StaffingProblem> StaffingProblems,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Insert these; use the key as the audit id and insert only if absent.</summary>
    public IEnumerable<PlannedAudit> ToCreate => Audits.Where(a => a.Action == PlanAction.Create);

    /// <summary>Update dates, scope and auditors of these (they are still Planned).</summary>
    public IEnumerable<PlannedAudit> ToUpdate => Audits.Where(a => a.Action == PlanAction.Update);

    /// <summary>Set these to Cancelled (superseded cycle, or a period left with nothing to audit).</summary>
    public IEnumerable<PlannedAudit> ToCancel => Audits.Where(a => a.Action == PlanAction.Cancel);
}
