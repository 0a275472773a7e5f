using Isms.Core.Controls;
using Isms.Core.Validation;

namespace Isms.Core.Audits;

/// <summary>
/// Clause 9.2.2 asks for auditors who are objective and impartial: in practice, nobody audits a control
/// they own.
/// </summary>
public static class AuditorIndependence
{
    /// <summary>
    /// The ids of the controls in the audit's scope that the lead auditor or a team member owns according
    /// to the SoA, in catalogue order. A clause and its sub-clauses count as one area: owning 6.1 conflicts
    /// with auditing 6.1.2 and the other way round.
    /// </summary>
    public static IReadOnlyList<string> ConflictingControlIds(Audit audit, IEnumerable<SoaEntry> soa)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(soa);

        var team = audit.Team.ToList();
        var scope = (audit.Scope ?? []).ToList();

        return [.. soa
            .Where(e => e.OwnerUpn is not null && team.Any(a => UserPrincipalName.AreSame(a, e.OwnerUpn)))
            .Where(e => scope.Any(s => SameArea(s, e.ControlId)))
            .Select(e => ControlCatalogue.TryGet(e.ControlId, out var c) ? c.Id : e.ControlId)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(CatalogueOrder)];
    }

    private static bool SameArea(string scopeId, string ownedId)
    {
        if (!ControlCatalogue.TryGet(scopeId, out var scoped) || !ControlCatalogue.TryGet(ownedId, out var owned))
        {
            return string.Equals(scopeId, ownedId, StringComparison.OrdinalIgnoreCase);
        }

        return scoped.Id == owned.Id || scoped.ParentId == owned.Id || owned.ParentId == scoped.Id;
    }

    private static int CatalogueOrder(string id)
    {
        for (var i = 0; i < ControlCatalogue.All.Count; i++)
        {
            if (ControlCatalogue.All[i].Id == id)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
