using Isms.Core.Audits;

namespace Isms.Core.Programme;

/// <summary>
/// A staffing decision the ISMS manager has to act on: an audit left without an independent lead auditor, or
/// an auditor taken off an audit because they own part of its scope.
/// </summary>
public sealed record StaffingProblem(string AuditKey, string Reason);

/// <summary>The programme's audits with their auditors decided, and the problems that left some unstaffed.</summary>
public sealed record StaffingResult(IReadOnlyList<PlannedAudit> Audits, IReadOnlyList<StaffingProblem> Problems);

/// <summary>
/// Decides the auditors of every audit the programme still plans, under the one independence rule
/// (<see cref="AuditorIndependence"/>), so that no audit it plans has an auditor who owns part of its scope and
/// the API accepts every later edit. Internal audits get a lead from the pool: a current independent
/// assignment is kept (so reruns change nothing); otherwise the least-loaded independent auditor is chosen,
/// ties going to the order of the pool. Other audits keep the lead a person or the certification body named,
/// unless that lead owns part of the scope. Team members who own part of the scope are taken off the team.
/// Whatever cannot be staffed independently is left unstaffed and reported. Started, completed and cancelled
/// audits are history and left alone.
/// </summary>
public static class AuditorAssigner
{
    public static StaffingResult Assign(
        IReadOnlyList<PlannedAudit> audits,
        IReadOnlyList<string> pool,
        AuditorIndependence independence)
    {
        ArgumentNullException.ThrowIfNull(audits);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(independence);
        var candidates = pool.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var load = candidates.ToDictionary(c => c, _ => 0, StringComparer.OrdinalIgnoreCase);
        foreach (var audit in audits.Where(a => a.Type == AuditType.Internal && a.LeadAuditorUpn is not null && a.Action != PlanAction.Cancel))
        {
            if (load.TryGetValue(audit.LeadAuditorUpn!, out var count))
            {
                load[audit.LeadAuditorUpn!] = count + 1;
            }
        }

        var result = new List<PlannedAudit>(audits.Count);
        var problems = new List<StaffingProblem>();
        foreach (var audit in audits)
        {
            if (audit.Action is PlanAction.Locked or PlanAction.Cancel)
            {
                result.Add(audit);
                continue;
            }

            var team = IndependentTeam(audit, independence, problems);
            var lead = audit.Type == AuditType.Internal
                ? InternalLead(audit, candidates, load, independence, problems)
                : NamedLead(audit, independence, problems);
            var staffed = audit with { LeadAuditorUpn = lead, Auditors = team };
            if (staffed.Action == PlanAction.Keep && (!SameLead(audit.LeadAuditorUpn, lead) || team.Count != audit.Auditors.Count))
            {
                staffed = staffed with { Action = PlanAction.Update };
            }

            result.Add(staffed);
        }

        return new StaffingResult(result, problems);
    }

    private static string? InternalLead(
        PlannedAudit audit,
        List<string> candidates,
        Dictionary<string, int> load,
        AuditorIndependence independence,
        List<StaffingProblem> problems)
    {
        var current = HasLead(audit.LeadAuditorUpn) ? audit.LeadAuditorUpn : null;
        var currentIsIndependent = current is not null && independence.IsIndependent(current, audit.Scope);
        if (currentIsIndependent && load.ContainsKey(current!))
        {
            return current;
        }

        if (current is not null && load.TryGetValue(current, out var held))
        {
            load[current] = held - 1;
        }

        var chosen = candidates
            .Where(c => independence.IsIndependent(c, audit.Scope))
            .OrderBy(c => load[c])
            .FirstOrDefault();
        if (chosen is not null)
        {
            load[chosen]++;
            return chosen;
        }

        problems.Add(new StaffingProblem(
            audit.Key,
            candidates.Count == 0
                ? "No internal auditors are configured."
                : "Every auditor in the pool owns a control in this audit's scope; add an independent auditor or split the scope."));

        // A lead a person chose from outside the pool stays while independent; one who owns part of the scope goes.
        return currentIsIndependent ? current : null;
    }

    private static string? NamedLead(PlannedAudit audit, AuditorIndependence independence, List<StaffingProblem> problems)
    {
        var owned = independence.OwnedInScope(audit.LeadAuditorUpn, audit.Scope);
        if (owned.Count == 0)
        {
            return audit.LeadAuditorUpn;
        }

        problems.Add(new StaffingProblem(
            audit.Key,
            $"{audit.LeadAuditorUpn} owns {string.Join(", ", owned)} in this audit's scope and so cannot lead it; name an independent lead auditor."));
        return null;
    }

    private static List<string> IndependentTeam(PlannedAudit audit, AuditorIndependence independence, List<StaffingProblem> problems)
    {
        var team = new List<string>(audit.Auditors.Count);
        foreach (var member in audit.Auditors)
        {
            var owned = independence.OwnedInScope(member, audit.Scope);
            if (owned.Count == 0)
            {
                team.Add(member);
                continue;
            }

            problems.Add(new StaffingProblem(
                audit.Key,
                $"{member} owns {string.Join(", ", owned)} in this audit's scope and was taken off its team."));
        }

        return team;
    }

    private static bool HasLead(string? upn) => !string.IsNullOrWhiteSpace(upn);

    /// <summary>Null and blank both mean "no lead", so a register that stores blank is not replanned every run.</summary>
    private static bool SameLead(string? a, string? b) =>
        HasLead(a) ? string.Equals(a, b, StringComparison.OrdinalIgnoreCase) : !HasLead(b);
}
