namespace Isms.Functions.Snapshots;

/// <summary>Daily: seals the month's snapshot and those due before external audits, each once (<see cref="ScheduledSnapshots"/>).</summary>
public sealed class TakeComplianceSnapshotFunction(ScheduledSnapshots snapshots)
{
    public const string System = ScheduledSnapshots.System;

    [Function("TakeComplianceSnapshot")]
    public Task Run([TimerTrigger("%SnapshotSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        snapshots.RunAsync(cancellationToken);
}
