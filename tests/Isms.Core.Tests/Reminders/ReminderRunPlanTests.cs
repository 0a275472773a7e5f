using Isms.Core.Time;
using Isms.Core.Reminders;
using Microsoft.Extensions.Time.Testing;

namespace Isms.Core.Tests.Reminders;

public class ReminderRunPlanTests
{
    private static readonly DateOnly Wednesday = new(2026, 3, 18);
    private readonly ReminderLadder _ladder = new(new ReminderPolicy());

    [Fact]
    public void Plan_separates_owed_from_snoozed_and_leaves_out_items_owing_nothing()
    {
        var overdue = ReminderLadderTests.Action(Wednesday.AddDays(-5), id: "ca-overdue");
        var snoozed = ReminderLadderTests.Action(Wednesday.AddDays(-5), snoozedUntil: Wednesday.AddDays(3), id: "ca-snoozed");
        var snoozeOver = ReminderLadderTests.Action(Wednesday.AddDays(-5), snoozedUntil: Wednesday, id: "ca-snooze-over");
        var farAway = ReminderLadderTests.Action(Wednesday.AddDays(60), id: "ca-later");

        var plan = _ladder.Plan([overdue, snoozed, snoozeOver, farAway], OrganisationClock.Utc(new FakeTimeProvider(new DateTimeOffset(2026, 3, 18, 6, 0, 0, TimeSpan.Zero))));

        Assert.True(plan.IsBusinessDay);
        Assert.Equal(["ca-overdue", "ca-snooze-over"], plan.Owed.Select(o => o.Subject.ItemId));
        Assert.Equal("ca-snoozed", Assert.Single(plan.Snoozed).Subject.ItemId);
        Assert.Equal(Wednesday.AddDays(3), plan.Snoozed[0].Subject.SnoozedUntil);
    }

    [Fact]
    public void Plan_on_a_weekend_owes_nothing()
    {
        var plan = _ladder.Plan([ReminderLadderTests.Action(Wednesday)], new DateOnly(2026, 3, 21));
        Assert.False(plan.IsBusinessDay);
        Assert.Empty(plan.Owed);
        Assert.Empty(plan.Snoozed);
    }
}
