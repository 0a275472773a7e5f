using System.Globalization;
using Isms.Core.Time;

namespace Isms.Core.Reminders;

/// <summary>
/// Decides which reminder, if any, an item is owed on a given day.
/// </summary>
/// <remarks>
/// <para>
/// The ladder is stateless: it names the most recent rung whose date has come, and the caller's ledger
/// (one entry per <see cref="LedgerKey"/>) makes sure each rung is sent once. The same rung is therefore
/// named on every business day until the next rung's date, which is what lets a rung missed because of a
/// weekend, a failed run or a crash be caught up on the next run, while an older rung that a newer one has
/// overtaken is never sent (no burst of stale reminders).
/// </para>
/// <para>
/// Rules: nothing is owed on a non-business day; nothing is owed before <see cref="ReminderSubject.SnoozedUntil"/>
/// (reminders resume on that date); "before-N" rungs are owed only before the due date; overdue rungs
/// come every N business days overdue (business days counted after the due date), plus one rung on the
/// day each escalation starts so that the line manager hears on day 7 and the ISMS manager on day 14
/// (or on the next business day), not at the next repetition. When rungs share a date, the ISMS
/// escalation wins, then the manager escalation, then the repetition. Copies are decided by the calendar
/// days overdue on the day of sending, so every reminder after an escalation keeps copying.
/// </para>
/// </remarks>
public sealed class ReminderLadder
{
    public const string DueKey = "due";
    public const string ManagerEscalationKey = "escalate-manager";
    public const string IsmsManagerEscalationKey = "escalate-isms-manager";

    private readonly Dictionary<ReminderKind, Rules> _rules = [];

    public ReminderLadder(ReminderPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var errors = policy.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid reminder policy: " + string.Join(" ", errors), nameof(policy));
        }

