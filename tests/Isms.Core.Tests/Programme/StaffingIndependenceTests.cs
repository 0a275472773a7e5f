using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.Programme;
using static Isms.Core.Tests.Programme.ProgrammeFixtures;

namespace Isms.Core.Tests.Programme;

/// <summary>The planner staffs audits under the same independence rule as the API that edits them later.</summary>
public sealed class StaffingIndependenceTests
{
    private const string Alice = ProgrammeCatalogue.Alice;
    private const string Bob = ProgrammeCatalogue.Bob;
    private static readonly string FirstPeriod = AuditKeys.Internal(Cycle.Key, 1, 1, 4);

    /// <summary>The real catalogue, clauses and sub-clauses, with the given owners.</summary>
    private static List<ProgrammeControl> Owned(params (string ControlId, string Owner)[] owners) =>
        [.. ControlCatalogue.All.Select(c => new ProgrammeControl(
            c.Id, !c.IsAnnexA, true, RiskRating.Medium, owners.FirstOrDefault(o => o.ControlId == c.Id).Owner))];

    /// <summary>The first period's internal audit, starting today, so the planner keeps its scope.</summary>
    private static RecordedAudit StartingToday(IReadOnlyList<string> scope, string? lead = null, IReadOnlyList<string>? team = null) =>
        new(FirstPeriod, AuditType.Internal, Decision.AddDays(10), Decision.AddDays(11), AuditStatus.Planned, scope, lead, team ?? []);

    private static ProgrammePlan Plan(IReadOnlyList<ProgrammeControl> controls, IReadOnlyList<RecordedAudit> audits, params string[] pool) =>
        new AuditProgrammePlanner(At(Decision.AddDays(10)), new AuditProgrammeOptions())
            .Plan(new ProgrammeState(Cycle, controls, audits, [], [], pool));

