using Isms.Core.Audits;
using Isms.Core.Programme;
using static Isms.Core.Tests.Programme.ProgrammeFixtures;

namespace Isms.Core.Tests.Programme;

public sealed class InternalProgrammePlannerTests
{
    private readonly AuditProgrammeOptions _options = new();
    private readonly IReadOnlyList<ProgrammeControl> _controls = ProgrammeCatalogue.Build();

    private InternalProgrammePlanner Planner => new(_options);

    private static List<PlannedAudit> Internal(PlannerResult result) =>
        result.Audits.Where(a => a.Type == AuditType.Internal).ToList();

    [Fact]
    public void Covers_every_clause_and_applicable_control_before_recertification_and_high_risk_every_year()
    {
        var audits = Internal(Planner.Plan(Cycle, _controls, [], [], Decision));

        Assert.Equal("cycle-2026-03-15:Internal:Y1Q1", audits[0].Key);
        Assert.All(audits, a => Assert.True(a.WithinTarget));
        var deadline = Expiry.AddDays(-_options.RecertificationMarginDays);
        foreach (var control in _controls)
        {
            var visits = audits.Where(a => a.Scope.Contains(control.Id)).ToList();
            if (!control.InProgramme)
            {
                Assert.Empty(visits);
                continue;
            }

            Assert.Contains(visits, a => a.PlannedEnd <= deadline);
            if (control.IsHighRisk)
            {
                Assert.Equal(3, visits.Count);
                Assert.True(visits[0].PlannedEnd <= Decision.AddMonths(12));
                Assert.True(visits[1].PlannedEnd <= visits[0].PlannedEnd.AddMonths(12));
                Assert.True(visits[2].PlannedEnd <= visits[1].PlannedEnd.AddMonths(12));
            }
        }
    }

    [Fact]
    public void Spreads_the_work_evenly_over_the_periods()
    {
        var sizes = Internal(Planner.Plan(Cycle, _controls, [], [], Decision)).Select(a => a.Scope.Count).ToList();

        Assert.True(sizes.Max() - sizes.Min() <= 3, string.Join(",", sizes));
    }

    [Fact]
    public void What_was_already_audited_in_the_cycle_is_not_planned_again()
    {
        var done = Audit("manual-1", AuditType.Internal, Decision.AddDays(3), Decision.AddDays(4), scope: ["A.5.1", "A.5.2"]);

        var audits = Internal(Planner.Plan(Cycle, _controls, [done], [], Decision.AddDays(5)));

        Assert.DoesNotContain(audits, a => a.Scope.Contains("A.5.1") || a.Scope.Contains("A.5.2"));
        Assert.Contains(audits, a => a.Scope.Contains("A.5.3"));
    }

    [Fact]
    public void An_area_with_a_major_nonconformity_comes_back_within_twelve_months()
    {
        var today = Decision.AddMonths(4);
        var first = Internal(Planner.Plan(Cycle, _controls, [], [], Decision));
        var control = first[0].Scope.First(id => !ProgrammeCatalogue.HighRisk.Contains(id));
        var held = first[0].ToRecorded() with { Status = AuditStatus.Completed };
        var major = new RecordedFinding("F1", held.Id, FindingType.MajorNonconformity, [control], held.End);

        var audits = Internal(Planner.Plan(Cycle, _controls, [held], [major], today));

        Assert.Contains(audits, a => a.Key != held.Id && a.Scope.Contains(control) && a.PlannedEnd <= held.End.AddMonths(12));
    }

    [Fact]
    public void Warns_when_a_deadline_can_no_longer_be_met()
    {
        // A high-risk control last audited 13 months before the decision is already late on day one.
        var old = Audit("old", AuditType.Internal, Decision.AddMonths(-13), Decision.AddMonths(-13).AddDays(1), scope: ["A.8.8"]);

        var result = Planner.Plan(Cycle, _controls, [old], [], Decision);

        Assert.Contains(result.Warnings, w => w.StartsWith("A.8.8 is due", StringComparison.Ordinal));
        Assert.Contains(result.Audits, a => a.Key.EndsWith(":Y1Q1", StringComparison.Ordinal) && a.Scope.Contains("A.8.8"));
    }

    [Fact]
    public void Started_audits_keep_their_scope_and_a_planned_one_due_today_is_not_reshuffled()
    {
        var first = Internal(Planner.Plan(Cycle, _controls, [], [], Decision))[0];
        var dueToday = first.ToRecorded() with { Scope = ["4.1"] };

        var plan = Planner.Plan(Cycle, _controls, [dueToday], [], first.PlannedStart);

        var kept = plan.Audits.Single(a => a.Key == first.Key);
        Assert.Equal(PlanAction.Keep, kept.Action);
        Assert.Equal(["4.1"], kept.Scope);
    }

    [Fact]
    public void Plans_a_management_review_each_cycle_year_in_the_configured_month()
    {
        var reviews = Planner.Plan(Cycle, _controls, [], [], Decision).Audits
            .Where(a => a.Type == AuditType.ManagementReview)
            .ToList();

        Assert.Equal(
            ["cycle-2026-03-15:ManagementReview:Y1", "cycle-2026-03-15:ManagementReview:Y2", "cycle-2026-03-15:ManagementReview:Y3"],
            reviews.Select(r => r.Key));
        Assert.Equal(new DateOnly(2026, 12, 15), reviews[0].PlannedStart);
        Assert.Equal(new DateOnly(2027, 12, 15), reviews[1].PlannedStart);
    }

    [Fact]
    public void A_cadence_that_does_not_divide_the_year_is_refused()
    {
        var options = new AuditProgrammeOptions { InternalAuditsPerYear = 5 };

        Assert.Throws<InvalidOperationException>(() => new InternalProgrammePlanner(options).Plan(Cycle, _controls, [], [], Decision));
    }

    [Fact]
    public void Monthly_cadence_uses_period_keys()
    {
        var options = new AuditProgrammeOptions { InternalAuditsPerYear = 12 };

        var audits = Internal(new InternalProgrammePlanner(options).Plan(Cycle, _controls, [], [], Decision));

        Assert.StartsWith("cycle-2026-03-15:Internal:Y1P", audits[0].Key, StringComparison.Ordinal);
    }
}
