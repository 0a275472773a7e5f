using Isms.Core.Audits;
using Isms.Core.Programme;
using static Isms.Core.Tests.Programme.ProgrammeFixtures;

namespace Isms.Core.Tests.Programme;

public sealed class AuditorIndependenceTests
{
    private const string Alice = ProgrammeCatalogue.Alice;
    private const string Bob = ProgrammeCatalogue.Bob;
    private const string Carol = ProgrammeCatalogue.Carol;
    private readonly IReadOnlyList<ProgrammeControl> _controls = ProgrammeCatalogue.Build();

    private AuditorIndependence Independence => ProgrammeCatalogue.Independence(_controls);

    private static PlannedAudit InternalAudit(string key, IReadOnlyList<string> scope, string? lead = null, PlanAction action = PlanAction.Create) =>
        new(key, AuditType.Internal, key, new DateWindow(Decision, Decision.AddMonths(3)), Decision.AddDays(40), Decision.AddDays(41),
            scope, lead, [], AuditStatus.Planned, action);

    private bool Independent(PlannedAudit audit) =>
        Independence.Conflicts(Isms.Core.Audits.Audit.TeamOf(audit.LeadAuditorUpn, audit.Auditors), audit.Scope).Count == 0;

    [Fact]
    public void An_auditor_who_owns_a_control_in_scope_is_not_independent_of_it_whatever_the_case_of_the_upn()
    {
        Assert.Equal(["A.5.15"], Independence.OwnedInScope("ALICE@contoso.com", ["A.5.1", "A.5.15"]));
        Assert.True(Independence.IsIndependent(Alice, ["A.5.1"]));
    }

    [Fact]
    public void Team_members_are_checked_as_well_as_the_lead()
    {
        var conflict = Assert.Single(Independence.Conflicts([Carol, Bob], ["A.8.1"]));

        Assert.Equal(Bob, conflict.AuditorUpn);
        Assert.Equal(["A.8.1"], conflict.Owned);
    }

    [Fact]
    public void The_assigner_never_picks_an_owner_of_a_control_in_scope()
    {
        var audits = new[]
        {
            InternalAudit("q1", ["A.5.15", "A.8.1"]),
            InternalAudit("q2", ["A.5.16"]),
            InternalAudit("q3", ["A.8.2"]),
        };

        var result = AuditorAssigner.Assign(audits, [Alice, Bob, Carol], Independence);

        Assert.Empty(result.Problems);
        Assert.Equal(Carol, result.Audits[0].LeadAuditorUpn);
        Assert.NotEqual(Alice, result.Audits[1].LeadAuditorUpn);
        Assert.NotEqual(Bob, result.Audits[2].LeadAuditorUpn);
        Assert.All(result.Audits, a => Assert.True(Independent(a)));
    }

    [Fact]
    public void The_assigner_reports_an_audit_it_cannot_staff()
    {
        var result = AuditorAssigner.Assign([InternalAudit("q1", ["A.5.15", "A.8.1"])], [Alice, Bob], Independence);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("q1", problem.AuditKey);
        Assert.Null(result.Audits[0].LeadAuditorUpn);
    }

    [Fact]
    public void The_assigner_keeps_an_independent_assignment_and_replaces_one_that_became_a_conflict()
    {
        var kept = InternalAudit("q1", ["A.5.1"], lead: Alice, action: PlanAction.Keep);
        var conflicted = InternalAudit("q2", ["A.5.15"], lead: Alice, action: PlanAction.Keep);

        var result = AuditorAssigner.Assign([kept, conflicted], [Alice, Bob, Carol], Independence);

        Assert.Equal(Alice, result.Audits[0].LeadAuditorUpn);
        Assert.Equal(PlanAction.Keep, result.Audits[0].Action);
        Assert.NotEqual(Alice, result.Audits[1].LeadAuditorUpn);
        Assert.Equal(PlanAction.Update, result.Audits[1].Action);
    }

    [Fact]
    public void The_programme_flags_an_existing_conflict_on_an_audit_in_progress()
    {
        var inProgress = InternalAudit("q1", ["A.8.1"], lead: Bob) with { Status = AuditStatus.InProgress, Action = PlanAction.Locked };
        var completed = inProgress with { Key = "q0", Status = AuditStatus.Completed };

        var conflicts = IndependenceConflict.Find([inProgress, completed], Independence);

        var conflict = Assert.Single(conflicts);
        Assert.Equal(("q1", Bob, "A.8.1"), (conflict.AuditKey, conflict.AuditorUpn, conflict.ControlId));
        Assert.Equal("bob@contoso.com owns A.8.1 and so cannot audit it in q1.", conflict.Message);
    }

    [Fact]
    public void Planning_with_a_pool_of_owners_only_reports_staffing_problems_instead_of_assigning_them()
    {
        var planner = new AuditProgrammePlanner(At(Decision), new AuditProgrammeOptions());

        var plan = planner.Plan(new ProgrammeState(Cycle, _controls, [], [], [], [Alice, Bob]));

        Assert.NotEmpty(plan.StaffingProblems);
        Assert.Empty(plan.Conflicts);
        Assert.All(plan.Audits.Where(a => a.Type == AuditType.Internal), a => Assert.True(Independent(a)));
    }
}
