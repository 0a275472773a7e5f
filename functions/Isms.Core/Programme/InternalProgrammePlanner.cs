using System.Globalization;
using Isms.Core.Audits;

namespace Isms.Core.Programme;

/// <summary>
/// Plans the internal audit programme of one cycle (ISO/IEC 27001 clause 9.2) and the yearly management
/// review (clause 9.3). Every clause and applicable Annex A control is audited at least once before the
/// recertification deadline, high-risk controls at least every <see cref="AuditProgrammeOptions.HighRiskIntervalMonths"/>,
/// areas with a major nonconformity again within <see cref="AuditProgrammeOptions.MajorNonconformityReauditMonths"/>;
/// the rest is spread evenly over the periods. Started audits, and planned ones whose start has come, keep their scope.
/// </summary>
public sealed class InternalProgrammePlanner(AuditProgrammeOptions options)
{
    private sealed record Slot(
        string Key,
        int Year,
        int Period,
        DateWindow Window,
        DateOnly Start,
        DateOnly End,
        RecordedAudit? Existing,
        bool Fixed);

    private sealed record Visit(string AuditId, DateOnly Start, DateOnly End);

    private sealed record MajorFinding(string? AuditId, DateOnly RaisedOn, DateOnly ReauditBy);

    public PlannerResult Plan(
        CertificationCycle cycle,
        IReadOnlyList<ProgrammeControl> controls,
        IReadOnlyList<RecordedAudit> audits,
        IReadOnlyList<RecordedFinding> findings,
        DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        ArgumentNullException.ThrowIfNull(controls);
        ArgumentNullException.ThrowIfNull(audits);
        ArgumentNullException.ThrowIfNull(findings);
        if (options.InternalAuditsPerYear <= 0 || 12 % options.InternalAuditsPerYear != 0)
        {
            throw new InvalidOperationException(
                $"{nameof(AuditProgrammeOptions.InternalAuditsPerYear)} must divide 12 (1, 2, 3, 4, 6 or 12).");
        }

        var byId = AuditPlacement.ById(audits);
        var warnings = new List<string>();
        var inScope = controls.Where(c => c.InProgramme).DistinctBy(c => c.Id, StringComparer.OrdinalIgnoreCase).ToList();
        var slots = Slots(cycle, today, byId);
        var coverage = HistoryVisits(cycle, audits, inScope);
        foreach (var slot in slots.Where(s => s.Fixed && s.Existing is { Status: not AuditStatus.Cancelled }))
        {
            AddVisits(coverage, slot.Existing!.Scope, new Visit(slot.Key, slot.Existing.Start, slot.Existing.End));
        }

        var majors = MajorFindings(findings);
        var free = slots.Where(s => !s.Fixed).ToList();
        var scopes = AssignScopes(cycle, inScope, free, coverage, majors, warnings);

        var result = new List<PlannedAudit>();
        foreach (var slot in slots)
        {
            var title = string.Create(
                CultureInfo.InvariantCulture,
                $"Internal audit, cycle year {slot.Year}, period {slot.Period} (cycle of {cycle.DecisionDate:yyyy-MM-dd})");
            if (slot.Fixed)
            {
                var existing = slot.Existing!;
                result.Add(existing.Status == AuditStatus.Planned
                    ? AuditPlacement.Reconcile(
                        slot.Key, AuditType.Internal, title, slot.Window, (existing.Start, existing.End),
                        existing.Scope, existing.LeadAuditorUpn, existing.Auditors, existing)
                    : AuditPlacement.Locked(existing, title, slot.Window));
                continue;
            }

            var scope = scopes[slot.Key];
            if (scope.Count == 0)
            {
                if (slot.Existing is not null)
                {
                    result.Add(AuditPlacement.Cancelled(slot.Existing, title));
                }

                continue;
            }

            result.Add(AuditPlacement.Reconcile(
                slot.Key, AuditType.Internal, title, slot.Window, (slot.Start, slot.End), scope,
                slot.Existing?.LeadAuditorUpn, slot.Existing?.Auditors ?? [], slot.Existing));
        }

        result.AddRange(ManagementReviews(cycle, today, byId));
        return new PlannerResult(result, warnings);
    }

    private List<Slot> Slots(CertificationCycle cycle, DateOnly today, Dictionary<string, RecordedAudit> byId)
    {
        var perYear = options.InternalAuditsPerYear;
        var months = 12 / perYear;
        var decision = cycle.DecisionDate;
        var slots = new List<Slot>();
        for (var year = 1; year <= options.CycleYears; year++)
        {
            for (var period = 1; period <= perYear; period++)
            {
                var offset = ((year - 1) * 12) + ((period - 1) * months);
                var windowStart = decision.AddMonths(offset);
                if (windowStart > cycle.ExpiryDate)
                {
                    return slots;
                }

                var window = new DateWindow(
                    windowStart,
                    AuditPlacement.Min(decision.AddMonths(offset + months).AddDays(-1), cycle.ExpiryDate));
                var key = AuditKeys.Internal(cycle.Key, year, period, perYear);
                byId.TryGetValue(key, out var existing);
                if (existing is not null && (existing.Status != AuditStatus.Planned || existing.Start <= today))
                {
                    // Started or cancelled, or due to start: its scope is settled.
                    slots.Add(new Slot(key, year, period, window, existing.Start, existing.End, existing, Fixed: true));
                    continue;
                }

                if (existing is null && !window.CanFit(options.InternalAuditDurationDays, today.AddDays(options.MinimumLeadDays)))
                {
                    continue;
                }

                var (start, end) = AuditPlacement.Place(
                    window, options.InternalAuditDurationDays, Placement.Middle, today, existing, options);
                slots.Add(new Slot(key, year, period, window, start, end, existing, Fixed: false));
            }
        }

        return slots;
    }

