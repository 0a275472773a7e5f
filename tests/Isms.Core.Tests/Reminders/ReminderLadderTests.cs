using Isms.Core.Time;
using Isms.Core.Reminders;
using Microsoft.Extensions.Time.Testing;

namespace Isms.Core.Tests.Reminders;

public class ReminderLadderTests
{
    private static readonly DateOnly Wednesday = new(2026, 3, 18);
    private static readonly DateOnly Saturday = new(2026, 3, 21);

    private readonly ReminderLadder _ladder = new(new ReminderPolicy());

    internal static ReminderSubject Action(DateOnly due, DateOnly? snoozedUntil = null, string id = "ca-1", string owner = "owner@example.com") =>
        new(id, ReminderKind.CorrectiveAction, owner, due, snoozedUntil, "Fix the backup job", "f-1", ["A.8.13"], new Uri("https://isms.example.com/corrective-actions/" + id));

    private static OrganisationClock ClockAt(DateOnly date) =>
        OrganisationClock.Utc(new FakeTimeProvider(new DateTimeOffset(date.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero)));

    /// <summary>Runs every day with a ledger, as the timer and the table would, and returns what was sent.</summary>
    private List<(DateOnly Date, ReminderStage Stage)> WalkDaily(ReminderSubject subject, DateOnly from, int days)
    {
        var time = ClockAt(from);
        var ledger = new HashSet<string>();
        var sent = new List<(DateOnly, ReminderStage)>();
        for (var i = 0; i < days; i++)
        {
            var today = time.Today;
            var stage = _ladder.StageOwed(subject, time);
            if (!_ladder.Calendar.IsBusinessDay(today))
            {
                Assert.Null(stage);
            }

            if (stage is not null && ledger.Add(ReminderLadder.LedgerKey(subject, stage)))
            {
                sent.Add((today, stage));
            }

            ((FakeTimeProvider)time.Time).Advance(TimeSpan.FromDays(1));
        }

        return sent;
    }

    private static void AssertSent(IEnumerable<(string Date, string Key)> expected, List<(DateOnly Date, ReminderStage Stage)> sent) =>
        Assert.Equal(
            expected.Select(e => (DateOnly.Parse(e.Date, System.Globalization.CultureInfo.InvariantCulture), e.Key)),
            sent.Select(s => (s.Date, s.Stage.Key)));

    [Fact]
    public void Item_due_on_a_wednesday_gets_every_stage_on_its_day_once()
    {
        var sent = WalkDaily(Action(Wednesday), new DateOnly(2026, 2, 20), 60);

        AssertSent(
            [
                ("2026-03-04", "before-14"),
                ("2026-03-11", "before-7"),
                ("2026-03-17", "before-1"),
                ("2026-03-18", "due"),
                ("2026-03-23", "overdue-3"),
                ("2026-03-25", "escalate-manager"),
                ("2026-03-26", "overdue-6"),
                ("2026-03-31", "overdue-9"),
                ("2026-04-01", "escalate-isms-manager"),
                ("2026-04-03", "overdue-12"),
                ("2026-04-08", "overdue-15"),
                ("2026-04-13", "overdue-18"),
                ("2026-04-16", "overdue-21"),
            ],
            sent);
        Assert.All(sent, s => Assert.False(s.Stage.IsCatchUp));
        Assert.Equal(sent.Count, sent.Select(s => s.Stage.Key).Distinct().Count());
    }

