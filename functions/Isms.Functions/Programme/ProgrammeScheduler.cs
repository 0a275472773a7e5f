using Isms.Core.Audits;
using Isms.Core.Programme;
using Isms.Functions.Notifications;
using Isms.Functions.Platform;
using Isms.Functions.Registers;
using Isms.Functions.Storage;

namespace Isms.Functions.Programme;

/// <summary>What one ScheduleAudits run did.</summary>
public sealed record ScheduleAuditsResult(int AuditsChanged, int NoticesSent, int OverdueReported, IReadOnlyList<string> Warnings);

/// <summary>
/// The audit programme plans and polices itself (ISO/IEC 17021-1 cycle, ISO/IEC 27001 9.2 and 9.3): every run
/// replans what has not started, creates what is missing under stable keys, sends the 90/30/7-day notices and
/// reports overdue audits, each exactly once however often it runs.
/// </summary>
public sealed partial class ProgrammeScheduler(
    ProgrammeStateReader reader,
    ProgrammeWriter writer,
    AuditRegister audits,
    SendLedger ledger,
    INotificationChannel channel,
    IOptions<AuditProgrammeOptions> options,
    IOptions<IsmsOptions> isms,
    Isms.Core.Time.OrganisationClock clock,
    ILogger<ProgrammeScheduler> logger)
{
    private static readonly Caller Programme = new("system:ScheduleAudits", "system:ScheduleAudits", new HashSet<string> { Roles.Admin });

    /// <summary>Plans, notices and overdue reports for today; logs what it did.</summary>
    public async Task<ScheduleAuditsResult> RunAsync(CancellationToken cancellationToken)
    {
        var result = await PlanAndNotifyAsync(cancellationToken).ConfigureAwait(false);
        LogRun(logger, result.AuditsChanged, result.NoticesSent, result.OverdueReported, result.Warnings.Count);
        foreach (var warning in result.Warnings)
        {
            LogWarning(logger, warning);
        }

        return result;
    }

    /// <summary>The programme as planned today: coverage per clause and control, what is planned, conflicts and warnings.</summary>
    public async Task<AuditProgrammeResponse> CoverageAsync(CancellationToken cancellationToken)
    {
        var (state, _) = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var plan = new AuditProgrammePlanner(clock, options.Value).Plan(state);
        var rows = plan.Coverage.Where(r => r.IsClause || r.Applicable).ToList();
        return new AuditProgrammeResponse(
            plan.Today,
            plan.CycleKey,
            rows.Count,
            rows.Count(r => r.OnTrack),
            plan.Coverage,
            [.. plan.Audits.Where(a => a.Action != PlanAction.Locked)],
            plan.Conflicts,
            [.. plan.Warnings.Concat(plan.StaffingProblems.Select(p => $"{p.AuditKey}: {p.Reason}"))]);
    }

    private async Task<ScheduleAuditsResult> PlanAndNotifyAsync(CancellationToken cancellationToken)
    {
        var planner = new AuditProgrammePlanner(clock, options.Value);
        var (state, existing) = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var plan = planner.Plan(state);
        var changed = await writer.ApplyAsync(plan.Audits, existing, Programme, cancellationToken).ConfigureAwait(false);

        var current = await audits.ListAsync(null, null, null, null, cancellationToken).ConfigureAwait(false);
        var byId = current.ToDictionary(a => a.Value.Id, a => a.Value, StringComparer.Ordinal);
        var recorded = current.Select(a => ProgrammeStateReader.ToRecorded(a.Value)).ToList();
        var sent = await ledger.SentAsync(TableNames.AuditNotices, LedgerPartition, cancellationToken).ConfigureAwait(false);

        var notices = 0;
        foreach (var notice in new AuditNotices(options.Value).Owed(recorded, plan.Today, sent))
        {
            if (await SendOnceAsync(notice.Key, await AuditNoticeMessages.UpcomingAsync(notice, byId[notice.AuditKey], isms.Value).ConfigureAwait(false), cancellationToken).ConfigureAwait(false))
            {
                notices++;
            }
        }

        var overdue = 0;
        foreach (var late in AuditNotices.Overdue(recorded, plan.Today).Where(o => !sent.Contains(o.Key)))
        {
            if (await SendOnceAsync(late.Key, await AuditNoticeMessages.OverdueAsync(late, byId[late.AuditKey], isms.Value).ConfigureAwait(false), cancellationToken).ConfigureAwait(false))
            {
                overdue++;
            }
        }

        var warnings = plan.Warnings
            .Concat(plan.Conflicts.Select(c => c.ToString()!))
            .Concat(plan.StaffingProblems.Select(p => $"{p.AuditKey}: {p.Reason}"))
            .ToList();
        return new ScheduleAuditsResult(changed, notices, overdue, warnings);
    }

    private const string LedgerPartition = "audit-notices";

    private async Task<bool> SendOnceAsync(string key, Notification notification, CancellationToken cancellationToken)
    {
        var outcome = await ledger.SendOnceAsync(TableNames.AuditNotices, LedgerPartition, key, async ct =>
        {
            var result = await channel.SendAsync(notification, ct).ConfigureAwait(false);
            if (!result.MailDelivered)
            {
                LogNotSent(logger, key, result.Detail ?? result.Mail.ToString());
            }

            return new SendOutcome(result.MailDelivered, result.Detail);
        }, cancellationToken).ConfigureAwait(false);
        return outcome?.Done == true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ScheduleAudits: {Changed} audits created or replanned, {Notices} notices sent, {Overdue} overdue audits reported, {Warnings} warnings")]
    private static partial void LogRun(ILogger logger, int changed, int notices, int overdue, int warnings);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ScheduleAudits: {Warning}")]
    private static partial void LogWarning(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit notice {Key} was not delivered ({Detail}); the next run tries again")]
    private static partial void LogNotSent(ILogger logger, string key, string detail);
}
