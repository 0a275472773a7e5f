using Isms.Core.CorrectiveActions;
using Isms.Core.Validation;

namespace Isms.Core.Tests.Registers;

public class CorrectiveActionReviewTests
{
    private readonly CorrectiveActionLifecycle _lifecycle = TestData.Lifecycle();

    [Fact]
    public void An_effective_review_closes_an_implemented_action()
    {
        var action = _lifecycle.Review(TestData.Action(CorrectiveActionStatus.Implemented), TestData.Auditor, effective: true, notes: null).Value;

        Assert.Equal(CorrectiveActionStatus.Closed, action.Status);
        Assert.Equal(TestData.Now, action.ClosedAt);
        var review = Assert.Single(action.EffectivenessReviews);
        Assert.Equal(new EffectivenessReview(TestData.Auditor, TestData.Now, true, null), review);
    }

    [Fact]
    public void An_ineffective_review_reopens_the_action_with_a_new_due_date()
    {
        var action = TestData.Action(CorrectiveActionStatus.Implemented) with
        {
            SnoozeUntil = TestData.Today.AddDays(3),
            SnoozeReason = "Waiting for the supplier.",
        };

        var reopened = _lifecycle.Review(action, TestData.Auditor, effective: false, notes: "Two leavers still had VPN access.").Value;

        Assert.Equal(CorrectiveActionStatus.Open, reopened.Status);
        Assert.Equal(TestData.Today.AddDays(30), reopened.DueDate);
        Assert.Null(reopened.SnoozeUntil);
        Assert.Null(reopened.SnoozeReason);
        Assert.Null(reopened.ClosedAt);
        Assert.False(Assert.Single(reopened.EffectivenessReviews).Effective);
    }

    [Fact]
    public void The_reopen_due_days_come_from_the_policy()
    {
        var lifecycle = TestData.Lifecycle(policy: new CorrectiveActionPolicy { ReopenDueDays = 10 });

        var reopened = lifecycle.Review(TestData.Action(CorrectiveActionStatus.Implemented), TestData.Auditor, false, "Still failing.").Value;

        Assert.Equal(TestData.Today.AddDays(10), reopened.DueDate);
    }

    [Fact]
    public void Reviews_accumulate_across_reopen_and_close()
    {
        var time = TestData.Clock();
        var lifecycle = TestData.Lifecycle(time);
        var reopened = lifecycle.Review(TestData.Action(CorrectiveActionStatus.Implemented), TestData.Auditor, false, "Still failing.").Value;
        var implemented = lifecycle.ChangeStatus(reopened, CorrectiveActionStatus.Implemented).Value;
        time.Advance(TimeSpan.FromDays(7));

        var closed = lifecycle.Review(implemented, "second.auditor@contoso.com", true, "Verified on 20 accounts.").Value;

        Assert.Equal([false, true], closed.EffectivenessReviews.Select(r => r.Effective));
        Assert.Equal(TestData.Now.AddDays(7), closed.ClosedAt);
    }

    [Theory]
    [InlineData(TestData.Owner)]
    [InlineData("OWNER@contoso.com")]
    public void The_owner_cannot_review_their_own_action(string reviewer)
    {
        var outcome = _lifecycle.Review(TestData.Action(CorrectiveActionStatus.Implemented), reviewer, true, null);

        Assert.Equal(RefusalCode.IndependenceRequired, outcome.Refusal!.Code);
        Assert.Equal("reviewerUpn", outcome.Refusal.Field);
        Assert.Contains("someone other than the owner", outcome.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_owner_under_a_new_sign_in_name_is_still_the_owner()
    {
        const string ownerId = "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";
        var action = TestData.Action(CorrectiveActionStatus.Implemented) with { OwnerObjectId = ownerId };

        var outcome = _lifecycle.Review(action, "renamed.owner@contoso.com", true, null, reviewerObjectId: ownerId);

        Assert.Equal(RefusalCode.IndependenceRequired, outcome.Refusal!.Code);
    }

    [Fact]
    public void Someone_else_who_was_given_the_owners_old_sign_in_name_may_review()
    {
        var action = TestData.Action(CorrectiveActionStatus.Implemented) with { OwnerObjectId = "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6" };

        var outcome = _lifecycle.Review(action, TestData.Owner, true, null, reviewerObjectId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");

        Assert.True(outcome.IsSuccess);
        Assert.Equal("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", Assert.Single(outcome.Value.EffectivenessReviews).ReviewerObjectId);
    }

    [Theory]
    [InlineData(CorrectiveActionStatus.Open)]
    [InlineData(CorrectiveActionStatus.InProgress)]
    public void An_action_not_yet_implemented_cannot_be_reviewed(CorrectiveActionStatus status)
    {
        var outcome = _lifecycle.Review(TestData.Action(status), TestData.Auditor, true, null);

        Assert.Equal(RefusalCode.GateNotMet, outcome.Refusal!.Code);
        Assert.Equal("status", outcome.Refusal.Field);
        Assert.Contains("Implemented first", outcome.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_action_cannot_be_reviewed_again()
    {
        var outcome = _lifecycle.Review(TestData.Action(CorrectiveActionStatus.Closed), TestData.Auditor, false, "Back again.");

        Assert.Equal(RefusalCode.InvalidTransition, outcome.Refusal!.Code);
    }

    [Fact]
    public void An_ineffective_review_must_say_what_still_fails()
    {
        var outcome = _lifecycle.Review(TestData.Action(CorrectiveActionStatus.Implemented), TestData.Auditor, false, " ");

        Assert.Equal("notes", outcome.Refusal!.Field);
    }

    [Fact]
    public void The_reviewer_must_be_a_upn_and_notes_are_bounded()
    {
        var outcome = _lifecycle.Review(TestData.Action(CorrectiveActionStatus.Implemented), "The auditor", true, new string('n', 4001));

        Assert.Equal(["reviewerUpn", "notes"], outcome.Refusal!.Errors.Keys);
    }

    [Fact]
    public void Reviewing_does_not_change_the_action_given()
    {
        var action = TestData.Action(CorrectiveActionStatus.Implemented);

        _lifecycle.Review(action, TestData.Auditor, true, null);

        Assert.Equal(CorrectiveActionStatus.Implemented, action.Status);
        Assert.Empty(action.EffectivenessReviews);
    }
}
