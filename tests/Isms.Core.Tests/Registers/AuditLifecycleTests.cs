using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.Validation;
using Microsoft.Extensions.Time.Testing;

namespace Isms.Core.Tests.Registers;

public class AuditLifecycleTests
{
    private static readonly DateOnly Day = new(2026, 4, 1);

    [Theory]
    [InlineData(AuditStatus.Planned, AuditStatus.InProgress)]
    [InlineData(AuditStatus.InProgress, AuditStatus.Completed)]
    [InlineData(AuditStatus.Planned, AuditStatus.Cancelled)]
    [InlineData(AuditStatus.InProgress, AuditStatus.Cancelled)]
    public void Allowed_transitions_succeed(AuditStatus from, AuditStatus to)
    {
        var outcome = AuditLifecycle.ChangeStatus(TestData.Audit() with { Status = from }, to, Day);

        Assert.True(outcome.IsSuccess);
        Assert.Equal(to, outcome.Value.Status);
    }

    [Theory]
    [InlineData(AuditStatus.Planned, AuditStatus.Completed, "start the audit")]
    [InlineData(AuditStatus.InProgress, AuditStatus.Planned, "allowed next: Completed, Cancelled")]
    [InlineData(AuditStatus.Completed, AuditStatus.InProgress, "completed audit is final")]
    [InlineData(AuditStatus.Completed, AuditStatus.Cancelled, "completed audit is final")]
    [InlineData(AuditStatus.Cancelled, AuditStatus.Planned, "cancelled audit is final")]
    [InlineData(AuditStatus.Cancelled, AuditStatus.InProgress, "cancelled audit is final")]
    public void Refused_transitions_say_why(AuditStatus from, AuditStatus to, string reason)
    {
        var outcome = AuditLifecycle.ChangeStatus(TestData.Audit() with { Status = from }, to, Day);

        Assert.False(outcome.IsSuccess);
        Assert.Equal(RefusalCode.InvalidTransition, outcome.Refusal.Code);
        Assert.Equal("status", outcome.Refusal.Field);
        Assert.Contains(reason, outcome.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Starting_and_completing_record_the_actual_dates()
    {
        var started = AuditLifecycle.ChangeStatus(TestData.Audit(), AuditStatus.InProgress, Day).Value;
        var completed = AuditLifecycle.ChangeStatus(started, AuditStatus.Completed, Day.AddDays(1)).Value;

        Assert.Equal(Day, completed.ActualStart);
        Assert.Equal(Day.AddDays(1), completed.ActualEnd);
    }

    [Fact]
    public void Actual_dates_already_recorded_are_kept()
    {
        var audit = TestData.Audit() with { ActualStart = Day.AddDays(-1) };

        var started = AuditLifecycle.ChangeStatus(audit, AuditStatus.InProgress, Day).Value;

        Assert.Equal(Day.AddDays(-1), started.ActualStart);
    }

    [Fact]
    public void Asking_for_the_current_status_changes_nothing()
    {
        var audit = TestData.Audit() with { Status = AuditStatus.Completed };

        var outcome = AuditLifecycle.ChangeStatus(audit, AuditStatus.Completed, Day);

        Assert.Same(audit, outcome.Value);
    }

    [Fact]
    public void An_undefined_status_is_invalid()
    {
        var outcome = AuditLifecycle.ChangeStatus(TestData.Audit(), (AuditStatus)9, Day);

        Assert.Equal(RefusalCode.Invalid, outcome.Refusal!.Code);
    }

    [Fact]
    public void Final_statuses_allow_nothing_next()
    {
        Assert.Empty(AuditLifecycle.AllowedNext(AuditStatus.Completed));
        Assert.Empty(AuditLifecycle.AllowedNext(AuditStatus.Cancelled));
    }

    private static readonly SoaEntry[] NoOwners = [];

    private static AuditDraft Draft(params string[] scope) =>
        new(AuditType.Internal, "  Internal audit of risk  ", new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 2), TestData.Auditor, [], scope);

    [Fact]
    public void Planning_trims_the_title_and_spells_the_scope_as_the_catalogue_does()
    {
        var audit = AuditLifecycle.Plan("AUD-1", Draft("a.5.15", "6.1.2", "A.5.15"), NoOwners).Value;

        Assert.Equal(("AUD-1", "Internal audit of risk", AuditStatus.Planned), (audit.Id, audit.Title, audit.Status));
        Assert.Equal(["A.5.15", "6.1.2"], audit.Scope);
    }

    [Fact]
    public void Planning_names_each_missing_field_instead_of_complaining_about_its_placeholder()
    {
        var outcome = AuditLifecycle.Plan("AUD-1", Draft() with { Type = null, PlannedStart = null, PlannedEnd = null, Title = null }, NoOwners);

        Assert.Equal(RefusalCode.Invalid, outcome.Refusal!.Code);
        var errors = outcome.Refusal.Errors;
        Assert.Equal(["title", "plannedStart", "plannedEnd", "type"], errors.Keys);
        Assert.Equal(["plannedStart is required (a date like 2026-03-31)."], errors["plannedStart"]);
        Assert.Equal(["plannedEnd is required (a date like 2026-03-31)."], errors["plannedEnd"]);
        Assert.Equal(["type is required: one of Stage1, Stage2, Surveillance, Recertification, Internal, FollowUp, ManagementReview."], errors["type"]);
        Assert.Equal(["title is required."], errors["title"]);
    }

    [Fact]
    public void Planning_without_an_end_is_refused_even_though_the_start_would_do_as_one()
    {
        var outcome = AuditLifecycle.Plan("AUD-1", Draft() with { PlannedEnd = null }, NoOwners);

        Assert.Equal(["plannedEnd"], outcome.Refusal!.Errors.Keys);
    }

    [Fact]
    public void Planning_refuses_the_owner_of_a_clause_as_lead_of_an_audit_of_its_sub_clause()
    {
        var outcome = AuditLifecycle.Plan("AUD-1", Draft("6.1.2"), [new SoaEntry("6.1") { OwnerUpn = TestData.Auditor.ToUpperInvariant() }]);

        Assert.Contains("owns 6.1 in this audit's scope", Assert.Single(outcome.Refusal!.Errors["leadAuditorUpn"]), StringComparison.Ordinal);
    }

    public static TheoryData<AuditPlanChange> EachPlanField() =>
    [
        new(Title: "Renamed"),
        new(PlannedStart: new DateOnly(2026, 4, 1)),
        new(PlannedEnd: new DateOnly(2026, 4, 3)),
        new(LeadAuditorUpn: "other@contoso.com"),
        new(Auditors: ["member@contoso.com"]),
        new(Scope: ["A.5.1"]),
    ];

    [Theory]
    [MemberData(nameof(EachPlanField))]
    public void A_completed_audit_refuses_a_change_to_each_field_of_its_plan(AuditPlanChange change)
    {
        var completed = TestData.Audit() with { Status = AuditStatus.Completed, ActualStart = Day, ActualEnd = Day };

        var outcome = AuditLifecycle.ChangePlan(completed, change, NoOwners);

        Assert.Equal(RefusalCode.InvalidTransition, outcome.Refusal!.Code);
        Assert.Equal("Audit audit-1 is Completed; its plan can no longer change.", outcome.Refusal.Message);
        Assert.Equal(["The audit is Completed."], Assert.Single(outcome.Refusal.Errors, e => e.Key == "status").Value);
    }

    [Theory]
    [MemberData(nameof(EachPlanField))]
    public void A_cancelled_audit_refuses_a_change_to_each_field_of_its_plan(AuditPlanChange change)
    {
        var outcome = AuditLifecycle.ChangePlan(TestData.Audit() with { Status = AuditStatus.Cancelled }, change, NoOwners);

        Assert.Equal(("status", "Audit audit-1 is Cancelled; its plan can no longer change."), (outcome.Refusal!.Field, outcome.Refusal.Message));
    }

    [Theory]
    [InlineData(AuditStatus.Planned)]
    [InlineData(AuditStatus.InProgress)]
    public void An_audit_not_yet_finished_takes_a_new_plan(AuditStatus status)
    {
        var audit = TestData.Audit() with { Status = status };
        var change = new AuditPlanChange(" Renamed ", new DateOnly(2026, 4, 6), new DateOnly(2026, 4, 6), "other@contoso.com", ["member@contoso.com"], ["a.8.2"]);

        var changed = AuditLifecycle.ChangePlan(audit, change, NoOwners).Value;

        Assert.Equal(
            ("Renamed", new DateOnly(2026, 4, 6), new DateOnly(2026, 4, 6), "other@contoso.com", status),
            (changed.Title, changed.PlannedStart, changed.PlannedEnd, changed.LeadAuditorUpn, changed.Status));
        Assert.Equal(["member@contoso.com"], changed.Auditors);
        Assert.Equal(["A.8.2"], changed.Scope);
    }

    [Fact]
    public void An_empty_change_leaves_even_a_completed_audit_as_it_is()
    {
        var completed = TestData.Audit() with { Status = AuditStatus.Completed };

        Assert.Same(completed, AuditLifecycle.ChangePlan(completed, new AuditPlanChange(), NoOwners).Value);
    }

    [Fact]
    public void Sending_the_current_values_counts_as_an_edit_refused_on_a_completed_audit_and_changing_nothing_on_a_planned_one()
    {
        var planned = TestData.Audit();
        var same = new AuditPlanChange(planned.Title, planned.PlannedStart, planned.PlannedEnd, planned.LeadAuditorUpn, planned.Auditors, planned.Scope);

        Assert.Equal(RefusalCode.InvalidTransition, AuditLifecycle.ChangePlan(planned with { Status = AuditStatus.Completed }, same, NoOwners).Refusal!.Code);
        var unchanged = AuditLifecycle.ChangePlan(planned, same, NoOwners).Value;
        Assert.Equal((planned.Title, planned.PlannedStart, planned.PlannedEnd), (unchanged.Title, unchanged.PlannedStart, unchanged.PlannedEnd));
        Assert.Equal(planned.Scope, unchanged.Scope);
    }

    [Fact]
    public void A_changed_plan_is_validated_as_a_whole()
    {
        var outcome = AuditLifecycle.ChangePlan(TestData.Audit(), new AuditPlanChange(PlannedEnd: new DateOnly(2026, 3, 31)), NoOwners);

        Assert.Equal(RefusalCode.Invalid, outcome.Refusal!.Code);
        Assert.Contains("before plannedStart 2026-04-01", Assert.Single(outcome.Refusal.Errors["plannedEnd"]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_scope_is_refused_when_it_takes_in_the_area_of_an_auditor_and_the_member_is_named()
    {
        var audit = TestData.Audit() with { Auditors = ["member@contoso.com"] };
        SoaEntry[] soa = [new("6.1.3") { OwnerUpn = "Member@Contoso.com" }];

        var outcome = AuditLifecycle.ChangePlan(audit, new AuditPlanChange(Scope: ["6.1"]), soa);

        Assert.Contains("member@contoso.com owns 6.1.3", Assert.Single(outcome.Refusal!.Errors["auditors"]), StringComparison.Ordinal);
    }

    [Fact]
    public void One_request_can_change_the_plan_and_start_the_audit_on_the_day_the_clock_says()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 23, 59, 59, TimeSpan.Zero));
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        var started = AuditLifecycle.Change(TestData.Audit(), new AuditPlanChange(Title: "Started late"), AuditStatus.InProgress, NoOwners, today).Value;

        Assert.Equal(("Started late", AuditStatus.InProgress, new DateOnly(2026, 4, 1)), (started.Title, started.Status, started.ActualStart));
    }

    [Fact]
    public void An_audit_in_progress_can_be_edited_and_completed_in_one_request_and_is_then_final()
    {
        var inProgress = TestData.Audit() with { Status = AuditStatus.InProgress, ActualStart = Day };

        var completed = AuditLifecycle.Change(inProgress, new AuditPlanChange(PlannedEnd: Day.AddDays(3)), AuditStatus.Completed, NoOwners, Day.AddDays(3)).Value;
        var again = AuditLifecycle.Change(completed, new AuditPlanChange(Title: "After the fact"), AuditStatus.Completed, NoOwners, Day.AddDays(4));

        Assert.Equal((AuditStatus.Completed, Day.AddDays(3), Day.AddDays(3)), (completed.Status, completed.PlannedEnd, completed.ActualEnd));
        Assert.Equal(("status", RefusalCode.InvalidTransition), (again.Refusal!.Field, again.Refusal.Code));
    }

    [Fact]
    public void A_refused_plan_leaves_the_status_unchanged_and_a_refused_status_is_reported_after_a_valid_plan()
    {
        var badPlan = AuditLifecycle.Change(TestData.Audit(), new AuditPlanChange(LeadAuditorUpn: "not a upn"), AuditStatus.InProgress, NoOwners, Day);
        var badStatus = AuditLifecycle.Change(TestData.Audit(), new AuditPlanChange(Title: "Fine"), AuditStatus.Completed, NoOwners, Day);

        Assert.Equal(("leadAuditorUpn", RefusalCode.Invalid), (badPlan.Refusal!.Field, badPlan.Refusal.Code));
        Assert.Equal(("status", RefusalCode.InvalidTransition), (badStatus.Refusal!.Field, badStatus.Refusal.Code));
    }
}
