namespace Isms.Functions.People;

/// <summary>Daily: the people behind each document's and course's groups (<see cref="AudienceSync"/>).</summary>
public sealed class SyncAudiencesFunction(AudienceSync sync)
{
    [Function("SyncAudiences")]
    public Task Run([TimerTrigger("%SyncAudiencesSchedule%")] TimerInfo timer, CancellationToken cancellationToken) => sync.SyncAllAsync(cancellationToken);
}
