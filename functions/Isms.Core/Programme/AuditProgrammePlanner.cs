using Isms.Core.Audits;
using Isms.Core.Time;

namespace Isms.Core.Programme;

/// <summary>
/// The daily planning run of ScheduleAudits: external cycle, internal programme and management reviews,
/// follow-ups, auditor assignment, independence conflicts and the coverage matrix, from the registers' state.
/// Pure and deterministic for a given state and day, so running it twice, or again after a crash, yields the
/// same keys and no new work.
/// </summary>
public sealed class AuditProgrammePlanner(OrganisationClock clock, AuditProgrammeOptions options)
{
    private readonly ExternalCyclePlanner _external = new(options);
    private readonly InternalProgrammePlanner _internal = new(options);
    private readonly FollowUpPlanner _followUps = new(options);

    /// <summary>The organisation's today, the day the programme is planned for.</summary>
    public DateOnly Today => clock.Today;

    public ProgrammePlan Plan(ProgrammeState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var today = Today;
        var audits = new List<PlannedAudit>();
        var warnings = new List<string>();
        if (state.Cycle is { } cycle)
        {
            var external = _external.Plan(cycle, state.Audits, today);
            var programme = _internal.Plan(cycle, state.Controls, state.Audits, state.Findings, today);
            audits.AddRange(external.Audits);
            audits.AddRange(programme.Audits);
            warnings.AddRange(external.Warnings);
            warnings.AddRange(programme.Warnings);

            // A new certification decision starts a new cycle: what the old one planned and never started goes.
            audits.AddRange(state.Audits
                .Where(a => a.Status == AuditStatus.Planned && AuditKeys.IsCycleKey(a.Id) && !AuditKeys.BelongsTo(a.Id, cycle.Key))
                .Select(a => AuditPlacement.Cancelled(a, $"Superseded by the cycle of {cycle.DecisionDate:yyyy-MM-dd}")));
        }

        var followUps = _followUps.Plan(state.Findings, state.Audits, state.CorrectiveActions, today);
        audits.AddRange(followUps.Audits);
        warnings.AddRange(followUps.Warnings);

        var independence = new AuditorIndependence(state.Controls.Select(c => (c.Id, c.OwnerUpn)));
        var staffing = AuditorAssigner.Assign(audits, state.InternalAuditors, independence);
        var conflicts = IndependenceConflict.Find(staffing.Audits, independence);
        var coverage = CoverageMatrix.Build(state, staffing.Audits, today, options);
        return new ProgrammePlan(today, state.Cycle?.Key, staffing.Audits, coverage, conflicts, staffing.Problems, warnings);
    }
}