        Calendar = policy.Calendar();
        foreach (var kind in Enum.GetValues<ReminderKind>())
        {
            var settings = policy.For(kind);
            _rules[kind] = new Rules(
                settings.ParseDaysBefore(),
                settings.OnDueDay,
                settings.RepeatEveryBusinessDaysOverdue,
                settings.CopyManagerAtDaysOverdue,
                settings.CopyIsmsManagerAtDaysOverdue,
                settings.AlwaysCopyIsmsManager);
        }
    }

    public BusinessCalendar Calendar { get; }

    /// <summary>Whether a reminder of this kind, this many calendar days overdue, copies the ISMS manager.</summary>
    public bool CopiesIsmsManager(ReminderKind kind, int daysOverdue) => _rules[kind].CopiesIsmsManager(daysOverdue);

    /// <summary>Calendar days past the due date; 0 on or before it.</summary>
    public static int DaysOverdue(DateOnly dueDate, DateOnly today) => Math.Max(0, today.DayNumber - dueDate.DayNumber);

    /// <summary>Business days after the due date up to and including today; 0 on or before it.</summary>
    public int BusinessDaysOverdue(DateOnly dueDate, DateOnly today) =>
        today > dueDate ? Calendar.BusinessDaysBetween(dueDate, today) : 0;

    /// <summary>
    /// The ledger key of a rung for an item, safe as a Table Storage row key. It carries the due date, so
    /// a new due date (an action reopened, an audit moved, new evidence) starts a fresh ladder.
    /// </summary>
    public static string LedgerKey(ReminderSubject subject, ReminderStage stage)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(stage);
        return string.Create(CultureInfo.InvariantCulture, $"{subject.Kind}_{subject.DueDate:yyyy-MM-dd}_{stage.Key}");
    }

    /// <summary>True when <paramref name="today"/> is before the subject's snooze date.</summary>
    public static bool IsSnoozed(ReminderSubject subject, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return subject.SnoozedUntil is { } snoozedUntil && today < snoozedUntil;
    }

    /// <summary>Sorts the open items of a run into owed and snoozed; closed items should not be passed.</summary>
    public ReminderRunPlan Plan(IEnumerable<ReminderSubject> subjects, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var owed = new List<OwedReminder>();
        var snoozed = new List<OwedReminder>();
        if (Calendar.IsBusinessDay(today))
        {
            foreach (var subject in subjects)
            {
                var snooze = IsSnoozed(subject, today);
                if (StageOwed(snooze ? subject with { SnoozedUntil = null } : subject, today) is { } stage)
                {
                    (snooze ? snoozed : owed).Add(new OwedReminder(subject, stage));
                }
            }
        }

        return new ReminderRunPlan(today, Calendar.IsBusinessDay(today), owed, snoozed);
    }

    /// <summary>As <see cref="Plan(IEnumerable{ReminderSubject}, DateOnly)"/> for the organisation's today.</summary>
    public ReminderRunPlan Plan(IEnumerable<ReminderSubject> subjects, OrganisationClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return Plan(subjects, clock.Today);
    }

    /// <summary>The rung owed on the organisation's today, or null.</summary>
    public ReminderStage? StageOwed(ReminderSubject subject, OrganisationClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return StageOwed(subject, clock.Today);
    }

    /// <summary>The rung owed on <paramref name="today"/>, or null when nothing is.</summary>
    public ReminderStage? StageOwed(ReminderSubject subject, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (!Calendar.IsBusinessDay(today) || IsSnoozed(subject, today))
        {
            return null;
        }

        var rules = _rules[subject.Kind];
        var due = subject.DueDate;
        Candidate? latest = null;

        if (today < due)
        {
            foreach (var days in rules.DaysBefore)
            {
                Consider(due.AddDays(-days), string.Create(CultureInfo.InvariantCulture, $"before-{days}"), ReminderStageKind.BeforeDue, 0);
            }
        }

        if (rules.OnDueDay)
        {
            Consider(due, DueKey, ReminderStageKind.DueDay, 1);
        }

        var businessDaysOverdue = BusinessDaysOverdue(due, today);
        if (today > due)
        {
            if (rules.RepeatEvery > 0 && businessDaysOverdue >= rules.RepeatEvery)
            {
                var rung = businessDaysOverdue / rules.RepeatEvery * rules.RepeatEvery;
                Consider(Calendar.AddBusinessDays(due, rung), string.Create(CultureInfo.InvariantCulture, $"overdue-{rung}"), ReminderStageKind.Overdue, 2);
            }

            if (rules.ManagerAt > 0)
            {
                Consider(due.AddDays(rules.ManagerAt), ManagerEscalationKey, ReminderStageKind.Escalation, 3);
            }

            if (rules.IsmsManagerAt > 0)
            {
                Consider(due.AddDays(rules.IsmsManagerAt), IsmsManagerEscalationKey, ReminderStageKind.Escalation, 4);
            }
        }

        if (latest is null)
        {
            return null;
        }

        var daysOverdue = DaysOverdue(due, today);
        return new ReminderStage(
            latest.Key,
            latest.Kind,
            latest.Date,
            today,
            daysOverdue,
            businessDaysOverdue,
            Math.Max(0, due.DayNumber - today.DayNumber),
            CopyManager: rules.ManagerAt > 0 && daysOverdue >= rules.ManagerAt,
            CopyIsmsManager: rules.CopiesIsmsManager(daysOverdue));

        void Consider(DateOnly date, string key, ReminderStageKind kind, int precedence)
        {
            if (date <= today
                && (latest is null || date > latest.Date || (date == latest.Date && precedence > latest.Precedence)))
            {
                latest = new Candidate(date, key, kind, precedence);
            }
        }
    }

    private sealed record Rules(
        IReadOnlyList<int> DaysBefore,
        bool OnDueDay,
        int RepeatEvery,
        int ManagerAt,
        int IsmsManagerAt,
        bool AlwaysCopyIsmsManager)
    {
        public bool CopiesIsmsManager(int daysOverdue) => AlwaysCopyIsmsManager || (IsmsManagerAt > 0 && daysOverdue >= IsmsManagerAt);
    }

    private sealed record Candidate(DateOnly Date, string Key, ReminderStageKind Kind, int Precedence);
}
