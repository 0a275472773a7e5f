using Isms.Functions.Storage;

namespace Isms.Functions.Summary;

/// <summary>What one run of the weekly summary did: posted (with how), already posted this week, or failed.</summary>
public sealed record WeeklySummaryResult(string Week, bool Posted, string Detail);

/// <summary>
/// Posts the weekly summary card to the ISMS Teams channel once per ISO week. It runs on weekday mornings
/// (<c>%WeeklySummarySchedule%</c>): Monday's run posts, and if that post fails the claim is released, so
/// Tuesday's run tries again. "Once" is a claim in the ChannelPosts send ledger, keyed by the week.
/// </summary>
public sealed partial class PostWeeklySummaryFunction(
    WeeklySummaryReader reader,
    TeamsChannelWebhook webhook,
    SendLedger ledger,
    IOptions<Platform.IsmsOptions> isms,
    TimeProvider time,
    ILogger<PostWeeklySummaryFunction> logger)
{
    public const string LedgerPartition = "weekly-summary";

    [Function("PostWeeklySummary")]
    public async Task Run([TimerTrigger("%WeeklySummarySchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await RunAsync(cancellationToken).ConfigureAwait(false);
        LogRun(logger, result.Week, result.Posted, result.Detail);
    }

    public async Task<WeeklySummaryResult> RunAsync(CancellationToken cancellationToken)
    {
        var week = WeeklySummary.WeekOf(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (!webhook.CanPost)
        {
            return new WeeklySummaryResult(week, false, "no Teams webhook configured (Notifications:TeamsWebhookUrl): nothing posted");
        }

        // Tuesday to Friday find the week posted already: no need to read the registers.
        if ((await ledger.SentAsync(TableNames.ChannelPosts, LedgerPartition, cancellationToken).ConfigureAwait(false)).Contains(week))
        {
            return new WeeklySummaryResult(week, false, "already posted this week");
        }

        var summary = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var outcome = await ledger.SendOnceAsync(
            TableNames.ChannelPosts,
            LedgerPartition,
            summary.Week,
            ct => webhook.PostAsync(summary.Week, WeeklySummaryCard.Message(summary, isms.Value), ct),
            cancellationToken).ConfigureAwait(false);
        return outcome is null
            ? new WeeklySummaryResult(summary.Week, false, "already posted this week, or being posted by another run")
            : new WeeklySummaryResult(summary.Week, outcome.Done, outcome.Detail ?? string.Empty);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly summary {Week}: posted {Posted} ({Detail})")]
    private static partial void LogRun(ILogger logger, string week, bool posted, string detail);
}