    /// <summary>Internal audits outside this cycle's own periods that count as audits of a control.</summary>
    private static Dictionary<string, List<Visit>> HistoryVisits(
        CertificationCycle cycle, IReadOnlyList<RecordedAudit> audits, List<ProgrammeControl> inScope)
    {
        var coverage = inScope.ToDictionary(c => c.Id, _ => new List<Visit>(), StringComparer.OrdinalIgnoreCase);
        foreach (var audit in audits)
        {
            var isThisCyclesPeriod = AuditKeys.BelongsTo(audit.Id, cycle.Key);
            var isSuperseded = AuditKeys.IsCycleKey(audit.Id) && !isThisCyclesPeriod && audit.Status == AuditStatus.Planned;
            if (audit.Type != AuditType.Internal || audit.Status == AuditStatus.Cancelled || isThisCyclesPeriod || isSuperseded)
            {
                continue;
            }

            AddVisits(coverage, audit.Scope, new Visit(audit.Id, audit.Start, audit.End));
        }

        return coverage;
    }

    private static void AddVisits(Dictionary<string, List<Visit>> coverage, IEnumerable<string> scope, Visit visit)
    {
        foreach (var controlId in scope)
        {
            if (coverage.TryGetValue(controlId, out var visits))
            {
                visits.Add(visit);
            }
        }
    }

    private Dictionary<string, MajorFinding> MajorFindings(IReadOnlyList<RecordedFinding> findings)
    {
        var latest = new Dictionary<string, MajorFinding>(StringComparer.OrdinalIgnoreCase);
        foreach (var finding in findings.Where(f => f.Type == FindingType.MajorNonconformity))
        {
            foreach (var controlId in finding.ControlIds)
            {
                if (!latest.TryGetValue(controlId, out var known) || known.RaisedOn < finding.RaisedOn)
                {
                    latest[controlId] = new MajorFinding(
                        finding.AuditId, finding.RaisedOn, finding.RaisedOn.AddMonths(options.MajorNonconformityReauditMonths));
                }
            }
        }

        return latest;
    }

    /// <summary>
    /// Walks the free periods in order. A control goes into a period when the next period would be too late for
    /// one of its deadlines; controls not yet covered in the cycle fill each period up to an even share of the
    /// work that remains (high-risk repeats included), earliest deadline first, then catalogue order.
    /// </summary>
    private Dictionary<string, List<string>> AssignScopes(
        CertificationCycle cycle,
        List<ProgrammeControl> inScope,
        List<Slot> free,
        Dictionary<string, List<Visit>> coverage,
        Dictionary<string, MajorFinding> majors,
        List<string> warnings)
    {
        var scopes = free.ToDictionary(s => s.Key, _ => new List<string>(), StringComparer.Ordinal);
        if (free.Count == 0)
        {
            return scopes;
        }

        // Work is balanced over the periods that end before the recertification deadline; later periods
        // only take what is forced into them.
        var coverageDeadline = cycle.ExpiryDate.AddDays(-options.RecertificationMarginDays);
        var horizon = free.LastOrDefault(s => s.End <= coverageDeadline)?.End ?? free[^1].End;
        var visitsByOrder = inScope.Select(c => coverage[c.Id]).ToArray();
        for (var i = 0; i < free.Count; i++)
        {
            var slot = free[i];
            var nextEnd = i + 1 < free.Count ? free[i + 1].End : cycle.ExpiryDate.AddDays(1);
            var forced = new List<int>();
            var optional = new List<(int Order, DateOnly Deadline)>();
            var demand = 0;
            for (var order = 0; order < inScope.Count; order++)
            {
                var control = inScope[order];
                var (deadline, uncovered, highDeadline) = Deadline(cycle, control, slot, visitsByOrder[order], majors);
                if (deadline is { } due && due < nextEnd)
                {
                    forced.Add(order);
                    demand++;
                    if (due < slot.End)
                    {
                        warnings.Add(string.Create(
                            CultureInfo.InvariantCulture,
                            $"{control.Id} is due for an internal audit by {due:yyyy-MM-dd}; the first period with room ends {slot.End:yyyy-MM-dd}."));
                    }
                }
                else if (uncovered)
                {
                    optional.Add((order, deadline ?? cycle.ExpiryDate));
                    demand++;
                }
                else if (highDeadline is { } next && next <= horizon)
                {
                    demand++;
                }

                if (highDeadline is { } first)
                {
                    demand += Repeats(first, horizon);
                }
            }

            var remaining = free.Skip(i).Count(s => s.End <= horizon);
            var target = remaining == 0 ? 0 : (demand + remaining - 1) / remaining;
            var take = Math.Max(0, target - forced.Count);
            var chosen = new bool[inScope.Count];
            forced.ForEach(order => chosen[order] = true);
            optional.Sort((a, b) => a.Deadline != b.Deadline ? a.Deadline.CompareTo(b.Deadline) : a.Order.CompareTo(b.Order));
            for (var k = 0; k < take && k < optional.Count; k++)
            {
                chosen[optional[k].Order] = true;
            }

            var scope = scopes[slot.Key];
            var visit = new Visit(slot.Key, slot.Start, slot.End);
            for (var order = 0; order < inScope.Count; order++)
            {
                if (chosen[order])
                {
                    scope.Add(inScope[order].Id);
                    visitsByOrder[order].Add(visit);
                }
            }
        }

        return scopes;
    }