    [Fact]
    public void Item_due_on_a_saturday_has_weekend_stages_caught_up_on_monday()
    {
        var sent = WalkDaily(Action(Saturday), new DateOnly(2026, 2, 20), 60);

        AssertSent(
            [
                ("2026-03-09", "before-14"),
                ("2026-03-16", "before-7"),
                ("2026-03-20", "before-1"),
                ("2026-03-23", "due"),
                ("2026-03-25", "overdue-3"),
                // The manager escalation falls on Saturday 28th; by Monday the overdue-6 rung is more recent.
                ("2026-03-30", "overdue-6"),
                ("2026-04-02", "overdue-9"),
                ("2026-04-06", "escalate-isms-manager"),
                ("2026-04-07", "overdue-12"),
                ("2026-04-10", "overdue-15"),
                ("2026-04-15", "overdue-18"),
                ("2026-04-20", "overdue-21"),
            ],
            sent);
        Assert.True(sent.Single(s => s.Stage.Key == "due").Stage.IsCatchUp);
        Assert.True(sent.Single(s => s.Stage.Key == "overdue-6").Stage.CopyManager);
        Assert.Equal(sent.Count, sent.Select(s => s.Stage.Key).Distinct().Count());
    }

    [Fact]
    public void Nothing_is_owed_on_a_weekend_even_when_a_stage_falls_on_it()
    {
        Assert.Null(_ladder.StageOwed(Action(Saturday), Saturday));
        Assert.Null(_ladder.StageOwed(Action(Saturday), Saturday.AddDays(1)));
        Assert.Null(_ladder.StageOwed(Action(Wednesday), Saturday));
    }

    [Fact]
    public void Manager_is_copied_from_7_days_overdue_and_the_isms_manager_from_14()
    {
        var subject = Action(Wednesday);

        var sixDays = _ladder.StageOwed(subject, Wednesday.AddDays(6))!;
        Assert.Equal(("overdue-3", 6, false, false), (sixDays.Key, sixDays.DaysOverdue, sixDays.CopyManager, sixDays.CopyIsmsManager));

        var sevenDays = _ladder.StageOwed(subject, Wednesday.AddDays(7))!;
        Assert.Equal(("escalate-manager", 7, 5, true, false), (sevenDays.Key, sevenDays.DaysOverdue, sevenDays.BusinessDaysOverdue, sevenDays.CopyManager, sevenDays.CopyIsmsManager));

        var thirteenDays = _ladder.StageOwed(subject, Wednesday.AddDays(13))!;
        Assert.Equal(("overdue-9", true, false), (thirteenDays.Key, thirteenDays.CopyManager, thirteenDays.CopyIsmsManager));

        var fourteenDays = _ladder.StageOwed(subject, Wednesday.AddDays(14))!;
        Assert.Equal(("escalate-isms-manager", 14, true, true), (fourteenDays.Key, fourteenDays.DaysOverdue, fourteenDays.CopyManager, fourteenDays.CopyIsmsManager));

        var later = _ladder.StageOwed(subject, Wednesday.AddDays(16))!;
        Assert.Equal(("overdue-12", true, true), (later.Key, later.CopyManager, later.CopyIsmsManager));
    }

    [Fact]
    public void Before_due_stages_are_never_copied_and_report_days_until_due()
    {
        var stage = _ladder.StageOwed(Action(Wednesday), Wednesday.AddDays(-7))!;
        Assert.Equal(("before-7", ReminderStageKind.BeforeDue, 7, 0, false, false), (stage.Key, stage.Kind, stage.DaysUntilDue, stage.DaysOverdue, stage.CopyManager, stage.CopyIsmsManager));
    }

    [Fact]
    public void An_overtaken_stage_is_skipped_not_sent_late()
    {
        // First run for this item is 6 days before due: "before-14" is long gone, "before-7" is owed.
        var stage = _ladder.StageOwed(Action(Wednesday), Wednesday.AddDays(-6))!;
        Assert.Equal("before-7", stage.Key);
        Assert.True(stage.IsCatchUp);
        Assert.Equal(6, stage.DaysUntilDue);

        // Discovered 11 business days overdue: only the most recent rung, once.
        var late = _ladder.StageOwed(Action(Wednesday), new DateOnly(2026, 4, 2))!;
        Assert.Equal("escalate-isms-manager", late.Key);
    }

    [Fact]
    public void Nothing_is_owed_before_the_first_stage()
    {
        Assert.Null(_ladder.StageOwed(Action(Wednesday), Wednesday.AddDays(-15)));
    }

