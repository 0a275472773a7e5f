using Isms.Core.Reviews;
using Isms.Core.Validation;

namespace Isms.Core.Tests.Reviews;

public sealed class ManagementReviewRulesTests
{
    private const string Manager = "isms.manager@contoso.example";
    private const string Ceo = "ceo@contoso.example";
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 3, 2);

    private static ManagementReview Planned(DateOnly? on = null) =>
        ManagementReviewRules.Create("MR-1", new ReviewChange { PlannedDate = on ?? Today.AddDays(10), Attendees = [new(Ceo, true), new(Manager, false)] }, Today, Manager, Now).Value;

    private static ManagementReview Held() =>
        ManagementReviewRules.Change(Planned(Today), new ReviewChange { Status = ReviewStatus.Held }, Today, Manager, Now).Value;

    private static ReviewChange Completion => new()
    {
        Status = ReviewStatus.Completed,
        Minutes = "Reviewed the inputs pack; the board accepted the risk treatment plan.",
        Decisions = [new(DecisionKind.Resources, "Fund a second security engineer.")],
    };

    [Fact]
    public void A_review_is_planned_with_its_date_and_attendees()
    {
        var review = Planned();

        Assert.Equal(ReviewStatus.Planned, review.Status);
        Assert.Equal(Today.AddDays(10), review.PlannedDate);
        Assert.Null(review.HeldOn);
        Assert.Equal(Manager, review.CreatedBy);
    }

    [Fact]
    public void A_review_needs_a_planned_date_and_well_formed_distinct_attendees()
    {
        var refused = ManagementReviewRules.Create("MR-1", new ReviewChange { Attendees = [new("not a upn", true), new(Ceo, true), new(Ceo.ToUpperInvariant(), false)] }, Today, Manager, Now);

        Assert.Equal(["plannedDate", "attendees[0].upn", "attendees"], refused.Refusal!.Errors.Keys);
    }

    [Fact]
    public void Held_takes_today_unless_a_day_is_given_and_never_a_day_to_come()
    {
        Assert.Equal(Today, Held().HeldOn);
        var earlier = ManagementReviewRules.Change(Planned(), new ReviewChange { Status = ReviewStatus.Held, HeldOn = Today.AddDays(-3) }, Today, Manager, Now).Value;
        Assert.Equal(Today.AddDays(-3), earlier.HeldOn);
        var future = ManagementReviewRules.Change(Planned(), new ReviewChange { Status = ReviewStatus.Held, HeldOn = Today.AddDays(1) }, Today, Manager, Now);
        Assert.Equal("heldOn", future.Refusal!.Field);
    }

    [Fact]
    public void Completion_needs_top_management_minutes_and_a_decision()
    {
        var withoutTop = Held() with { Attendees = [new(Manager, false)] };

        var refused = ManagementReviewRules.Change(withoutTop, new ReviewChange { Status = ReviewStatus.Completed }, Today, Manager, Now);

        Assert.Equal(RefusalCode.GateNotMet, refused.Refusal!.Code);
        Assert.Equal(["attendees", "minutes", "decisions"], refused.Refusal.Errors.Keys);
    }

    [Fact]
    public void A_completed_review_records_who_completed_it_and_no_longer_changes()
    {
        var completed = ManagementReviewRules.Change(Held(), Completion, Today, Manager, Now).Value;

        Assert.Equal(ReviewStatus.Completed, completed.Status);
        Assert.Equal(Manager, completed.CompletedBy);
        Assert.Equal(Now, completed.CompletedAt);
        var changed = ManagementReviewRules.Change(completed, new ReviewChange { Minutes = "Rewritten." }, Today, Manager, Now);
        Assert.Equal(RefusalCode.InvalidTransition, changed.Refusal!.Code);
    }

    [Fact]
    public void A_planned_review_completes_in_one_step_when_everything_is_there()
    {
        var completed = ManagementReviewRules.Change(Planned(Today), Completion, Today, Manager, Now).Value;

        Assert.Equal(Today, completed.HeldOn);
        Assert.Equal(ReviewStatus.Completed, completed.Status);
    }

    [Fact]
    public void A_review_does_not_go_back()
    {
        var back = ManagementReviewRules.Change(Held(), new ReviewChange { Status = ReviewStatus.Planned }, Today, Manager, Now);

        Assert.Equal(RefusalCode.InvalidTransition, back.Refusal!.Code);
    }

    [Fact]
    public void Texts_and_decisions_have_limits()
    {
        var refused = ManagementReviewRules.Change(Held(), new ReviewChange
        {
            Minutes = new string('m', ManagementReviewRules.MinutesLength + 1),
            Feedback = new string('f', ManagementReviewRules.InputLength + 1),
            Decisions = [new(DecisionKind.Improvement, " "), new((DecisionKind)9, "x"), new(DecisionKind.ChangeToIsms, new string('d', ManagementReviewRules.DecisionLength + 1))],
        }, Today, Manager, Now);

        Assert.Equal(["feedback", "minutes", "decisions[0].text", "decisions[1].kind", "decisions[2].text"], refused.Refusal!.Errors.Keys);
    }

    [Fact]
    public void Readiness_counts_reviews_completed_within_the_last_twelve_months()
    {
        var completed = ManagementReviewRules.Change(Held(), Completion, Today, Manager, Now).Value;
        var old = completed with { Id = "MR-0", HeldOn = Today.AddMonths(-12) };

        Assert.Equal(1, ManagementReviewRules.CompletedInLastYear([completed, old, Held() with { Id = "MR-2" }], Today));
        Assert.Equal(0, ManagementReviewRules.CompletedInLastYear([completed], Today.AddMonths(12)));
    }

    private static Isms.Core.Audits.Audit Programme(string id, DateOnly start, Isms.Core.Audits.AuditStatus status = Isms.Core.Audits.AuditStatus.Planned) => new()
    {
        Id = id,
        Type = Isms.Core.Audits.AuditType.ManagementReview,
        Title = "Management review",
        PlannedStart = start,
        PlannedEnd = start,
        LeadAuditorUpn = Manager,
        Status = status,
    };

    [Fact]
    public void A_review_fulfils_the_nearest_open_programme_review_not_yet_fulfilled()
    {
        var audits = new[]
        {
            Programme("MR-Y1", Today.AddDays(-200), Isms.Core.Audits.AuditStatus.Completed),
            Programme("MR-Y2", Today.AddDays(20)),
            Programme("MR-Y3", Today.AddDays(10)),
            Programme("MR-FAR", Today.AddDays(200)),
        };

        Assert.Equal("MR-Y3", ManagementReviewRules.ProgrammeEntry(audits, [], Today, null).Value.AuditId);
        Assert.Equal("MR-Y2", ManagementReviewRules.ProgrammeEntry(audits, [Planned() with { AuditId = "MR-Y3" }], Today, null).Value.AuditId);
        Assert.Null(ManagementReviewRules.ProgrammeEntry(audits, [], Today.AddDays(-150), null).Value.AuditId);
        Assert.Equal("MR-FAR", ManagementReviewRules.ProgrammeEntry(audits, [], Today, "MR-FAR").Value.AuditId);
        Assert.Equal("auditId", ManagementReviewRules.ProgrammeEntry(audits, [], Today, "MR-Y1").Refusal!.Field);
        Assert.Equal(RefusalCode.InvalidTransition, ManagementReviewRules.ProgrammeEntry(audits, [Planned() with { AuditId = "MR-Y3" }], Today, "MR-Y3").Refusal!.Code);
        Assert.Equal([Isms.Core.Audits.AuditStatus.InProgress, Isms.Core.Audits.AuditStatus.Completed], ManagementReviewRules.ProgrammeSteps(ReviewStatus.Completed));
        Assert.Empty(ManagementReviewRules.ProgrammeSteps(ReviewStatus.Planned));
    }

    [Fact]
    public void The_period_runs_from_the_day_after_the_previous_completed_review_or_twelve_months_back()
    {
        var first = ManagementReviewRules.Change(Held(), Completion, Today, Manager, Now).Value with { Id = "MR-0", HeldOn = new DateOnly(2025, 9, 1) };
        var next = Planned(new DateOnly(2026, 3, 1));

        Assert.Equal((new DateOnly(2025, 9, 2), Today), ManagementReviewRules.Period(next, [first, next], Today));
        Assert.Equal((new DateOnly(2024, 9, 1), new DateOnly(2025, 9, 1)), ManagementReviewRules.Period(first, [first, next], Today));
        Assert.Equal("MR-0", ManagementReviewRules.Previous(next, [first, next])!.Id);
    }
}
