namespace Isms.Core.Collection;

/// <summary>A conditional-access policy as far as the rule looks at it.</summary>
/// <param name="AllUsers">Its users include "All".</param>
/// <param name="AllApplications">Its applications include "All".</param>
/// <param name="LegacyClients">Its client app types include exchangeActiveSync or other (legacy authentication).</param>
public sealed record ConditionalAccessPolicy(string Name, string State, bool AllUsers, bool AllApplications, bool RequiresMfa, bool Blocks, bool LegacyClients);

/// <summary>
/// A.8.5, A.5.15: an enabled policy requires MFA of all users for all applications, and an enabled policy blocks
/// legacy authentication. A policy in report-only mode enforces nothing and counts for neither.
/// </summary>
public sealed class ConditionalAccessTally
{
    private readonly List<string> _mfaForAll = [];
    private readonly List<string> _legacyBlocked = [];
    private int _policies;
    private int _enabled;
    private int _reportOnly;

    public void Add(ConditionalAccessPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policies++;
        var enabled = string.Equals(policy.State, "enabled", StringComparison.OrdinalIgnoreCase);
        _enabled += enabled ? 1 : 0;
        _reportOnly += string.Equals(policy.State, "enabledForReportingButNotEnforced", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        if (!enabled || !policy.AllUsers)
        {
            return;
        }

        if (policy.RequiresMfa && policy.AllApplications && !policy.Blocks)
        {
            _mfaForAll.Add(policy.Name);
        }

        if (policy.Blocks && policy.LegacyClients)
        {
            _legacyBlocked.Add(policy.Name);
        }
    }

    public CollectorVerdict Verdict()
    {
        var problems = new List<string>();
        if (_mfaForAll.Count == 0)
        {
            problems.Add("No enabled policy requires MFA of all users for all applications.");
        }

        if (_legacyBlocked.Count == 0)
        {
            problems.Add("No enabled policy blocks legacy authentication (client apps Exchange ActiveSync and other clients) for all users.");
        }

        return CollectorVerdict.From(
            problems,
            $"MFA is required of all users by {string.Join(", ", _mfaForAll)}; legacy authentication is blocked by {string.Join(", ", _legacyBlocked)}.",
            [
                new("policies", "Conditional-access policies", _policies),
                new("enabled", "Enabled policies", _enabled),
                new("reportOnly", "Policies in report-only mode", _reportOnly),
                new("mfaForAllUsers", "Enabled policies requiring MFA of all users", _mfaForAll.Count),
                new("legacyAuthenticationBlocked", "Enabled policies blocking legacy authentication", _legacyBlocked.Count),
            ]);
    }
}
