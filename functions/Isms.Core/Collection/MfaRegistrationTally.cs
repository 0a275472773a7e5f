namespace Isms.Core.Collection;

/// <summary>
/// A.5.17, A.8.5: of the enabled members the registration report lists, the share able to do MFA must reach the
/// threshold, and every enabled holder of an admin role must be able to. Guests register in their home tenant and
/// disabled accounts cannot sign in: neither is counted (the disabled are counted apart).
/// </summary>
public sealed class MfaRegistrationTally(decimal minimumPercent)
{
    private readonly List<string> _adminsWithout = [];
    private int _members;
    private int _capable;
    private int _admins;
    private int _disabled;

    public void Add(string? upn, bool isMember, bool isAdmin, bool isMfaCapable, bool enabled = true)
    {
        if (!enabled)
        {
            _disabled++;
            return;
        }

        if (isMember)
        {
            _members++;
            _capable += isMfaCapable ? 1 : 0;
        }

        if (isAdmin)
        {
            _admins++;
            if (!isMfaCapable)
            {
                _adminsWithout.Add(upn ?? "(no UPN)");
            }
        }
    }

    public CollectorVerdict Verdict()
    {
        var share = CollectorVerdict.Share(_capable, _members);
        var problems = new List<string>();
        if (share < minimumPercent)
        {
            problems.Add($"{CollectorVerdict.Percent(share)} of enabled members can do MFA, below the {CollectorVerdict.Percent(minimumPercent)} required ({_members - _capable} cannot).");
        }

        if (_adminsWithout.Count > 0)
        {
            problems.Add($"Admin role holders who cannot do MFA: {CollectorVerdict.Listed(_adminsWithout)}.");
        }

        return CollectorVerdict.From(
            problems,
            $"{CollectorVerdict.Percent(share)} of {_members} enabled members can do MFA (at least {CollectorVerdict.Percent(minimumPercent)} required) and all {_admins} admin role holders can.",
            [
                new("members", "Enabled members in the registration report", _members),
                new("membersMfaCapable", "Members able to do MFA", _capable),
                new("membersMfaCapablePercent", "Share of members able to do MFA (%)", share),
                new("admins", "Admin role holders", _admins),
                new("adminsWithoutMfa", "Admin role holders unable to do MFA", _adminsWithout.Count),
                new("disabledLeftOut", "Disabled accounts left out", _disabled),
            ]);
    }
}
