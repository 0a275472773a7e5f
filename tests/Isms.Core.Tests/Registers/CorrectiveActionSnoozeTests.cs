using Isms.Core.CorrectiveActions;
using Isms.Core.Validation;

namespace Isms.Core.Tests.Registers;

public class CorrectiveActionSnoozeTests
{
    private const string Reason = "Waiting for the supplier's patch.";
    private readonly CorrectiveActionLifecycle _lifecycle = TestData.Lifecycle();

    [Fact]
    public void A_snooze_with_a_reason_pauses_reminders_until_the_date_but_keeps_the_due_date()
    {
        var action = _lifecycle.Snooze(TestData.Action(), TestData.Today.AddDays(7), "  " + Reason).Value;

        Assert.Equal(TestData.Today.AddDays(7), action.SnoozeUntil);
        Assert.Equal(Reason, action.SnoozeReason);
        Assert.Equal(TestData.Action().DueDate, action.DueDate);
        Assert.True(action.IsSnoozed(TestData.Today.AddDays(6)));
        Assert.False(action.IsSnoozed(TestData.Today.AddDays(7)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("busy")]
    [InlineData("  123456789  ")]
    public void A_snooze_needs_a_written_reason_of_ten_characters(string? reason)
    {
        var outcome = _lifecycle.Snooze(TestData.Action(), TestData.Today.AddDays(7), reason);

        Assert.Equal(RefusalCode.Invalid, outcome.Refusal!.Code);
        Assert.Contains("at least 10 characters", Assert.Single(outcome.Refusal.Errors["snoozeReason"]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_reason_of_exactly_ten_characters_is_enough()
    {
        Assert.True(_lifecycle.Snooze(TestData.Action(), TestData.Today.AddDays(1), "1234567890").IsSuccess);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void A_snooze_must_end_in_the_future(int days)
    {
        var outcome = _lifecycle.Snooze(TestData.Action(), TestData.Today.AddDays(days), Reason);

        Assert.Contains("in the future", Assert.Single(outcome.Refusal!.Errors["snoozeUntil"]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_snooze_may_reach_the_maximum_but_not_beyond()
    {
        Assert.True(_lifecycle.Snooze(TestData.Action(), TestData.Today.AddDays(30), Reason).IsSuccess);

        var outcome = _lifecycle.Snooze(TestData.Action(), TestData.Today.AddDays(31), Reason);

        var message = Assert.Single(outcome.Refusal!.Errors["snoozeUntil"]);
        Assert.Contains("30 days", message, StringComparison.Ordinal);
        Assert.Contains("2026-04-04", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_maximum_comes_from_the_policy()
    {
        var lifecycle = TestData.Lifecycle(policy: new CorrectiveActionPolicy { MaxSnoozeDays = 5 });

        Assert.Equal("snoozeUntil", lifecycle.Snooze(TestData.Action(), TestData.Today.AddDays(6), Reason).Refusal!.Field);
    }

    [Fact]
    public void Date_and_reason_problems_are_reported_together()
    {
        var outcome = _lifecycle.Snooze(TestData.Action(), TestData.Today, "later");

        Assert.Equal(["snoozeUntil", "snoozeReason"], outcome.Refusal!.Errors.Keys);
    }

    [Fact]
    public void A_snooze_reason_has_a_maximum_length()
    {
        Assert.Equal("snoozeReason", _lifecycle.Snooze(TestData.Action(), TestData.Today.AddDays(1), new string('r', 501)).Refusal!.Field);
    }

    [Fact]
    public void A_closed_action_is_not_snoozed()
    {
        Assert.Equal(RefusalCode.InvalidTransition, _lifecycle.Snooze(TestData.Action(CorrectiveActionStatus.Closed), TestData.Today.AddDays(1), Reason).Refusal!.Code);
    }

    [Fact]
    public void Unsnoozing_clears_date_and_reason()
    {
        var snoozed = _lifecycle.Snooze(TestData.Action(), TestData.Today.AddDays(7), Reason).Value;

        var action = _lifecycle.Unsnooze(snoozed).Value;

        Assert.Null(action.SnoozeUntil);
        Assert.Null(action.SnoozeReason);
    }

    [Fact]
    public void A_patch_can_snooze()
    {
        var patch = new CorrectiveActionPatch { SnoozeUntil = TestData.Today.AddDays(2), SnoozeReason = Reason };

        Assert.Equal(TestData.Today.AddDays(2), _lifecycle.Apply(TestData.Action(), patch).Value.SnoozeUntil);
    }
}
