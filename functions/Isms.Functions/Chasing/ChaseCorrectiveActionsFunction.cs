namespace Isms.Functions.Chasing;

/// <summary>Business mornings: plans who is owed which reminder and queues one message per owner (<see cref="ChasePlanner"/>).</summary>
public sealed class ChaseCorrectiveActionsFunction(ChasePlanner planner)
{
    public const string PoisonQueue = ChasePlanner.PoisonQueue;

    [Function("ChaseCorrectiveActions")]
    public Task Run([TimerTrigger("%ChaseSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        planner.RunAsync(cancellationToken);
}
