namespace Isms.Functions.Summary;

/// <summary>Weekday mornings: posts the week's summary card to the ISMS Teams channel once per ISO week (<see cref="WeeklySummaryPoster"/>).</summary>
public sealed class PostWeeklySummaryFunction(WeeklySummaryPoster poster)
{
    public const string LedgerPartition = WeeklySummaryPoster.LedgerPartition;

    [Function("PostWeeklySummary")]
    public Task Run([TimerTrigger("%WeeklySummarySchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        poster.RunAsync(cancellationToken);
}
