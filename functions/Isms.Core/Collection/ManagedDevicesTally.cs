namespace Isms.Core.Collection;

/// <summary>A.8.1: the share of managed devices Intune calls compliant reaches the threshold.</summary>
public sealed class ManagedDevicesTally(decimal minimumPercent)
{
    private readonly SortedDictionary<string, int> _states = new(StringComparer.OrdinalIgnoreCase);
    private int _devices;
    private int _compliant;

    public void Add(string? complianceState)
    {
        _devices++;
        var state = string.IsNullOrWhiteSpace(complianceState) ? "unknown" : complianceState;
        _states[state] = _states.GetValueOrDefault(state) + 1;
        _compliant += string.Equals(state, "compliant", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
    }

    public CollectorVerdict Verdict()
    {
        var share = CollectorVerdict.Share(_compliant, _devices);
        var passed = share >= minimumPercent;
        var states = string.Join(", ", _states.Select(s => $"{s.Value} {s.Key}"));
        var summary = passed
            ? $"{CollectorVerdict.Percent(share)} of {_devices} managed devices are compliant (at least {CollectorVerdict.Percent(minimumPercent)} required)."
            : $"{CollectorVerdict.Percent(share)} of {_devices} managed devices are compliant, below the {CollectorVerdict.Percent(minimumPercent)} required ({states}).";
        return new CollectorVerdict(passed, summary,
        [
            new("devices", "Managed devices", _devices),
            new("compliant", "Compliant", _compliant),
            new("compliantPercent", "Share compliant (%)", share),
            new("notCompliant", "Not compliant, in grace period or unknown", _devices - _compliant),
        ], passed ? [] : [summary]);
    }
}
