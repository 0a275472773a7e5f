namespace Isms.Core.Collection;

/// <summary>
/// A.5.18, A.5.19: no guest has gone without signing in for more than the allowed days. A guest who never signed in
/// counts from the day the account was created.
/// </summary>
public sealed class GuestTally(int maximumInactiveDays, DateTimeOffset now)
{
    private readonly List<string> _inactive = [];
    private int _guests;
    private int _neverSignedIn;

    public void Add(string name, DateTimeOffset? created, DateTimeOffset? lastSignIn)
    {
        _guests++;
        _neverSignedIn += lastSignIn is null ? 1 : 0;
        var since = lastSignIn ?? created;
        if (since is { } from && (now - from).TotalDays > maximumInactiveDays)
        {
            _inactive.Add(name);
        }
    }

    public CollectorVerdict Verdict()
    {
        var passed = _inactive.Count == 0;
        var summary = passed
            ? $"All {_guests} guests signed in within the last {maximumInactiveDays} days (or were invited since)."
            : $"Guests inactive for more than {maximumInactiveDays} days: {CollectorVerdict.Listed(_inactive)}.";
        return new CollectorVerdict(passed, summary,
        [
            new("guests", "Guest accounts", _guests),
            new("inactiveGuests", $"Guests inactive beyond {maximumInactiveDays} days", _inactive.Count),
            new("neverSignedIn", "Guests who never signed in", _neverSignedIn),
        ], passed ? [] : [summary]);
    }
}
