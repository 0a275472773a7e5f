namespace Isms.Core.Collection;

/// <summary>A.5.17, A.8.24: no application secret or certificate has expired or expires within the warning days.</summary>
public sealed class AppCredentialTally(int warningDays, DateTimeOffset now)
{
    private readonly List<string> _expired = [];
    private readonly List<string> _expiring = [];
    private int _applications;
    private int _credentials;

    public void AddApplication() => _applications++;

    public void AddCredential(string application, string kind, string? name, DateTimeOffset? endsAt)
    {
        _credentials++;
        if (endsAt is not { } end)
        {
            return;
        }

        var label = $"{application}: {kind}{(string.IsNullOrWhiteSpace(name) ? string.Empty : $" '{name}'")} {(end < now ? "expired" : "expires")} {end:yyyy-MM-dd}";
        if (end < now)
        {
            _expired.Add(label);
        }
        else if ((end - now).TotalDays <= warningDays)
        {
            _expiring.Add(label);
        }
    }

    public CollectorVerdict Verdict()
    {
        var problems = new List<string>();
        if (_expired.Count > 0)
        {
            problems.Add($"Expired credentials still on applications: {CollectorVerdict.Listed(_expired)}.");
        }

        if (_expiring.Count > 0)
        {
            problems.Add($"Credentials expiring within {warningDays} days: {CollectorVerdict.Listed(_expiring)}.");
        }

        return CollectorVerdict.From(
            problems,
            $"None of the {_credentials} credentials of {_applications} applications has expired or expires within {warningDays} days.",
            [
                new("applications", "Applications", _applications),
                new("credentials", "Secrets and certificates", _credentials),
                new("expired", "Expired", _expired.Count),
                new("expiringSoon", $"Expiring within {warningDays} days", _expiring.Count),
            ]);
    }
}
