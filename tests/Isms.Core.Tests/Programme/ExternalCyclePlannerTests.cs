using Isms.Core.Audits;
using Isms.Core.Programme;
using static Isms.Core.Tests.Programme.ProgrammeFixtures;

namespace Isms.Core.Tests.Programme;

public sealed class ExternalCyclePlannerTests
{
    private readonly AuditProgrammeOptions _options = new();

    private ExternalCyclePlanner Planner => new(_options);

    [Fact]
    public void Plans_two_surveillances_and_a_recertification_with_cycle_keys_and_17021_windows()
    {
        var result = Planner.Plan(Cycle, [Stage2Before(Decision)], Decision);

        Assert.Empty(result.Warnings);
        Assert.Equal(
            ["cycle-2026-03-15:Surveillance:1", "cycle-2026-03-15:Surveillance:2", "cycle-2026-03-15:Recertification"],
            result.Audits.Select(a => a.Key));
        Assert.All(result.Audits, a => Assert.Equal(PlanAction.Create, a.Action));
        Assert.All(result.Audits, a => Assert.True(a.WithinTarget));

        var (first, second, recertification) = (result.Audits[0], result.Audits[1], result.Audits[2]);
        Assert.Equal(new DateWindow(new DateOnly(2026, 12, 15), new DateOnly(2027, 3, 15)), first.Target);
        Assert.Equal(new DateOnly(2027, 3, 1), first.PlannedEnd);
        Assert.Equal(_options.SurveillanceDurationDays, first.PlannedEnd.DayNumber - first.PlannedStart.DayNumber + 1);

        Assert.Equal(new DateWindow(new DateOnly(2028, 1, 1), new DateOnly(2028, 3, 15)), second.Target);
        Assert.Equal(2028, second.PlannedEnd.Year);

        Assert.Equal(new DateOnly(2029, 1, 13), recertification.Target.LatestEnd);
        Assert.True(recertification.PlannedStart >= Decision.AddMonths(24));
        Assert.True(recertification.PlannedEnd <= Expiry.AddDays(-60));
    }

    [Fact]
    public void Surveillance_1_stays_in_the_decision_year_when_that_year_has_no_external_audit()
    {
        var decision = new DateOnly(2026, 1, 10);
        var cycle = new CertificationCycle(decision, decision.AddYears(3).AddDays(-1));
        var stage2LastYear = Audit("stage2", AuditType.Stage2, new DateOnly(2025, 12, 1), new DateOnly(2025, 12, 3));

        var result = Planner.Plan(cycle, [stage2LastYear], decision);

        Assert.Equal(new DateOnly(2026, 12, 31), result.Audits[0].Target.LatestEnd);
        Assert.Equal(2026, result.Audits[0].PlannedEnd.Year);
        Assert.Equal(2027, result.Audits[1].PlannedEnd.Year);
        Assert.Equal(2028, result.Audits[2].PlannedEnd.Year);
        Assert.True(result.Audits[2].PlannedEnd <= cycle.ExpiryDate.AddDays(-60));
    }

    [Fact]
    public void Surveillance_2_follows_the_calendar_year_of_the_surveillance_1_actually_held()
    {
        var s1 = Audit("cycle-2026-03-15:Surveillance:1", AuditType.Surveillance, new DateOnly(2026, 12, 16), new DateOnly(2026, 12, 17));

        var result = Planner.Plan(Cycle, [Stage2Before(Decision), s1], new DateOnly(2026, 12, 20));

        Assert.Equal(PlanAction.Locked, result.Audits[0].Action);
        Assert.Equal(2027, result.Audits[1].PlannedEnd.Year);
        Assert.True(result.Audits[1].PlannedEnd <= Decision.AddMonths(24));
    }

    [Fact]
    public void Replanning_after_a_date_change_never_touches_a_started_audit_and_moves_planned_ones()
    {
        var today = new DateOnly(2027, 3, 1);
        var register = Applied([Stage2Before(Decision)], Planner.Plan(Cycle, [Stage2Before(Decision)], Decision).Audits);
        var s1Key = AuditKeys.Surveillance(Cycle.Key, 1);
        var started = register.Single(a => a.Id == s1Key) with { Status = AuditStatus.InProgress };
        register = [.. register.Where(a => a.Id != s1Key), started];

        // The certificate was corrected to expire four months earlier.
        var corrected = Cycle with { ExpiryDate = Expiry.AddMonths(-4) };
        var result = Planner.Plan(corrected, register, today);

        var s1 = result.Audits.Single(a => a.Key == s1Key);
        Assert.Equal(PlanAction.Locked, s1.Action);
        Assert.Equal(started.Start, s1.PlannedStart);
        var recertification = result.Audits.Single(a => a.Type == AuditType.Recertification);
        Assert.Equal(PlanAction.Update, recertification.Action);
        Assert.True(recertification.PlannedEnd <= corrected.ExpiryDate.AddDays(-60));
    }

    [Fact]
    public void Planning_again_on_an_applied_register_changes_nothing_and_keeps_a_move_inside_the_window()
    {
        var history = new List<RecordedAudit> { Stage2Before(Decision) };
        var register = Applied(history, Planner.Plan(Cycle, history, Decision).Audits);
        var s1Key = AuditKeys.Surveillance(Cycle.Key, 1);
        var moved = register.Single(a => a.Id == s1Key) with { Start = new DateOnly(2027, 1, 11), End = new DateOnly(2027, 1, 12) };
        register = [.. register.Where(a => a.Id != s1Key), moved];

        var result = Planner.Plan(Cycle, register, Decision.AddDays(30));

        Assert.All(result.Audits, a => Assert.Equal(PlanAction.Keep, a.Action));
        Assert.Equal(moved.Start, result.Audits[0].PlannedStart);
    }

    [Fact]
    public void A_new_certification_decision_starts_a_new_cycle_and_cancels_what_the_old_one_never_started()
    {
        var history = new List<RecordedAudit> { Stage2Before(Decision) };
        var oldPlan = new AuditProgrammePlanner(At(Decision), _options)
            .Plan(new ProgrammeState(Cycle, ProgrammeCatalogue.Build(), history, [], [], ["carol@contoso.com", "dave@contoso.com"]));
        var register = Applied(history, oldPlan.Audits);
        var s1Key = AuditKeys.Surveillance(Cycle.Key, 1);
        register = [.. register.Select(a => a.Id == s1Key ? a with { Status = AuditStatus.Completed } : a)];

        var newCycle = new CertificationCycle(new DateOnly(2026, 9, 1), new DateOnly(2029, 8, 31));
        var plan = new AuditProgrammePlanner(At(new DateOnly(2026, 9, 2)), _options)
            .Plan(new ProgrammeState(newCycle, ProgrammeCatalogue.Build(), register, [], [], ["carol@contoso.com", "dave@contoso.com"]));

        Assert.Equal("cycle-2026-09-01", plan.CycleKey);
        Assert.DoesNotContain(plan.Audits, a => a.Key == s1Key);
        Assert.All(
            plan.Audits.Where(a => AuditKeys.BelongsTo(a.Key, Cycle.Key)),
            a => Assert.Equal(PlanAction.Cancel, a.Action));
        Assert.Contains(plan.ToCreate, a => a.Key == "cycle-2026-09-01:Surveillance:1");
        Assert.All(plan.ToCreate, a => Assert.StartsWith("cycle-2026-09-01:", a.Key, StringComparison.Ordinal));
    }
}
