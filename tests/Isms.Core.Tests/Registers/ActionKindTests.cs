using Isms.Core.CorrectiveActions;

namespace Isms.Core.Tests.Registers;

/// <summary>Actions that answer a record other than a finding: a risk's treatment, a review's decision, a gap.</summary>
public class ActionKindTests
{
    [Theory]
    [InlineData(ActionKind.Treatment, "risks/RISK-1")]
    [InlineData(ActionKind.ReviewOutput, "management-reviews/MR-1")]
    [InlineData(ActionKind.GapClosure, "gap-analysis/6.1.2-1")]
    public void An_action_on_another_record_names_it_and_is_due_in_the_minor_days_by_default(ActionKind kind, string origin)
    {
        var action = TestData.Lifecycle().CreateFor("ca-1", kind, origin, TestData.Owner, "Do the thing.").Value;

        Assert.Equal((kind, origin, (string?)null), (action.Kind, action.Origin, action.FindingId));
        Assert.Equal(TestData.Today.AddDays(90), action.DueDate);
        Assert.Equal(CorrectiveActionStatus.Open, action.Status);
    }

    [Fact]
    public void Its_owner_description_and_due_date_are_checked_like_a_corrective_action_s()
    {
        var refused = TestData.Lifecycle().CreateFor("ca-1", ActionKind.Treatment, "risks/RISK-1", "nobody", " ", TestData.Today.AddDays(-1));

        Assert.False(refused.IsSuccess);
        Assert.Equal(["description", "dueDate", "ownerUpn"], refused.Refusal.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Corrective_and_improvement_actions_answer_a_finding_and_are_not_opened_this_way()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TestData.Lifecycle().CreateFor("ca-1", ActionKind.Corrective, "risks/RISK-1", TestData.Owner, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestData.Lifecycle().CreateFor("ca-1", ActionKind.Improvement, "risks/RISK-1", TestData.Owner, "x"));
    }

    [Fact]
    public void Only_a_corrective_action_needs_a_root_cause_to_be_implemented_and_every_kind_needs_a_plan()
    {
        var lifecycle = TestData.Lifecycle();
        var treatment = lifecycle.CreateFor("ca-1", ActionKind.Treatment, "risks/RISK-1", TestData.Owner, "Encrypt the laptops.").Value;

        Assert.Equal("actionPlan", Assert.Single(lifecycle.ChangeStatus(treatment, CorrectiveActionStatus.Implemented).Refusal!.Errors.Keys));
        var implemented = lifecycle.Apply(treatment, new CorrectiveActionPatch { ActionPlan = "BitLocker enforced by Intune.", Status = CorrectiveActionStatus.Implemented });
        Assert.Equal(CorrectiveActionStatus.Implemented, implemented.Value.Status);
        Assert.Equal(["actionPlan", "rootCause"], CorrectiveActionLifecycle.ImplementedNeeds(null, null).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["actionPlan"], CorrectiveActionLifecycle.ImplementedNeeds(null, null, ActionKind.GapClosure).Keys);
    }

    [Fact]
    public void Its_effectiveness_is_reviewed_by_someone_other_than_the_owner_as_for_every_action()
    {
        var lifecycle = TestData.Lifecycle();
        var action = lifecycle.Apply(
            lifecycle.CreateFor("ca-1", ActionKind.ReviewOutput, "management-reviews/MR-1", TestData.Owner, "Budget the SIEM.").Value,
            new CorrectiveActionPatch { ActionPlan = "Approved in the budget.", Status = CorrectiveActionStatus.Implemented }).Value;

        Assert.False(lifecycle.Review(action, TestData.Owner, effective: true, notes: null).IsSuccess);
        Assert.Equal(CorrectiveActionStatus.Closed, lifecycle.Review(action, "auditor@contoso.example", effective: true, notes: null).Value.Status);
    }
}
