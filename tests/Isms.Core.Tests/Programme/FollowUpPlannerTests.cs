using Isms.Core.Audits;
using Isms.Core.Programme;
using static Isms.Core.Tests.Programme.ProgrammeFixtures;

namespace Isms.Core.Tests.Programme;

public sealed class FollowUpPlannerTests
{
    private static readonly DateOnly Raised = new(2027, 3, 2);
    private readonly AuditProgrammeOptions _options = new();
    private readonly RecordedAudit _surveillance =
        Audit("cycle-2026-03-15:Surveillance:1", AuditType.Surveillance, Raised.AddDays(-1), Raised, lead: "lead@cb.example");

    private FollowUpPlanner Planner => new(_options);

    private static RecordedFinding Major(string auditId = "cycle-2026-03-15:Surveillance:1", FindingType type = FindingType.MajorNonconformity) =>
        new("F1", auditId, type, ["A.8.8"], Raised);

    [Fact]
    public void A_major_nonconformity_from_an_external_audit_gets_a_follow_up_ending_before_the_action_is_due()
    {
        var due = Raised.AddDays(30);

        var result = Planner.Plan([Major()], [_surveillance], [new CorrectiveActionDue("F1", due, null)], Raised);

        var followUp = Assert.Single(result.Audits);
        Assert.Equal("finding-F1:FollowUp", followUp.Key);
        Assert.Equal(AuditType.FollowUp, followUp.Type);
        Assert.Equal(["A.8.8"], followUp.Scope);
        Assert.Equal("lead@cb.example", followUp.LeadAuditorUpn);
        Assert.True(followUp.PlannedEnd < due);
        Assert.True(followUp.PlannedStart > Raised);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Without_a_recorded_action_the_policy_due_date_applies()
    {
        var followUp = Assert.Single(Planner.Plan([Major()], [_surveillance], [], Raised).Audits);

        Assert.True(followUp.PlannedEnd < Raised.AddDays(_options.MajorNonconformityDueDays));
    }

    [Fact]
    public void Internal_audits_and_minor_findings_get_no_follow_up()
    {
        var internalAudit = Audit("int-1", AuditType.Internal, Raised.AddDays(-1), Raised);

        Assert.Empty(Planner.Plan([Major("int-1")], [internalAudit], [], Raised).Audits);
        Assert.Empty(Planner.Plan([Major(type: FindingType.MinorNonconformity)], [_surveillance], [], Raised).Audits);
    }

    [Fact]
    public void Closing_the_action_early_brings_the_follow_up_forward()
    {
        var due = Raised.AddDays(30);
        var planned = Assert.Single(Planner.Plan([Major()], [_surveillance], [new CorrectiveActionDue("F1", due, null)], Raised).Audits);
        var register = new List<RecordedAudit> { _surveillance, planned.ToRecorded() };
        var closed = Raised.AddDays(3);

        var replanned = Assert.Single(Planner.Plan([Major()], register, [new CorrectiveActionDue("F1", due, closed)], closed).Audits);

        Assert.Equal(PlanAction.Update, replanned.Action);
        Assert.True(replanned.PlannedStart < planned.PlannedStart);
        Assert.InRange(replanned.PlannedStart, closed.AddDays(1), closed.AddDays(_options.FollowUpAfterClosureDays));
        Assert.True(replanned.PlannedEnd < due);

        var again = Assert.Single(Planner.Plan([Major()], Applied(register, [replanned]), [new CorrectiveActionDue("F1", due, closed)], closed.AddDays(1)).Audits);
        Assert.Equal(PlanAction.Keep, again.Action);
    }

    [Fact]
    public void ReplanAfterClosure_moves_a_planned_follow_up_earlier_and_leaves_a_started_one()
    {
        var due = Raised.AddDays(60);
        var planned = Assert.Single(Planner.Plan([Major()], [_surveillance], [new CorrectiveActionDue("F1", due, null)], Raised).Audits);
        var closed = Raised.AddDays(5);

        var earlier = Planner.ReplanAfterClosure(planned, closed, closed);

        Assert.Equal(PlanAction.Update, earlier.Action);
        Assert.Equal(closed.AddDays(_options.MinimumLeadDays), earlier.PlannedStart);
        Assert.True(earlier.WithinTarget);

        var started = planned with { Status = AuditStatus.InProgress };
        Assert.Equal(PlanAction.Locked, Planner.ReplanAfterClosure(started, closed, closed).Action);
    }

    [Fact]
    public void A_started_follow_up_is_never_replanned()
    {
        var inProgress = Audit("finding-F1:FollowUp", AuditType.FollowUp, Raised.AddDays(20), Raised.AddDays(20), AuditStatus.InProgress);

        var result = Planner.Plan([Major()], [_surveillance, inProgress], [new CorrectiveActionDue("F1", Raised.AddDays(30), Raised.AddDays(2))], Raised.AddDays(20));

        var locked = Assert.Single(result.Audits);
        Assert.Equal(PlanAction.Locked, locked.Action);
        Assert.Equal(inProgress.Start, locked.PlannedStart);
    }
}
