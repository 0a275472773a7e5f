namespace Isms.Core.Collection;

/// <summary>
/// A.5.15, A.5.18, A.8.2: the Global Administrators (assigned, and eligible where PIM is licensed) are within the
/// configured bounds, and every holder of a directory role is a named person: a user account, not a service principal
/// or a group, unless listed as exempt (a break-glass account is a user, an automation's principal may be exempted).
/// </summary>
public sealed class PrivilegedRolesTally(int minimumGlobalAdmins, int maximumGlobalAdmins, IReadOnlySet<string> exemptPrincipalIds)
{
    /// <summary>The role template id of Global Administrator, the same in every tenant.</summary>
    public const string GlobalAdministratorTemplateId = "62e90394-69f5-4237-9190-012177145e10";

    private readonly HashSet<string> _globalAdmins = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _holders = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedSet<string> _notPeople = new(StringComparer.OrdinalIgnoreCase);
    private int _assignments;
    private int _eligible;

    /// <summary>Whether eligibility was read (PIM licensed); without it only active assignments count.</summary>
    public bool EligibilityRead { get; set; }

    /// <param name="principalType">The principal's OData type: "user", "servicePrincipal", "group"; null when it could not be expanded.</param>
    public void Add(string roleDefinitionId, string principalId, string? principalType, string principalName, bool eligible)
    {
        _assignments++;
        _eligible += eligible ? 1 : 0;
        _holders.Add(principalId);
        if (string.Equals(roleDefinitionId, GlobalAdministratorTemplateId, StringComparison.OrdinalIgnoreCase))
        {
            _globalAdmins.Add(principalId);
        }

        if (!string.Equals(principalType, "user", StringComparison.OrdinalIgnoreCase) && !exemptPrincipalIds.Contains(principalId))
        {
            _notPeople.Add($"{principalName} ({principalType ?? "unknown"} {principalId})");
        }
    }

    public CollectorVerdict Verdict()
    {
        var problems = new List<string>();
        if (_globalAdmins.Count < minimumGlobalAdmins || _globalAdmins.Count > maximumGlobalAdmins)
        {
            problems.Add($"{_globalAdmins.Count} Global Administrators, outside the {minimumGlobalAdmins} to {maximumGlobalAdmins} allowed.");
        }

        if (_notPeople.Count > 0)
        {
            problems.Add($"Role holders that are not named people: {CollectorVerdict.Listed(_notPeople)}.");
        }

        var eligibility = EligibilityRead ? $"{_eligible} of them eligible through PIM" : "eligibility not read (PIM not licensed)";
        return CollectorVerdict.From(
            problems,
            $"{_globalAdmins.Count} Global Administrators ({minimumGlobalAdmins} to {maximumGlobalAdmins} allowed); {_assignments} role assignments ({eligibility}), every holder a named person.",
            [
                new("globalAdministrators", "Global Administrators", _globalAdmins.Count),
                new("assignments", "Directory role assignments", _assignments),
                new("eligibleAssignments", "Of which eligible (PIM)", _eligible),
                new("holders", "Distinct role holders", _holders.Count),
                new("holdersNotPeople", "Holders that are not named people", _notPeople.Count),
            ]);
    }
}
