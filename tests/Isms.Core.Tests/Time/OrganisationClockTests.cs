using Isms.Core.Audits;
using Isms.Core.CorrectiveActions;
using Isms.Core.Evidence;
using Isms.Core.Reminders;
using Isms.Core.Time;
using Isms.Core.Tests.Registers;
using Microsoft.Extensions.Time.Testing;

namespace Isms.Core.Tests.Time;

/// <summary>
/// One "today" in the organisation's zone, at the edges of the local day: 23:30 and 00:30 in London (on summer time,
/// an hour ahead of UTC) and in Auckland (on daylight time, thirteen hours ahead). The gates, the reminder ladder,
/// business days, freshness and retention must all name the same date.
/// </summary>
public sealed class OrganisationClockTests
{
    public static TheoryData<string, string, string> Edges => new()
    {
        // zone, the UTC instant, the organisation's local date at that instant
        { "Europe/London", "2026-07-01T22:30:00Z", "2026-07-01" },   // 23:30 BST on Wednesday 1 July
        { "Europe/London", "2026-07-01T23:30:00Z", "2026-07-02" },   // 00:30 BST on Thursday 2 July, still 1 July in UTC
        { "Pacific/Auckland", "2026-03-05T10:30:00Z", "2026-03-05" }, // 23:30 NZDT on Thursday 5 March
        { "Pacific/Auckland", "2026-03-05T11:30:00Z", "2026-03-06" }, // 00:30 NZDT on Friday 6 March, still 5 March in UTC
        { "UTC", "2026-03-05T23:30:00Z", "2026-03-05" },
        { "UTC", "2026-03-06T00:30:00Z", "2026-03-06" },
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void Today_is_the_date_in_the_organisations_zone(string zone, string instant, string localDate)
    {
        var clock = ClockAt(zone, instant);

        Assert.Equal(DateOnly.Parse(localDate, System.Globalization.CultureInfo.InvariantCulture), clock.Today);
    }

    [Theory]
    [MemberData(nameof(Edges))]
    public void The_gates_and_the_ladder_agree_on_the_date(string zone, string instant, string localDate)
    {
        var clock = ClockAt(zone, instant);
        var today = DateOnly.Parse(localDate, System.Globalization.CultureInfo.InvariantCulture);
        var lifecycle = new CorrectiveActionLifecycle(new CorrectiveActionPolicy(), clock);
        var ladder = new ReminderLadder(new ReminderPolicy());
        var finding = TestData.Finding(FindingType.MajorNonconformity, clock.Now);

        // The gate: due today is allowed, due yesterday is in the past.
        Assert.True(lifecycle.Create("CA-1", finding, TestData.Owner, "Contained.", today).IsSuccess);
        var yesterday = lifecycle.Create("CA-1", finding, TestData.Owner, "Contained.", today.AddDays(-1));
        Assert.False(yesterday.IsSuccess);
        Assert.Equal("dueDate", yesterday.Refusal!.Field);

        // The policy's default due date counts from the local day the finding was raised.
        Assert.Equal(today.AddDays(new CorrectiveActionPolicy().MajorDueDays), lifecycle.DefaultDueDate(finding));

        // Overdue: an action due yesterday is one day late, one due today is not late at all.
        var dueToday = TestData.Action() with { DueDate = today };
        Assert.False(dueToday.IsOverdue(clock.Today));
        Assert.Equal(1, (dueToday with { DueDate = today.AddDays(-1) }).DaysOverdue(clock.Today));

        // The ladder: on a business day an action due today is owed its due-day reminder, on the same date.
        var subject = new ReminderSubject("CA-1", ReminderKind.CorrectiveAction, TestData.Owner, today, null, "Fix it", "F-1", [], new Uri("https://isms.example/actions/CA-1"));
        var stage = ladder.StageOwed(subject, clock);
        if (ladder.Calendar.IsBusinessDay(today))
        {
            Assert.NotNull(stage);
            Assert.Equal(today, ladder.Plan([subject], clock).Date);
        }
        else
        {
            Assert.Null(stage);
        }

        // Freshness and retention judge against the same date.
        Assert.Equal(EvidenceFreshnessState.Fresh, EvidenceFreshness.Assess(3, today, clock.Today, 14).State);
        Assert.False(EvidenceRetention.For(today.AddYears(-7), new EvidenceOptions { RetentionYears = 7 }, legalHold: false).IsDisposable(clock.Today));
        Assert.True(EvidenceRetention.For(today.AddYears(-7).AddDays(-1), new EvidenceOptions { RetentionYears = 7 }, legalHold: false).IsDisposable(clock.Today));
    }

    [Fact]
    public void A_local_saturday_is_no_business_day_even_while_utc_says_friday()
    {
        // 00:30 on Saturday 7 March in Auckland is 11:30 on Friday 6 March in UTC.
        var clock = ClockAt("Pacific/Auckland", "2026-03-06T11:30:00Z");
        var ladder = new ReminderLadder(new ReminderPolicy());
        var overdue = new ReminderSubject("CA-1", ReminderKind.CorrectiveAction, TestData.Owner, new DateOnly(2026, 2, 20), null, "Fix it", "F-1", [], new Uri("https://isms.example/actions/CA-1"));

        Assert.Equal(DayOfWeek.Saturday, clock.Today.DayOfWeek);
        Assert.Null(ladder.StageOwed(overdue, clock));
        Assert.False(ladder.Plan([overdue], clock).IsBusinessDay);
    }

    [Theory]
    [InlineData("Europe/London", "2026-03-29", "2026-03-29T00:00:00Z")]       // the clocks go forward at 01:00: midnight is still GMT
    [InlineData("Europe/London", "2026-07-01", "2026-06-30T23:00:00Z")]
    [InlineData("Pacific/Auckland", "2026-03-06", "2026-03-05T11:00:00Z")]
    [InlineData("America/Sao_Paulo", "2018-11-04", "2018-11-04T03:00:00Z")]   // midnight skipped by daylight saving: the day starts at 01:00
    public void The_start_of_a_local_day_is_its_first_instant(string zone, string day, string utc)
    {
        var clock = new OrganisationClock(new FakeTimeProvider(), TimeZoneInfo.FindSystemTimeZoneById(zone));

        var start = clock.StartOf(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), start);
        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), clock.DateOf(start));
        Assert.NotEqual(clock.DateOf(start), clock.DateOf(start.AddTicks(-1)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("UTC")]
    [InlineData("Europe/London")]
    [InlineData("Pacific/Auckland")]
    public void Known_zones_are_found(string? name)
    {
        Assert.NotNull(OrganisationClock.FindZone(name, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Europe/Lodnon")]
    public void An_unknown_zone_is_named_in_the_error(string name)
    {
        Assert.Null(OrganisationClock.FindZone(name, out var error));
        Assert.Contains("Isms:TimeZone", error, StringComparison.Ordinal);
        Assert.Contains(name, error, StringComparison.Ordinal);
    }

    private static OrganisationClock ClockAt(string zone, string instant) =>
        new(new FakeTimeProvider(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)), TimeZoneInfo.FindSystemTimeZoneById(zone));
}
