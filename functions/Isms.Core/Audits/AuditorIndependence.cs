using System.Collections.Frozen;
using Isms.Core.Controls;
using Isms.Core.Validation;

namespace Isms.Core.Audits;

/// <summary>
/// Clause 9.2.2 asks for auditors who are objective and impartial: in practice, nobody audits an area they
/// own. This is the one place that rule is written; the API's validator, the programme planner and the
/// auditor assigner all ask it, so an audit the planner staffs is one the API accepts when it is edited.
/// </summary>
/// <remarks>
/// A clause and its sub-clauses count as one area: whoever owns 6.1 is not independent of 6.1.2, and whoever
/// owns 6.1.2 is not independent of 6.1 (two sub-clauses of one clause are different areas). Owners are
/// compared as user principal names, ignoring case; ids the catalogue does not know match only themselves.
/// </remarks>
public sealed class AuditorIndependence
{
    private static readonly FrozenDictionary<string, int> CatalogueOrder = ControlCatalogue.All
        .Select((control, index) => (control.Id, index))
        .ToFrozenDictionary(x => x.Id, x => x.index, StringComparer.OrdinalIgnoreCase);

    /// <summary>Per catalogue id, the ids of its area: itself, its clause, its sub-clauses.</summary>
    private static readonly FrozenDictionary<string, string[]> AreaOf = ControlCatalogue.All.ToFrozenDictionary(
        control => control.Id,
        control => new[] { control.Id, control.ParentId }
            .Concat(ControlCatalogue.All.Where(c => c.ParentId == control.Id).Select(c => c.Id))
            .OfType<string>()
            .ToArray(),
        StringComparer.OrdinalIgnoreCase);

    private readonly Dictionary<string, List<string>> _ownersById = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="owners">The owner of each clause or control as the SoA records it; a null owner owns nothing.</param>
    public AuditorIndependence(IEnumerable<(string ControlId, string? OwnerUpn)> owners)
    {
        ArgumentNullException.ThrowIfNull(owners);
        foreach (var (controlId, ownerUpn) in owners)
        {
            if (string.IsNullOrWhiteSpace(controlId) || string.IsNullOrWhiteSpace(ownerUpn))
            {
                continue;
            }

            var id = Canonical(controlId);
            if (!_ownersById.TryGetValue(id, out var list))
            {
                _ownersById[id] = list = [];
            }

            list.Add(ownerUpn);
        }
    }

    /// <summary>The rule as the Statement of Applicability records the owners.</summary>
    public static AuditorIndependence Of(IEnumerable<SoaEntry> soa)
    {
        ArgumentNullException.ThrowIfNull(soa);
        return new(soa.Select(e => (e.ControlId, e.OwnerUpn)));
    }

    /// <summary>
    /// The rule itself: the ids of what <paramref name="auditorUpn"/> owns in the area of
    /// <paramref name="scope"/>, in catalogue order, each once. Empty means the person is independent of the scope.
    /// </summary>
    public IReadOnlyList<string> OwnedInScope(string? auditorUpn, IEnumerable<string> scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (string.IsNullOrWhiteSpace(auditorUpn) || _ownersById.Count == 0)
        {
            return [];
        }

        List<string>? owned = null;
        foreach (var scopeId in scope)
        {
            if (string.IsNullOrWhiteSpace(scopeId))
            {
                continue;
            }

            foreach (var areaId in AreaOf.TryGetValue(scopeId.Trim(), out var area) ? area : [scopeId.Trim()])
            {
                if (_ownersById.TryGetValue(areaId, out var owners)
                    && owners.Exists(owner => UserPrincipalName.AreSame(owner, auditorUpn))
                    && !(owned ??= []).Contains(areaId, StringComparer.OrdinalIgnoreCase))
                {
                    owned.Add(areaId);
                }
            }
        }

        return owned is null ? [] : [.. owned.OrderBy(id => CatalogueOrder.GetValueOrDefault(id, int.MaxValue))];
    }

    public bool IsIndependent(string? auditorUpn, IEnumerable<string> scope) => OwnedInScope(auditorUpn, scope).Count == 0;

    /// <summary>What each member of the audit's team (lead first) owns in its scope; members who own nothing there are left out.</summary>
    public IReadOnlyList<(string AuditorUpn, IReadOnlyList<string> Owned)> Conflicts(Audit audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return Conflicts(audit.Team, audit.Scope ?? []);
    }

    /// <summary>What each of <paramref name="team"/> owns in <paramref name="scope"/>; members who own nothing there are left out.</summary>
    public IReadOnlyList<(string AuditorUpn, IReadOnlyList<string> Owned)> Conflicts(IEnumerable<string> team, IReadOnlyList<string> scope)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(scope);
        return [.. team
            .Where(member => !string.IsNullOrWhiteSpace(member))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(member => (member, OwnedInScope(member, scope)))
            .Where(x => x.Item2.Count > 0)];
    }

    private static string Canonical(string id) => ControlCatalogue.TryGet(id, out var control) ? control.Id : id.Trim();
}
