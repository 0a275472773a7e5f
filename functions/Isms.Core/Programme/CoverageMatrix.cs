using Isms.Core.Audits;
using Isms.Core.Controls;

namespace Isms.Core.Programme;

/// <summary>One line of GET /audit-programme: where a clause or control stands in the internal audit programme.</summary>
public sealed record CoverageRow(
    string ControlId,
    bool IsClause,
    bool Applicable,
    RiskRating RiskRating,
    DateOnly? LastAuditedOn,
    string? LastAuditId,
    DateOnly? NextPlannedOn,
    string? NextPlannedKey,
    bool OnTrack,
    string? Reason);

/// <summary>
/// Builds the coverage matrix from the audits on record and the programme just planned. A clause or applicable
/// control is on track when it is (or will be) audited inside the cycle, a high-risk one within the interval of
/// its last audit, and one with a major nonconformity re-audited within the interval of the finding.
/// </summary>
public static class CoverageMatrix
{
    public const string NotCoveredInCycle = "not covered within the cycle";
    public const string HighRiskNotAudited = "high risk not audited in 12 months";
    public const string MajorNotReaudited = "major nonconformity not re-audited within 12 months";

    private sealed record Visit(string AuditId, DateOnly Start, DateOnly End, bool Completed);

    public static IReadOnlyList<CoverageRow> Build(
        ProgrammeState state,
        IReadOnlyList<PlannedAudit> plan,
        DateOnly today,
        AuditProgrammeOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var visits = Visits(state, plan);
        var majors = state.Findings
            .Where(f => f.Type == FindingType.MajorNonconformity)
            .SelectMany(f => f.ControlIds.Select(id => (ControlId: id, Finding: f)))
            .GroupBy(x => x.ControlId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.MaxBy(x => x.Finding.RaisedOn).Finding, StringComparer.OrdinalIgnoreCase);

        var rows = new List<CoverageRow>(state.Controls.Count);
        var cycle = state.Cycle;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var control in state.Controls)
        {
            if (!seen.Add(control.Id))
            {
                continue;
            }

            // Plain loops: this runs for every control on every daily run.
            var mine = visits.TryGetValue(control.Id, out var list) ? list : [];
            Visit? last = null;
            Visit? next = null;
            var coveredInCycle = false;
            foreach (var visit in mine)
            {
                if (visit.Completed)
                {
                    last = last is null || visit.End > last.End ? visit : last;
                }
                else
                {
                    next = next is null || visit.Start < next.Start ? visit : next;
                }

                coveredInCycle |= cycle is not null && visit.Start >= cycle.DecisionDate && visit.End <= cycle.ExpiryDate;
            }

            if (!control.InProgramme)
            {
                rows.Add(new CoverageRow(
                    control.Id, control.IsClause, false, control.RiskRating, last?.End, last?.AuditId, null, null, true, null));
                continue;
            }

            var reasons = new List<string>();
            if (cycle is not null && !coveredInCycle)
            {
                reasons.Add(NotCoveredInCycle);
            }

            if (control.IsHighRisk && (last is not null || cycle is not null))
            {
                var due = (last?.End ?? cycle!.DecisionDate).AddMonths(options.HighRiskIntervalMonths);
                var horizon = cycle?.ExpiryDate ?? DateOnly.MaxValue;
                var upcoming = FirstUpcoming(mine, last?.End ?? DateOnly.MinValue, excludedAuditId: null);
                if (today > due || (upcoming is null ? due <= horizon : upcoming.End > due))
                {
                    reasons.Add(HighRiskNotAudited);
                }
            }

            if (majors.TryGetValue(control.Id, out var major) && !Reaudited(mine, major))
            {
                var due = major.RaisedOn.AddMonths(options.MajorNonconformityReauditMonths);
                var upcoming = FirstUpcoming(mine, major.RaisedOn, major.AuditId);
                if (today > due || upcoming is null || upcoming.End > due)
                {
                    reasons.Add(MajorNotReaudited);
                }
            }

            rows.Add(new CoverageRow(
                control.Id,
                control.IsClause,
                control.Applicable,
                control.RiskRating,
                last?.End,
                last?.AuditId,
                next?.Start,
                next?.AuditId,
                reasons.Count == 0,
                reasons.Count == 0 ? null : string.Join("; ", reasons)));
        }

        return rows;
    }

    private static Visit? FirstUpcoming(List<Visit> visits, DateOnly after, string? excludedAuditId)
    {
        Visit? first = null;
        foreach (var visit in visits)
        {
            if (!visit.Completed && visit.Start > after && visit.AuditId != excludedAuditId && (first is null || visit.Start < first.Start))
            {
                first = visit;
            }
        }

        return first;
    }

    private static bool Reaudited(List<Visit> visits, RecordedFinding major)
    {
        foreach (var visit in visits)
        {
            if (visit.Completed && visit.Start > major.RaisedOn && visit.AuditId != major.AuditId)
            {
                return true;
            }
        }

        return false;
    }

    private static Dictionary<string, List<Visit>> Visits(ProgrammeState state, IReadOnlyList<PlannedAudit> plan)
    {
        var byControl = new Dictionary<string, List<Visit>>(StringComparer.OrdinalIgnoreCase);
        var planned = new HashSet<string>(plan.Select(p => p.Key), StringComparer.Ordinal);
        var all = plan
            .Where(p => p.Type == AuditType.Internal && p.Action != PlanAction.Cancel && p.Status != AuditStatus.Cancelled)
            .Select(p => (p.Key, p.PlannedStart, p.PlannedEnd, p.Status, p.Scope))
            .Concat(state.Audits
                .Where(a => a.Type == AuditType.Internal
                    && a.Status != AuditStatus.Cancelled
                    && !planned.Contains(a.Id)
                    && !IsSuperseded(a, state.Cycle))
                .Select(a => (Key: a.Id, PlannedStart: a.Start, PlannedEnd: a.End, a.Status, a.Scope)));
        foreach (var (key, start, end, status, scope) in all)
        {
            foreach (var controlId in scope)
            {
                if (!byControl.TryGetValue(controlId, out var list))
                {
                    byControl[controlId] = list = [];
                }

                list.Add(new Visit(key, start, end, status == AuditStatus.Completed));
            }
        }

        return byControl;
    }

    private static bool IsSuperseded(RecordedAudit audit, CertificationCycle? cycle) =>
        cycle is not null
        && audit.Status == AuditStatus.Planned
        && AuditKeys.IsCycleKey(audit.Id)
        && !AuditKeys.BelongsTo(audit.Id, cycle.Key);
}
