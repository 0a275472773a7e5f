namespace Isms.Functions.Programme;

/// <summary>Daily: the audit programme plans and polices itself (<see cref="ProgrammeScheduler"/>).</summary>
public sealed class ScheduleAuditsFunction(ProgrammeScheduler scheduler)
{
    [Function("ScheduleAudits")]
    public Task Run([TimerTrigger("%ScheduleAuditsSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        scheduler.RunAsync(cancellationToken);
}
