namespace Isms.Core.Programme;

/// <summary>An audit the programme could not staff with an independent lead auditor.</summary>
public sealed record StaffingProblem(string AuditKey, string Reason);

/// <summary>Internal audits with lead auditors assigned, and those that could not be staffed.</summary>
public sealed record StaffingResult(IReadOnlyList<PlannedAudit> Audits, IReadOnlyList<StaffingProblem> Problems);

/// <summary>
/// Assigns lead auditors to planned internal audits from a pool. It never assigns an auditor who owns a control
/// in the audit's scope; a current independent assignment is kept (so reruns change nothing); otherwise the
/// least-loaded independent auditor is chosen, ties going to the order of the pool.
/// </summary>
public static class AuditorAssigner
{
    public static StaffingResult Assign(
        IReadOnlyList<PlannedAudit> audits,
        IReadOnlyList<string> pool,
        IReadOnlyList<ProgrammeControl> controls)
    {
        ArgumentNullException.ThrowIfNull(audits);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(controls);
        var owners = AuditorIndependence.OwnersById(controls);
        var candidates = pool.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var load = candidates.ToDictionary(c => c, _ => 0, StringComparer.OrdinalIgnoreCase);
        foreach (var audit in audits.Where(a => a.Type == AuditTypes.Internal && a.LeadAuditorUpn is not null && a.Action != PlanAction.Cancel))
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
            if (audit.Type != AuditTypes.Internal || audit.Action is PlanAction.Locked or PlanAction.Cancel)
            {
                result.Add(audit);
                continue;
            }

            var current = audit.LeadAuditorUpn;
            if (current is not null && load.ContainsKey(current) && IsIndependent(current, audit.Scope, owners))
            {
                result.Add(audit);
                continue;
            }

            if (current is not null && load.TryGetValue(current, out var held))
            {
                load[current] = held - 1;
            }

            var chosen = candidates
                .Where(c => IsIndependent(c, audit.Scope, owners))
                .OrderBy(c => load[c])
                .FirstOrDefault();
            if (chosen is null)
            {
                problems.Add(new StaffingProblem(
                    audit.Key,
                    candidates.Count == 0
                        ? "No internal auditors are configured."
                        : "Every auditor in the pool owns a control in this audit's scope; add an independent auditor or split the scope."));
            }
            else
            {
                load[chosen]++;
            }

            var staffed = audit with { LeadAuditorUpn = chosen };
            if (staffed.Action == PlanAction.Keep && !string.Equals(current, chosen, StringComparison.OrdinalIgnoreCase))
            {
                staffed = staffed with { Action = PlanAction.Update };
            }

            result.Add(staffed);
        }

        return new StaffingResult(result, problems);
    }

    private static bool IsIndependent(string auditor, IEnumerable<string> scope, Dictionary<string, string> owners) =>
        !scope.Any(id => owners.TryGetValue(id, out var owner) && string.Equals(owner, auditor, StringComparison.OrdinalIgnoreCase));
}