    [Fact]
    public void Snoozed_item_owes_nothing_before_the_snooze_date_and_resumes_on_it()
    {
        var snoozedUntil = new DateOnly(2026, 3, 30);
        var sent = WalkDaily(Action(Wednesday, snoozedUntil), new DateOnly(2026, 2, 20), 45);

        AssertSent(
            [
                ("2026-03-30", "overdue-6"),
                ("2026-03-31", "overdue-9"),
                ("2026-04-01", "escalate-isms-manager"),
                ("2026-04-03", "overdue-12"),
            ],
            sent);
        Assert.Null(_ladder.StageOwed(Action(Wednesday, snoozedUntil), snoozedUntil.AddDays(-1)));
    }

    [Fact]
    public void Snooze_ending_on_a_weekend_resumes_on_the_next_business_day()
    {
        var sent = WalkDaily(Action(Wednesday, snoozedUntil: new DateOnly(2026, 3, 28)), new DateOnly(2026, 3, 1), 31);
        Assert.Equal(new DateOnly(2026, 3, 30), sent[0].Date);
    }

    [Fact]
    public void Snooze_in_the_past_changes_nothing()
    {
        var snoozed = _ladder.StageOwed(Action(Wednesday, snoozedUntil: Wednesday.AddDays(-30)), Wednesday);
        Assert.Equal("due", snoozed!.Key);
    }

    [Theory]
    [InlineData(16)] // Monday
    [InlineData(17)]
    [InlineData(18)]
    [InlineData(19)]
    [InlineData(20)] // Friday
    [InlineData(21)] // Saturday
    [InlineData(22)] // Sunday
    public void Runs_on_random_days_send_the_latest_stage_owed_and_none_twice(int dueDay)
    {
        var subject = Action(new DateOnly(2026, 3, dueDay));
        var start = new DateOnly(2026, 2, 20);
        var daily = WalkDaily(subject, start, 70);

        for (var seed = 1; seed <= 50; seed++)
        {
            var random = new Random(seed);
            var ledger = new HashSet<string>();
            var sentIndexes = new List<int>();
            var time = ClockAt(start);
            for (var i = 0; i < 70; i++, ((FakeTimeProvider)time.Time).Advance(TimeSpan.FromDays(1)))
            {
                if (random.NextDouble() < 0.6)
                {
                    continue; // the run did not happen
                }

                var today = time.Today;
                var stage = _ladder.StageOwed(subject, time);
                if (!_ladder.Calendar.IsBusinessDay(today))
                {
                    Assert.Null(stage);
                    continue;
                }

                // What the daily walk had started sending by now is exactly what is owed today.
                var expected = daily.FindLastIndex(d => d.Date <= today);
                Assert.Equal(expected < 0 ? null : daily[expected].Stage.Key, stage?.Key);
                if (stage is not null && ledger.Add(ReminderLadder.LedgerKey(subject, stage)))
                {
                    sentIndexes.Add(expected);
                }
            }

            // Never an older rung after a newer one, never one twice.
            Assert.Equal(sentIndexes.Order(), sentIndexes);
            Assert.Equal(sentIndexes.Count, sentIndexes.Distinct().Count());
        }
    }

    [Fact]
    public void Audit_ladder_reminds_90_30_and_7_days_before_start_copying_the_isms_manager_and_stops_at_the_start()
    {
        var audit = new ReminderSubject("audit-1", ReminderKind.Audit, "lead@example.com", new DateOnly(2026, 6, 1), null, "Surveillance audit 1", null, ["4.1"], null);

        var sent = WalkDaily(audit, new DateOnly(2026, 2, 1), 150);

        AssertSent([("2026-03-03", "before-90"), ("2026-05-04", "before-30"), ("2026-05-25", "before-7")], sent);
        Assert.All(sent, s => Assert.True(s.Stage.CopyIsmsManager));
        Assert.All(sent, s => Assert.False(s.Stage.CopyManager));
        Assert.Null(_ladder.StageOwed(audit, new DateOnly(2026, 6, 1)));
        Assert.Null(_ladder.StageOwed(audit, new DateOnly(2026, 6, 15)));
    }

