using Isms.Core.Audits;

namespace Isms.Core.Programme;

/// <summary>A notice owed to the lead auditor and the ISMS manager ahead of an audit. Record Key once sent.</summary>
public sealed record AuditNotice(
    string Key,
    string AuditKey,
    AuditType AuditType,
    int DaysBefore,
    int DaysLeft,
    DateOnly PlannedStart,
    DateOnly PlannedEnd,
    string? LeadAuditorUpn);

/// <summary>An audit past its planned end that is not completed. Key lets the caller report it once.</summary>
public sealed record OverdueAudit(string Key, string AuditKey, AuditType AuditType, DateOnly PlannedEnd, AuditStatus Status, int DaysOverdue);

/// <summary>
/// Works out which notice is owed for each planned audit on a day (90, 30 and 7 days before its planned start by
/// default). Each stage has a stable key, so with the set of keys already sent a stage goes out exactly once,
/// even when the timer fires twice, and a missed day is caught up on the next run. When several stages are owed
/// at once (an audit planned at short notice) only the latest applies; the superseded ones are not sent.
/// </summary>
public sealed class AuditNotices(AuditProgrammeOptions options)
{
    private readonly IReadOnlyList<int> _stages = options.ParsedNoticeDays();

    public IReadOnlyList<AuditNotice> Owed(IEnumerable<RecordedAudit> audits, DateOnly today, IReadOnlySet<string> alreadySent)
    {
        ArgumentNullException.ThrowIfNull(audits);
        ArgumentNullException.ThrowIfNull(alreadySent);
        var owed = new List<AuditNotice>();
        foreach (var audit in audits.Where(a => a.Status == AuditStatus.Planned && a.Start > today))
        {
            var daysLeft = audit.Start.DayNumber - today.DayNumber;
            var stage = _stages.Where(d => d >= daysLeft).DefaultIfEmpty(0).Min();
            if (stage == 0)
            {
                continue;
            }

            var key = AuditKeys.Notice(audit.Id, stage);
            if (!alreadySent.Contains(key))
            {
                owed.Add(new AuditNotice(key, audit.Id, audit.Type, stage, daysLeft, audit.Start, audit.End, audit.LeadAuditorUpn));
            }
        }

        return owed;
    }

    public static IReadOnlyList<OverdueAudit> Overdue(IEnumerable<RecordedAudit> audits, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(audits);
        return audits
            .Where(a => a.End < today && a.Status is AuditStatus.Planned or AuditStatus.InProgress)
            .Select(a => new OverdueAudit(
                AuditKeys.Overdue(a.Id), a.Id, a.Type, a.End, a.Status, today.DayNumber - a.End.DayNumber))
            .ToList();
    }
}
