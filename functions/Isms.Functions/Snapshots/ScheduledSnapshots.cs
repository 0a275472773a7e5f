using Isms.Core.Audits;
using Isms.Functions.Registers;
using Isms.Functions.Storage;

namespace Isms.Functions.Snapshots;

/// <summary>What one run of the snapshot timer sealed.</summary>
public sealed record TakeComplianceSnapshotResult(IReadOnlyList<string> Taken);

/// <summary>
/// What the daily snapshot timer (<c>%SnapshotSchedule%</c>) seals, each exactly once however often it runs: the month's
/// snapshot on its first run in a month, and one snapshot 7 days before each external audit (Stage 1, Stage 2,
/// surveillance, recertification). "Once" is a claim in the Snapshots table (the SendLedger) keyed by the
/// month or the audit id; a run that dies after claiming releases the claim, or it is taken over after the
/// ledger's timeout.
/// </summary>
public sealed partial class ScheduledSnapshots(
    SnapshotTaker taker,
    AuditRegister audits,
    SendLedger ledger,
    Isms.Core.Time.OrganisationClock clock,
    ILogger<ScheduledSnapshots> logger)
{
    public const string System = "system:TakeComplianceSnapshot";
    public const string MonthlyPartition = "claims|monthly";
    public const string PreAuditPartition = "claims|pre-audit";
    public const int DaysBeforeExternalAudit = 7;

    /// <summary>Seals what is owed today (the month's snapshot, pre-audit snapshots), each once; logs what it sealed.</summary>
    public async Task<TakeComplianceSnapshotResult> RunAsync(CancellationToken cancellationToken)
    {
        var result = await SealOwedAsync(cancellationToken).ConfigureAwait(false);
        LogRun(logger, result.Taken.Count, result.Taken);
        return result;
    }

    private async Task<TakeComplianceSnapshotResult> SealOwedAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var taken = new List<string>();
        var month = today.ToString("yyyy-MM", global::System.Globalization.CultureInfo.InvariantCulture);
        if (await TakeOnceAsync(MonthlyPartition, month, $"Monthly {month}", cancellationToken).ConfigureAwait(false) is { } monthly)
        {
            taken.Add(monthly);
        }

        var upcoming = await audits.ListAsync(null, null, today, today.AddDays(DaysBeforeExternalAudit), cancellationToken).ConfigureAwait(false);
        foreach (var audit in upcoming.Select(a => a.Value).Where(a => a.Type.IsExternal() && a.Status == AuditStatus.Planned))
        {
            // From 7 days before the start up to the start itself, so a missed run still catches it.
            if (today >= audit.PlannedStart.AddDays(-DaysBeforeExternalAudit) && today <= audit.PlannedStart
                && await TakeOnceAsync(PreAuditPartition, audit.Id, $"PreAudit {audit.Type} {audit.Id}", cancellationToken).ConfigureAwait(false) is { } before)
            {
                taken.Add(before);
            }
        }

        return new TakeComplianceSnapshotResult(taken);
    }

    private async Task<string?> TakeOnceAsync(string partition, string key, string trigger, CancellationToken cancellationToken)
    {
        var outcome = await ledger.SendOnceAsync(
            TableNames.Snapshots,
            partition,
            key,
            async ct => new SendOutcome(true, (await taker.TakeAsync(System, trigger, ct).ConfigureAwait(false)).Id),
            cancellationToken).ConfigureAwait(false);
        return outcome?.Detail;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "TakeComplianceSnapshot: {Count} snapshots sealed ({Ids})")]
    private static partial void LogRun(ILogger logger, int count, IReadOnlyList<string> ids);
}
