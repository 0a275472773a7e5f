using Isms.Core.Time;
using Isms.Core.CorrectiveActions;
using Microsoft.Extensions.Time.Testing;

namespace Isms.Core.Tests.Registers;

public class CorrectiveActionOverdueTests
{
    private static CorrectiveAction DueToday(CorrectiveActionStatus status = CorrectiveActionStatus.Open) =>
        TestData.Action(status) with { DueDate = TestData.Today };

    [Fact]
    public void An_action_is_not_overdue_on_its_due_day()
    {
        var time = TestData.Clock();
        time.SetUtcNow(new DateTimeOffset(2026, 3, 5, 23, 59, 59, TimeSpan.Zero));

        Assert.False(DueToday().IsOverdue(OrganisationClock.Utc(time).Today));
    }

    [Fact]
    public void An_action_becomes_overdue_the_day_after_without_anything_being_stored()
    {
        var time = TestData.Clock();
        var action = DueToday();

        time.Advance(TimeSpan.FromDays(1));

        Assert.True(action.IsOverdue(OrganisationClock.Utc(time).Today));
        Assert.Equal(1, action.DaysOverdue(TestData.Today.AddDays(1)));
    }

    [Theory]
    [InlineData(CorrectiveActionStatus.Open, 9)]
    [InlineData(CorrectiveActionStatus.InProgress, 9)]
    [InlineData(CorrectiveActionStatus.Implemented, 0)]
    [InlineData(CorrectiveActionStatus.Closed, 0)]
    public void Only_work_the_owner_still_owes_counts_as_overdue(CorrectiveActionStatus status, int days)
    {
        var action = DueToday(status);

        Assert.Equal(days, action.DaysOverdue(TestData.Today.AddDays(9)));
        Assert.Equal(days > 0, action.IsOverdue(TestData.Today.AddDays(9)));
    }

    [Fact]
    public void Closing_an_overdue_action_stops_it_being_overdue()
    {
        var time = new FakeTimeProvider(TestData.Now.AddDays(40));
        var lifecycle = TestData.Lifecycle(time);
        var overdue = TestData.Action(CorrectiveActionStatus.InProgress) with { RootCause = "No leaver process.", ActionPlan = "Automate it." };
        var today = OrganisationClock.Utc(time).Today;
        Assert.True(overdue.IsOverdue(today));

        var implemented = lifecycle.ChangeStatus(overdue, CorrectiveActionStatus.Implemented).Value;
        var closed = lifecycle.Review(implemented, TestData.Auditor, true, null).Value;

        Assert.False(closed.IsOverdue(today));
    }

    [Fact]
    public void A_snooze_does_not_hide_that_an_action_is_overdue()
    {
        var action = DueToday() with { SnoozeUntil = TestData.Today.AddDays(10), SnoozeReason = "Waiting for the supplier." };

        Assert.Equal(3, action.DaysOverdue(TestData.Today.AddDays(3)));
    }

    [Fact]
    public void Overdue_follows_the_organisations_time_zone()
    {
        // 2026-03-05 23:30 UTC is already 2026-03-06 in Paris (Central European Time in March).
        var clock = new OrganisationClock(new FakeTimeProvider(new DateTimeOffset(2026, 3, 5, 23, 30, 0, TimeSpan.Zero)), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));

        Assert.True(DueToday().IsOverdue(clock.Today));
    }
}
