namespace Isms.Core.Collection;

/// <summary>
/// A.5.7, A.8.8: Microsoft Secure Score is at least the configured share of its maximum, and has not fallen by more
/// than the allowed points since the previous collection (its trend).
/// </summary>
public sealed class SecureScoreTally(decimal minimumPercent, decimal maximumDropPoints)
{
    private decimal? _current;
    private decimal? _max;
    private int _controls;
    private int _controlsAtMax;

    public void SetScore(decimal current, decimal max)
    {
        _current = current;
        _max = max;
    }

    public void AddControlProfile(bool deprecated)
    {
        _controls += deprecated ? 0 : 1;
    }

    public void AddControlScore(bool atMaximum) => _controlsAtMax += atMaximum ? 1 : 0;

    /// <param name="previousPercent">The share the previous successful collection measured; null on the first.</param>
    public CollectorVerdict Verdict(decimal? previousPercent)
    {
        if (_current is not { } current || _max is not { } max || max <= 0)
        {
            return new CollectorVerdict(false, "Graph returned no Secure Score for this tenant.", [], ["No Secure Score was returned."]);
        }

        var percent = Math.Round(100m * current / max, 1, MidpointRounding.ToZero);
        var change = previousPercent is { } before ? percent - before : 0m;
        var problems = new List<string>();
        if (percent < minimumPercent)
        {
            problems.Add($"Secure Score is {CollectorVerdict.Percent(percent)} of its maximum, below the {CollectorVerdict.Percent(minimumPercent)} required.");
        }

        if (-change > maximumDropPoints)
        {
            problems.Add($"Secure Score fell {Math.Abs(change):0.#} points since the previous collection (at most {maximumDropPoints:0.#} allowed).");
        }

        var trend = previousPercent is null ? "first collection" : change == 0 ? "unchanged" : $"{(change > 0 ? "up" : "down")} {Math.Abs(change):0.#} points";
        return CollectorVerdict.From(
            problems,
            $"Secure Score {current:0.##} of {max:0.##} ({CollectorVerdict.Percent(percent)}, {trend}); at least {CollectorVerdict.Percent(minimumPercent)} required.",
            [
                new("currentScore", "Current score", current),
                new("maxScore", "Maximum score", max),
                new("percent", "Share of the maximum (%)", percent),
                new("changePoints", "Change since the previous collection (points)", change),
                new("controlProfiles", "Improvement actions assessed", _controls),
                new("controlsAtMaximum", "Improvement actions fully implemented", _controlsAtMax),
            ]);
    }
}
