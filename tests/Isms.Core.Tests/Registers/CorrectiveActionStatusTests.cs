using Isms.Core.CorrectiveActions;
using Isms.Core.Validation;

namespace Isms.Core.Tests.Registers;

public class CorrectiveActionStatusTests
{
    private readonly CorrectiveActionLifecycle _lifecycle = TestData.Lifecycle();

    [Theory]
    [InlineData(CorrectiveActionStatus.Open, CorrectiveActionStatus.InProgress)]
    [InlineData(CorrectiveActionStatus.InProgress, CorrectiveActionStatus.Open)]
    public void Owners_move_freely_between_open_and_in_progress(CorrectiveActionStatus from, CorrectiveActionStatus to)
    {
        Assert.Equal(to, _lifecycle.ChangeStatus(TestData.Action(from), to).Value.Status);
    }

    [Fact]
    public void Implemented_needs_a_root_cause_and_an_action_plan()
    {
        var outcome = _lifecycle.ChangeStatus(TestData.Action(), CorrectiveActionStatus.Implemented);

        Assert.Equal(RefusalCode.GateNotMet, outcome.Refusal!.Code);
        Assert.Equal(["rootCause", "actionPlan"], outcome.Refusal.Errors.Keys);
        Assert.Contains("rootCause is required", outcome.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Implemented_with_only_a_root_cause_still_names_the_action_plan()
    {
        var action = TestData.Action() with { RootCause = "No leaver process." };

        var outcome = _lifecycle.ChangeStatus(action, CorrectiveActionStatus.Implemented);

        Assert.Equal("actionPlan", Assert.Single(outcome.Refusal!.Errors.Keys));
    }

    [Fact]
    public void Implemented_succeeds_once_root_cause_and_plan_are_recorded()
    {
        var action = TestData.Action(CorrectiveActionStatus.InProgress) with { RootCause = "No leaver process.", ActionPlan = "Automate it." };

        Assert.Equal(CorrectiveActionStatus.Implemented, _lifecycle.ChangeStatus(action, CorrectiveActionStatus.Implemented).Value.Status);
    }

    [Fact]
    public void An_owner_can_take_back_an_implemented_action()
    {
        var action = TestData.Action(CorrectiveActionStatus.Implemented);

        Assert.Equal(CorrectiveActionStatus.InProgress, _lifecycle.ChangeStatus(action, CorrectiveActionStatus.InProgress).Value.Status);
    }

    [Theory]
    [InlineData(CorrectiveActionStatus.Open)]
    [InlineData(CorrectiveActionStatus.Implemented)]
    public void Closed_is_never_set_directly(CorrectiveActionStatus from)
    {
        var outcome = _lifecycle.ChangeStatus(TestData.Action(from), CorrectiveActionStatus.Closed);

        Assert.Equal(RefusalCode.GateNotMet, outcome.Refusal!.Code);
        Assert.Equal("status", outcome.Refusal.Field);
        Assert.Contains("effectiveness review", outcome.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_action_cannot_be_reopened_by_hand()
    {
        var outcome = _lifecycle.ChangeStatus(TestData.Action(CorrectiveActionStatus.Closed), CorrectiveActionStatus.Open);

        Assert.Equal(RefusalCode.InvalidTransition, outcome.Refusal!.Code);
        Assert.Contains("raise a new finding", outcome.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_for_the_current_status_changes_nothing()
    {
        var action = TestData.Action(CorrectiveActionStatus.Closed);

        Assert.Same(action, _lifecycle.ChangeStatus(action, CorrectiveActionStatus.Closed).Value);
    }

    [Fact]
    public void An_undefined_status_is_invalid()
    {
        Assert.Equal(RefusalCode.Invalid, _lifecycle.ChangeStatus(TestData.Action(), (CorrectiveActionStatus)9).Refusal!.Code);
    }

    [Fact]
    public void Details_can_be_filled_in_and_nulls_leave_fields_alone()
    {
        var action = TestData.Action() with { RootCause = "Old cause." };

        var updated = _lifecycle.UpdateDetails(action, correction: null, rootCause: null, actionPlan: "Automate it.").Value;

        Assert.Equal("Old cause.", updated.RootCause);
        Assert.Equal("Automate it.", updated.ActionPlan);
        Assert.Equal(action.Correction, updated.Correction);
    }

    [Fact]
    public void An_implemented_action_cannot_lose_its_root_cause()
    {
        var outcome = _lifecycle.UpdateDetails(TestData.Action(CorrectiveActionStatus.Implemented), null, " ", null);

        Assert.Equal(RefusalCode.GateNotMet, outcome.Refusal!.Code);
        Assert.Equal("rootCause", outcome.Refusal.Field);
    }

    [Fact]
    public void Detail_texts_have_maximum_lengths()
    {
        var outcome = _lifecycle.UpdateDetails(TestData.Action(), "", new string('r', 4001), new string('a', 4001));

        Assert.Equal(["correction", "rootCause", "actionPlan"], outcome.Refusal!.Errors.Keys);
    }

    [Fact]
    public void A_closed_action_keeps_its_details()
    {
        var outcome = _lifecycle.UpdateDetails(TestData.Action(CorrectiveActionStatus.Closed), null, "Rewritten.", null);

        Assert.Equal(RefusalCode.InvalidTransition, outcome.Refusal!.Code);
    }

    [Fact]
    public void One_patch_can_fill_in_the_gate_fields_and_mark_implemented()
    {
        var patch = new CorrectiveActionPatch { RootCause = "No leaver process.", ActionPlan = "Automate it.", Status = CorrectiveActionStatus.Implemented };

        var action = _lifecycle.Apply(TestData.Action(), patch).Value;

        Assert.Equal(CorrectiveActionStatus.Implemented, action.Status);
        Assert.Equal("No leaver process.", action.RootCause);
    }

    [Fact]
    public void A_patch_with_a_snooze_reason_but_no_date_names_snoozeUntil()
    {
        var outcome = _lifecycle.Apply(TestData.Action(), new CorrectiveActionPatch { SnoozeReason = "Waiting for the supplier." });

        Assert.Equal("snoozeUntil", outcome.Refusal!.Field);
    }

    [Fact]
    public void A_patch_stops_at_the_first_refusal()
    {
        var patch = new CorrectiveActionPatch { RootCause = new string('r', 4001), Status = CorrectiveActionStatus.InProgress };

        Assert.Equal("rootCause", _lifecycle.Apply(TestData.Action(), patch).Refusal!.Field);
    }

    [Fact]
    public void An_empty_patch_changes_nothing()
    {
        var action = TestData.Action();

        Assert.Same(action, _lifecycle.Apply(action, new CorrectiveActionPatch()).Value);
    }

    [Fact]
    public void An_action_can_be_reassigned_to_another_upn_only()
    {
        Assert.Equal("new@contoso.com", _lifecycle.Reassign(TestData.Action(), "new@contoso.com").Value.OwnerUpn);
        Assert.Equal("ownerUpn", _lifecycle.Reassign(TestData.Action(), "New Owner").Refusal!.Field);
        Assert.Equal(RefusalCode.InvalidTransition, _lifecycle.Reassign(TestData.Action(CorrectiveActionStatus.Closed), "new@contoso.com").Refusal!.Code);
    }

    [Fact]
    public void Rescheduling_into_the_past_is_refused()
    {
        Assert.Equal(TestData.Today.AddDays(5), _lifecycle.Reschedule(TestData.Action(), TestData.Today.AddDays(5)).Value.DueDate);
        Assert.Equal("dueDate", _lifecycle.Reschedule(TestData.Action(), TestData.Today.AddDays(-1)).Refusal!.Field);
    }
}
