namespace Isms.Core.Collection;

/// <summary>
/// Where a collector stands between runs: how many runs in a row its rule has failed, the nonconformity those failures
/// raised (until a pass is recorded on it), and since which run it has been unable to collect.
/// </summary>
public sealed record MonitoringStreak
{
    public static MonitoringStreak None { get; } = new();

    /// <summary>Consecutive runs whose rule failed; a run that could not collect neither adds to it nor ends it.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>The run the current run of failures began with: it names the nonconformity they raise, so it is raised once.</summary>
    public string? FailingSince { get; init; }

    /// <summary>The nonconformity the failures raised, until a passing run is recorded on it.</summary>
    public string? OpenFindingId { get; init; }

    /// <summary>The first run of the current run of errors: the ISMS manager is told once per such streak.</summary>
    public string? ErroringSince { get; init; }
}

/// <summary>What one run's outcome asks of the runner, besides keeping <see cref="Next"/>.</summary>
/// <param name="RaiseFinding">Raise the nonconformity of this run of failures (keyed by <see cref="MonitoringStreak.FailingSince"/>).</param>
/// <param name="RecordPassOn">The nonconformity a pass is to be recorded on.</param>
/// <param name="TellManager">This error begins a streak: tell the ISMS manager (keyed by <see cref="MonitoringStreak.ErroringSince"/>).</param>
public sealed record MonitoringStep(MonitoringStreak Next, bool RaiseFinding, string? RecordPassOn, bool TellManager);

/// <summary>
/// The monitoring rule (clause 9.1 feeding 10.2): a control whose check fails on <see cref="FailuresForFinding"/>
/// consecutive runs is a nonconformity, raised once; a later passing run is recorded on it. One failure alone may be a
/// blip (a policy being edited, a report lagging) and raises nothing.
/// </summary>
public static class MonitoringRule
{
    public const int FailuresForFinding = 2;

    public static MonitoringStep Apply(MonitoringStreak streak, CollectorRunOutcome outcome, string runId)
    {
        ArgumentNullException.ThrowIfNull(streak);
        return outcome switch
        {
            CollectorRunOutcome.Passed => new MonitoringStep(
                new MonitoringStreak(),
                RaiseFinding: false,
                RecordPassOn: streak.OpenFindingId,
                TellManager: false),
            CollectorRunOutcome.Failed => Failed(streak, runId),
            _ => new MonitoringStep(
                streak with { ErroringSince = streak.ErroringSince ?? runId },
                RaiseFinding: false,
                RecordPassOn: null,
                TellManager: streak.ErroringSince is null),
        };
    }

    private static MonitoringStep Failed(MonitoringStreak streak, string runId)
    {
        var next = streak with
        {
            ConsecutiveFailures = streak.ConsecutiveFailures + 1,
            FailingSince = streak.FailingSince ?? runId,
            ErroringSince = null,
        };
        return new MonitoringStep(next, next.ConsecutiveFailures >= FailuresForFinding && next.OpenFindingId is null, null, false);
    }
}
