using Isms.Core.Time;
using Isms.Functions.Storage;

namespace Isms.Functions.Summary;

/// <summary>What one run of the weekly summary did: posted (with how), already posted this week, or failed.</summary>
public sealed record WeeklySummaryResult(string Week, bool Posted, string Detail);

/// <summary>
/// Posts the weekly summary card to the ISMS Teams channel once per ISO week. It runs on weekday mornings
/// (<c>%WeeklySummarySchedule%</c>): Monday's run posts, and if that post fails the claim is released, so
/// Tuesday's run tries again. "Once" is a claim in the ChannelPosts send ledger, keyed by the week and taken
/// before anything is read, so the runs after a posted week cost one refused insert.
/// </summary>
public sealed partial class WeeklySummaryPoster(
    WeeklySummaryReader reader,
    TeamsChannelWebhook webhook,
    SendLedger ledger,
    IOptions<Platform.IsmsOptions> isms,
    OrganisationClock clock,
    ILogger<WeeklySummaryPoster> logger)
{
    public const string LedgerPartition = "weekly-summary";

    public async Task<WeeklySummaryResult> RunAsync(CancellationToken cancellationToken)
    {
        var result = await PostAsync(cancellationToken).ConfigureAwait(false);
        LogRun(logger, result.Week, result.Posted, result.Detail);
        return result;
    }

    private async Task<WeeklySummaryResult> PostAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var week = WeeklySummary.WeekOf(today);
        if (!webhook.CanPost)
        {
            return new WeeklySummaryResult(week, false, "no Teams webhook configured (Notifications:TeamsWebhookUrl): nothing posted");
        }

        var outcome = await ledger.SendOnceAsync(
            TableNames.ChannelPosts,
            LedgerPartition,
            week,
            async ct =>
            {
                var summary = await reader.ReadAsync(today, ct).ConfigureAwait(false);
                return await webhook.PostAsync(week, WeeklySummaryCard.Message(summary, isms.Value), ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return outcome is null
            ? new WeeklySummaryResult(week, false, "already posted this week, or being posted by another run")
            : new WeeklySummaryResult(week, outcome.Done, outcome.Detail ?? string.Empty);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly summary {Week}: posted {Posted} ({Detail})")]
    private static partial void LogRun(ILogger logger, string week, bool posted, string detail);
}