    [Fact]
    public void The_owner_of_a_clause_is_never_made_lead_of_an_audit_of_its_sub_clause()
    {
        var controls = Owned(("6.1", Alice));

        var plan = Plan(controls, [StartingToday(["6.1.2"])], Alice);

        var planned = Assert.Single(plan.Audits, a => a.Key == FirstPeriod);
        Assert.NotEqual(Alice, planned.LeadAuditorUpn, StringComparer.OrdinalIgnoreCase);
        Assert.Contains(plan.StaffingProblems, p => p.AuditKey == FirstPeriod);

        // Had Alice been assigned, the API would refuse every later edit of the audit (here: its title).
        var soa = controls.Select(c => new SoaEntry(c.Id) { OwnerUpn = c.OwnerUpn }).ToList();
        var edited = planned.ToAudit() with { Title = "Internal audit of risk assessment", LeadAuditorUpn = Alice };
        Assert.Contains("owns 6.1", Assert.Single(AuditValidator.Validate(edited, soa).For("leadAuditorUpn")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_owner_of_a_sub_clause_is_never_made_lead_of_an_audit_of_its_clause_and_another_auditor_is()
    {
        var plan = Plan(Owned(("6.1.2", Alice)), [StartingToday(["6.1"])], Alice, Bob);

        var planned = Assert.Single(plan.Audits, a => a.Key == FirstPeriod);
        Assert.Equal(Bob, planned.LeadAuditorUpn);
        Assert.DoesNotContain(plan.StaffingProblems, p => p.AuditKey == FirstPeriod);
    }

    [Fact]
    public void A_lead_who_came_to_own_part_of_the_scope_is_replaced_and_the_register_is_told()
    {
        var plan = Plan(Owned(("6.1", Alice)), [StartingToday(["6.1.2"], lead: Alice)], Alice, Bob);

        var planned = Assert.Single(plan.Audits, a => a.Key == FirstPeriod);
        Assert.Equal((Bob, PlanAction.Update), (planned.LeadAuditorUpn, planned.Action));
        Assert.Empty(plan.Conflicts);
    }

    [Fact]
    public void A_lead_nobody_can_replace_is_cleared_from_the_register_not_kept_there()
    {
        var plan = Plan(Owned(("6.1", Alice)), [StartingToday(["6.1.2"], lead: Alice)], Alice);

        var planned = Assert.Single(plan.Audits, a => a.Key == FirstPeriod);
        var recorded = planned.ToAudit() with { LeadAuditorUpn = Alice, Title = "Renamed by hand" };
        var written = planned.ApplyTo(recorded);

        Assert.Equal((PlanAction.Update, string.Empty, "Renamed by hand"), (planned.Action, written.LeadAuditorUpn, recorded.Title));
        Assert.Contains(plan.StaffingProblems, p => p.AuditKey == FirstPeriod);
    }

    [Fact]
    public void A_team_member_who_owns_part_of_the_scope_is_taken_off_the_team_and_reported()
    {
        var plan = Plan(Owned(("6.1", Alice)), [StartingToday(["6.1.3"], lead: Bob, team: [Alice, "carol@contoso.com"])], Bob);

        var planned = Assert.Single(plan.Audits, a => a.Key == FirstPeriod);
        Assert.Equal(["carol@contoso.com"], planned.Auditors);
        Assert.Equal(PlanAction.Update, planned.Action);
        var problem = Assert.Single(plan.StaffingProblems, p => p.AuditKey == FirstPeriod);
        Assert.Contains("alice@contoso.com owns 6.1", problem.Reason, StringComparison.Ordinal);
        Assert.Empty(plan.Conflicts);
    }

    [Fact]
    public void A_follow_up_does_not_inherit_a_lead_who_owns_what_it_verifies()
    {
        // The lead recorded on the surveillance audit owns clause 6.1; its major nonconformity concerns 6.1.2.
        var surveillance = Audit(
            AuditKeys.Surveillance(Cycle.Key, 1), AuditType.Surveillance, Decision.AddDays(2), Decision.AddDays(3), lead: Alice);
        var finding = new RecordedFinding("F-1", surveillance.Id, FindingType.MajorNonconformity, ["6.1.2"], Decision.AddDays(3));
        var planner = new AuditProgrammePlanner(At(Decision.AddDays(5)), new AuditProgrammeOptions());

        var plan = planner.Plan(new ProgrammeState(Cycle, Owned(("6.1", Alice)), [surveillance], [finding], [], [Bob]));

        var followUp = Assert.Single(plan.Audits, a => a.Key == AuditKeys.FollowUp("F-1"));
        Assert.Null(followUp.LeadAuditorUpn);
        Assert.Contains("owns 6.1", Assert.Single(plan.StaffingProblems, p => p.AuditKey == followUp.Key).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lead_chosen_from_outside_the_pool_is_kept_while_independent_when_the_pool_has_nobody()
    {
        const string Outsider = "outsider@contoso.com";

        var plan = Plan(Owned(("6.1", Alice)), [StartingToday(["6.1.2"], lead: Outsider)], Alice);

        var planned = Assert.Single(plan.Audits, a => a.Key == FirstPeriod);
        Assert.Equal((Outsider, PlanAction.Keep), (planned.LeadAuditorUpn, planned.Action));
        Assert.Contains(plan.StaffingProblems, p => p.AuditKey == FirstPeriod);
    }

    [Fact]
    public void An_unstaffed_audit_recorded_with_a_blank_lead_is_kept_not_replanned_every_run()
    {
        var plan = Plan(Owned(("6.1", Alice)), [StartingToday(["6.1.2"], lead: "")]);

        var planned = Assert.Single(plan.Audits, a => a.Key == FirstPeriod);
        Assert.Equal(PlanAction.Keep, planned.Action);
        Assert.Equal("No internal auditors are configured.", Assert.Single(plan.StaffingProblems, p => p.AuditKey == FirstPeriod).Reason);
    }
}