    [Fact]
    public void Evidence_ladder_warns_14_days_ahead_on_the_day_then_weekly()
    {
        var evidence = new ReminderSubject("A.5.1", ReminderKind.Evidence, "owner@example.com", new DateOnly(2026, 5, 15), null, "Policies for information security", null, ["A.5.1"], null);

        var sent = WalkDaily(evidence, new DateOnly(2026, 4, 1), 60);

        AssertSent(
            [("2026-05-01", "before-14"), ("2026-05-15", "due"), ("2026-05-22", "overdue-5"), ("2026-05-29", "overdue-10")],
            sent.Take(4).ToList());
        Assert.All(sent, s => Assert.False(s.Stage.CopyManager || s.Stage.CopyIsmsManager));
    }

    [Fact]
    public void Ladder_follows_the_configured_policy()
    {
        var policy = new ReminderPolicy { WeekendDays = "Friday,Saturday" };
        policy.CorrectiveActions.DaysBefore = "3";
        policy.CorrectiveActions.OnDueDay = false;
        policy.CorrectiveActions.RepeatEveryBusinessDaysOverdue = 2;
        policy.CorrectiveActions.CopyManagerAtDaysOverdue = 0;
        policy.CorrectiveActions.CopyIsmsManagerAtDaysOverdue = 0;
        var ladder = new ReminderLadder(policy);
        var due = new DateOnly(2026, 3, 18); // Wednesday

        Assert.Equal("before-3", ladder.StageOwed(Action(due), due.AddDays(-3))?.Key);
        Assert.Null(ladder.StageOwed(Action(due), due)); // before-N never after the due date, no due rung
        Assert.Null(ladder.StageOwed(Action(due), due.AddDays(1)));
        Assert.Null(ladder.StageOwed(Action(due), due.AddDays(2))); // Friday is weekend here
        var sunday = ladder.StageOwed(Action(due), due.AddDays(4))!; // Thu=1, Sun=2
        Assert.Equal(("overdue-2", false, false), (sunday.Key, sunday.CopyManager, sunday.CopyIsmsManager));
    }

    [Fact]
    public void Days_overdue_counts_calendar_days_and_business_days_separately()
    {
        Assert.Equal(0, ReminderLadder.DaysOverdue(Wednesday, Wednesday));
        Assert.Equal(0, ReminderLadder.DaysOverdue(Wednesday, Wednesday.AddDays(-3)));
        Assert.Equal(7, ReminderLadder.DaysOverdue(Wednesday, Wednesday.AddDays(7)));
        Assert.Equal(5, _ladder.BusinessDaysOverdue(Wednesday, Wednesday.AddDays(7)));
        Assert.Equal(0, _ladder.BusinessDaysOverdue(Wednesday, Wednesday.AddDays(-1)));
    }

    [Fact]
    public void Ledger_key_names_kind_due_date_and_stage()
    {
        var subject = Action(Wednesday);
        var stage = _ladder.StageOwed(subject, Wednesday)!;
        Assert.Equal("CorrectiveAction_2026-03-18_due", ReminderLadder.LedgerKey(subject, stage));
    }

    [Theory]
    [InlineData(ReminderKind.CorrectiveAction, 13, false)]
    [InlineData(ReminderKind.CorrectiveAction, 14, true)]
    [InlineData(ReminderKind.Audit, 0, true)]
    public void The_ISMS_manager_is_copied_from_the_escalation_day_or_always_where_the_ladder_says_so(ReminderKind kind, int daysOverdue, bool copied)
    {
        Assert.Equal(copied, _ladder.CopiesIsmsManager(kind, daysOverdue));
    }
}
