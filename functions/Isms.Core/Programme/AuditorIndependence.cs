namespace Isms.Core.Programme;

/// <summary>An auditor who would audit a control they own (ISO/IEC 27001 clause 9.2: nobody audits their own area).</summary>
public sealed record IndependenceConflict(string AuditKey, string AuditorUpn, string ControlId)
{
    public string Message => $"{AuditorUpn} owns {ControlId} and so cannot audit it in {AuditKey}.";
}

/// <summary>The outcome of checking the auditors of one audit.</summary>
public sealed record IndependenceCheck(IReadOnlyList<IndependenceConflict> Conflicts)
{
    public bool IsIndependent => Conflicts.Count == 0;

    /// <summary>An error a person can act on, or null when the auditors are independent.</summary>
    public string? Error => IsIndependent
        ? null
        : "Auditors must not audit their own area: " + string.Join(" ", Conflicts.Select(c => c.Message));
}

/// <summary>Checks auditors against the owners recorded in the Statement of Applicability.</summary>
public static class AuditorIndependence
{
    /// <summary>
    /// Checks a proposed lead auditor and team against the scope. Call it before accepting auditors on an audit
    /// and refuse the change (409 with <see cref="IndependenceCheck.Error"/>) when it is not independent.
    /// </summary>
    public static IndependenceCheck Check(
        string auditKey,
        string? leadAuditorUpn,
        IEnumerable<string> auditors,
        IEnumerable<string> scope,
        IEnumerable<ProgrammeControl> controls)
    {
        ArgumentNullException.ThrowIfNull(auditors);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(controls);
        return Check(auditKey, leadAuditorUpn, auditors, scope, OwnersById(controls));
    }

    private static IndependenceCheck Check(
        string auditKey,
        string? leadAuditorUpn,
        IEnumerable<string> auditors,
        IEnumerable<string> scope,
        Dictionary<string, string> owners)
    {
        var team = new List<string>();
        if (!string.IsNullOrWhiteSpace(leadAuditorUpn))
        {
            team.Add(leadAuditorUpn);
        }

        team.AddRange(auditors.Where(a => !string.IsNullOrWhiteSpace(a)));
        var conflicts = new List<IndependenceConflict>();
        foreach (var auditor in team.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            foreach (var controlId in scope)
            {
                if (owners.TryGetValue(controlId, out var owner) && string.Equals(owner, auditor, StringComparison.OrdinalIgnoreCase))
                {
                    conflicts.Add(new IndependenceConflict(auditKey, auditor, controlId));
                }
            }
        }

        return new IndependenceCheck(conflicts);
    }

    /// <summary>Existing conflicts across audits that are not finished (completed and cancelled audits are history).</summary>
    public static IReadOnlyList<IndependenceConflict> FindConflicts(
        IEnumerable<PlannedAudit> audits, IEnumerable<ProgrammeControl> controls)
    {
        ArgumentNullException.ThrowIfNull(audits);
        ArgumentNullException.ThrowIfNull(controls);
        var owners = OwnersById(controls);
        return audits
            .Where(a => a.Action != PlanAction.Cancel && a.Status is AuditStatuses.Planned or AuditStatuses.InProgress)
            .SelectMany(a => Check(a.Key, a.LeadAuditorUpn, a.Auditors, a.Scope, owners).Conflicts)
            .ToList();
    }

    internal static Dictionary<string, string> OwnersById(IEnumerable<ProgrammeControl> controls)
    {
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var control in controls.Where(c => !string.IsNullOrWhiteSpace(c.OwnerUpn)))
        {
            owners.TryAdd(control.Id, control.OwnerUpn!);
        }

        return owners;
    }
}
