using Isms.Core.Audits;
using Isms.Core.CorrectiveActions;
using Isms.Core.Validation;

namespace Isms.Core.Tests.Registers;

public class CorrectiveActionCreateTests
{
    private const string Correction = "Disabled the 4 leaver accounts found.";

    [Fact]
    public void A_major_nonconformity_is_due_30_days_after_the_finding()
    {
        var outcome = TestData.Lifecycle().Create("ca-1", TestData.Finding(FindingType.MajorNonconformity), TestData.Owner, Correction);

        Assert.Equal(new DateOnly(2026, 4, 4), outcome.Value.DueDate);
    }

    [Fact]
    public void A_minor_nonconformity_is_due_90_days_after_the_finding()
    {
        var outcome = TestData.Lifecycle().Create("ca-1", TestData.Finding(FindingType.MinorNonconformity), TestData.Owner, Correction);

        Assert.Equal(new DateOnly(2026, 6, 3), outcome.Value.DueDate);
    }

    [Fact]
    public void The_default_counts_from_the_finding_date_not_from_today()
    {
        var finding = TestData.Finding(FindingType.MajorNonconformity, TestData.Now.AddDays(-10));

        var outcome = TestData.Lifecycle().Create("ca-1", finding, TestData.Owner, Correction);

        Assert.Equal(TestData.Today.AddDays(20), outcome.Value.DueDate);
    }

    [Fact]
    public void The_policy_sets_the_default_due_days()
    {
        var lifecycle = TestData.Lifecycle(policy: new CorrectiveActionPolicy { MajorDueDays = 14, MinorDueDays = 60 });

        Assert.Equal(TestData.Today.AddDays(14), lifecycle.DefaultDueDate(TestData.Finding(FindingType.MajorNonconformity)));
        Assert.Equal(TestData.Today.AddDays(60), lifecycle.DefaultDueDate(TestData.Finding(FindingType.MinorNonconformity)));
    }

    [Fact]
    public void A_new_action_is_open_unsnoozed_and_stamped_with_the_clock()
    {
        var action = TestData.Lifecycle().Create("ca-1", TestData.Finding(), TestData.Owner, Correction).Value;

        Assert.Equal(CorrectiveActionStatus.Open, action.Status);
        Assert.Equal("finding-1", action.FindingId);
        Assert.Equal(TestData.Owner, action.OwnerUpn);
        Assert.Equal(TestData.Now, action.CreatedAt);
        Assert.Null(action.SnoozeUntil);
        Assert.Null(action.ClosedAt);
        Assert.Empty(action.EffectivenessReviews);
    }

    [Fact]
    public void An_explicit_due_date_wins_over_the_policy()
    {
        var action = TestData.Lifecycle().Create("ca-1", TestData.Finding(), TestData.Owner, Correction, TestData.Today).Value;

        Assert.Equal(TestData.Today, action.DueDate);
    }

    [Fact]
    public void A_due_date_in_the_past_is_refused_with_today_named()
    {
        var outcome = TestData.Lifecycle().Create("ca-1", TestData.Finding(), TestData.Owner, Correction, TestData.Today.AddDays(-1));

        Assert.Equal(RefusalCode.Invalid, outcome.Refusal!.Code);
        Assert.Equal("dueDate", outcome.Refusal.Field);
        Assert.Contains("2026-03-05", outcome.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Observations_take_no_action()
    {
        var outcome = TestData.Lifecycle().Create("ca-1", TestData.Finding(FindingType.Observation), TestData.Owner, Correction);

        Assert.Equal("findingId", outcome.Refusal!.Field);
        Assert.Contains("only nonconformities take corrective actions", outcome.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_opportunity_for_improvement_takes_an_improvement_action_due_in_the_minor_days_from_today()
    {
        var outcome = TestData.Lifecycle().Create("ca-1", TestData.Finding(FindingType.OpportunityForImprovement), TestData.Owner, Correction);

        Assert.Equal(ActionKind.Improvement, outcome.Value.Kind);
        Assert.Equal(TestData.Today.AddDays(90), outcome.Value.DueDate);
        Assert.Empty(CorrectiveActionLifecycle.ImplementedNeeds(null, "Publish the list", outcome.Value.Kind));
    }

    [Fact]
    public void A_nonconformity_takes_a_corrective_action_that_needs_a_root_cause()
    {
        var outcome = TestData.Lifecycle().Create("ca-1", TestData.Finding(FindingType.MinorNonconformity), TestData.Owner, Correction);

        Assert.Equal(ActionKind.Corrective, outcome.Value.Kind);
        Assert.Contains("rootCause", CorrectiveActionLifecycle.ImplementedNeeds(null, "Fix", outcome.Value.Kind).Keys);
    }

    [Fact]
    public void Owner_and_correction_are_checked_together()
    {
        var outcome = TestData.Lifecycle().Create("ca-1", TestData.Finding(), "Jane Doe", " ");

        Assert.Equal(["ownerUpn", "correction"], outcome.Refusal!.Errors.Keys);
    }

    [Fact]
    public void The_correction_has_a_maximum_length()
    {
        var outcome = TestData.Lifecycle().Create("ca-1", TestData.Finding(), TestData.Owner, new string('c', 4001));

        Assert.Equal("correction", outcome.Refusal!.Field);
    }
}