    private int Repeats(DateOnly first, DateOnly horizon)
    {
        var count = 0;
        for (var next = first.AddMonths(options.HighRiskIntervalMonths); next <= horizon; next = next.AddMonths(options.HighRiskIntervalMonths))
        {
            count++;
        }

        return count;
    }

    /// <summary>The date by which a control needs its next internal audit, seen from a period; null when nothing is due.</summary>
    private (DateOnly? Deadline, bool Uncovered, DateOnly? HighDeadline) Deadline(
        CertificationCycle cycle,
        ProgrammeControl control,
        Slot slot,
        List<Visit> visits,
        Dictionary<string, MajorFinding> majors)
    {
        // Plain loops: this runs for every control in every period of every daily run.
        var uncovered = true;
        DateOnly? last = null;
        foreach (var visit in visits)
        {
            if (visit.Start >= cycle.DecisionDate && visit.End <= cycle.ExpiryDate)
            {
                uncovered = false;
            }

            if (visit.Start < slot.Start && (last is null || visit.End > last))
            {
                last = visit.End;
            }
        }

        DateOnly? deadline = uncovered ? cycle.ExpiryDate.AddDays(-options.RecertificationMarginDays) : null;
        DateOnly? highDeadline = null;
        if (control.IsHighRisk)
        {
            var due = (last ?? cycle.DecisionDate).AddMonths(options.HighRiskIntervalMonths);
            var plannedInTime = false;
            foreach (var visit in visits)
            {
                plannedInTime |= visit.Start >= slot.Start && visit.End <= due;
            }

            if (!plannedInTime)
            {
                highDeadline = due;
                deadline = Earlier(deadline, due);
            }
        }

        if (majors.TryGetValue(control.Id, out var major))
        {
            var reaudited = false;
            foreach (var visit in visits)
            {
                reaudited |= visit.Start > major.RaisedOn && visit.AuditId != major.AuditId;
            }

            if (!reaudited)
            {
                deadline = Earlier(deadline, major.ReauditBy);
            }
        }

        return (deadline, uncovered, highDeadline);
    }

    private static DateOnly Earlier(DateOnly? a, DateOnly b) => a is { } x && x < b ? x : b;

    private IEnumerable<PlannedAudit> ManagementReviews(CertificationCycle cycle, DateOnly today, Dictionary<string, RecordedAudit> byId)
    {
        var month = Math.Clamp(options.ManagementReviewMonthOfCycleYear, 1, 12);
        var duration = options.ManagementReviewDurationDays;
        for (var year = 1; year <= options.CycleYears; year++)
        {
            var yearStart = cycle.DecisionDate.AddMonths((year - 1) * 12);
            if (yearStart > cycle.ExpiryDate)
            {
                yield break;
            }

            var window = new DateWindow(
                yearStart,
                AuditPlacement.Min(cycle.DecisionDate.AddMonths(year * 12).AddDays(-1), cycle.ExpiryDate));
            var key = AuditKeys.ManagementReview(cycle.Key, year);
            var title = string.Create(
                CultureInfo.InvariantCulture,
                $"Management review, cycle year {year} (cycle of {cycle.DecisionDate:yyyy-MM-dd})");
            byId.TryGetValue(key, out var existing);
            if (existing is not null && existing.Status != AuditStatus.Planned)
            {
                yield return AuditPlacement.Locked(existing, title, window);
                continue;
            }

            (DateOnly Start, DateOnly End) dates;
            if (existing is not null && (window.Contains(existing.Start, existing.End) || existing.Start <= today))
            {
                dates = (existing.Start, existing.End);
            }
            else if (window.CanFit(duration, today.AddDays(options.MinimumLeadDays)))
            {
                var start = AuditPlacement.Max(yearStart.AddMonths(month - 1), today.AddDays(options.MinimumLeadDays));
                dates = (start, start.AddDays(duration - 1));
            }
            else
            {
                continue;
            }

            yield return AuditPlacement.Reconcile(
                key, AuditType.ManagementReview, title, window, dates, ["9.3"],
                existing?.LeadAuditorUpn, existing?.Auditors ?? [], existing);
        }
    }
}
