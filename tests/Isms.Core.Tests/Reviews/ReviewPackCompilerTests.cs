using Isms.Core.Audits;
using Isms.Core.CorrectiveActions;
using Isms.Core.Evidence;
using Isms.Core.Reviews;
using Isms.Core.Risks;
using Isms.Core.Snapshots;
using Isms.Core.Time;
using Microsoft.Extensions.Time.Testing;

namespace Isms.Core.Tests.Reviews;

/// <summary>The 9.3.2 inputs compiled from the registers for the period since the previous review.</summary>
public sealed class ReviewPackCompilerTests
{
    private const string Manager = "isms.manager@contoso.example";
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly DateOnly PreviousHeld = new(2025, 9, 1);
    private readonly RiskRules _rules = new(RiskMatrix.Default);

    private static DateTimeOffset At(int year, int month, int day) => new(year, month, day, 10, 0, 0, TimeSpan.Zero);

    private static ManagementReview Review(string id, DateOnly planned, ReviewStatus status = ReviewStatus.Planned, DateOnly? held = null) => new()
    {
        Id = id,
        PlannedDate = planned,
        HeldOn = held,
        Status = status,
        CreatedAt = Now,
        CreatedBy = Manager,
        ChangesInIssues = "A new regulator for the payments business.",
        Feedback = "Customers asked for our SOC report.",
    };

    private static Finding Finding(string id, FindingType type, DateTimeOffset raised, string? auditId = "AUD-1", FindingSource source = FindingSource.Audit) => new()
    {
        Id = id,
        AuditId = auditId,
        Source = auditId is null ? source : FindingSource.Audit,
        Reference = auditId is null ? "REF-1" : null,
        Type = type,
        ControlIds = ["A.5.24"],
        Description = id,
        RaisedBy = Manager,
        RaisedAt = raised,
    };

    private static CorrectiveAction Action(string id, ActionKind kind, DateTimeOffset created, DateOnly due, string? findingId = null, string? origin = null, DateTimeOffset? closed = null) => new()
    {
        Id = id,
        Kind = kind,
        FindingId = findingId,
        Origin = origin,
        OwnerUpn = "owner@contoso.example",
        Correction = id,
        DueDate = due,
        Status = closed is null ? CorrectiveActionStatus.Open : CorrectiveActionStatus.Closed,
        CreatedAt = created,
        ClosedAt = closed,
    };

    private static Risk Risk(string id, int likelihood, int impact, bool accepted, DateTimeOffset created) => new()
    {
        Id = id,
        Title = id,
        Asset = "a",
        Threat = "t",
        Vulnerability = "v",
        OwnerUpn = "owner@contoso.example",
        Likelihood = likelihood,
        Impact = impact,
        ReviewDate = Today.AddDays(id == "RISK-3" ? -1 : 100),
        Treatment = new RiskTreatment(RiskTreatmentOption.Modify, ["A.8.24"], likelihood, impact),
        Acceptance = accepted ? new RiskDecision("owner@contoso.example", null, created, likelihood, impact, null) : null,
        CreatedAt = created,
    };

    private ReviewPack Compile(DateOnly? heldOn = null)
    {
        var previous = Review("MR-0", PreviousHeld, ReviewStatus.Completed, PreviousHeld);
        var current = Review("MR-1", Today, heldOn is null ? ReviewStatus.Planned : ReviewStatus.Completed, heldOn);
        var findings = new[]
        {
            Finding("F-old", FindingType.MajorNonconformity, At(2025, 8, 1), auditId: "AUD-0"),
            Finding("F-major", FindingType.MajorNonconformity, At(2025, 10, 1)),
            Finding("F-minor", FindingType.MinorNonconformity, At(2025, 11, 1), auditId: null, source: FindingSource.Incident),
            Finding("F-complaint", FindingType.MinorNonconformity, At(2025, 12, 1), auditId: null, source: FindingSource.Complaint),
            Finding("F-ofi", FindingType.OpportunityForImprovement, At(2026, 1, 5)),
        };
        var actions = new[]
        {
            Action("CA-old", ActionKind.Corrective, At(2025, 8, 2), new DateOnly(2025, 9, 30), "F-old", closed: At(2025, 9, 20)),
            Action("CA-major", ActionKind.Corrective, At(2025, 10, 2), new DateOnly(2026, 2, 1), "F-major"),
            Action("CA-minor", ActionKind.Corrective, At(2025, 11, 2), new DateOnly(2026, 6, 1), "F-minor", closed: At(2026, 1, 10)),
            Action("CA-ofi", ActionKind.Improvement, At(2026, 1, 6), new DateOnly(2026, 4, 1), "F-ofi"),
            Action("CA-prev", ActionKind.ReviewOutput, At(2025, 9, 2), new DateOnly(2025, 12, 1), origin: "management-reviews/MR-0"),
            Action("CA-treat", ActionKind.Treatment, At(2025, 10, 2), new DateOnly(2026, 1, 1), origin: "risks/RISK-1"),
        };
        var audits = new[]
        {
            new Audit { Id = "AUD-1", Type = AuditType.Internal, Title = "Access control", PlannedStart = new(2025, 9, 29), PlannedEnd = new(2025, 10, 1), LeadAuditorUpn = "a@contoso.example", Status = AuditStatus.Completed },
            new Audit { Id = "AUD-0", Type = AuditType.Internal, Title = "Before", PlannedStart = new(2025, 7, 1), PlannedEnd = new(2025, 7, 2), LeadAuditorUpn = "a@contoso.example", Status = AuditStatus.Completed },
            new Audit { Id = "AUD-2", Type = AuditType.Internal, Title = "Late", PlannedStart = new(2026, 2, 1), PlannedEnd = new(2026, 2, 2), LeadAuditorUpn = "a@contoso.example" },
        };
        var headline = new HeadlineFigures(90, 45, 50, 4, 1, 100, 10, 5, 15, 1, 2, 40);
        var snapshots = new[]
        {
            new SnapshotPoint("SNAP-1", At(2025, 8, 1), headline, false),
            new SnapshotPoint("SNAP-2", At(2025, 10, 1), headline with { ImplementationPercent = 60 }, false),
            new SnapshotPoint("SNAP-3", At(2026, 2, 1), headline with { ImplementationPercent = 70 }, true),
        };
        var risks = new[] { Risk("RISK-1", 5, 5, false, At(2025, 10, 1)), Risk("RISK-2", 1, 2, true, At(2025, 1, 1)), Risk("RISK-3", 2, 2, false, At(2025, 12, 1)) };
        var compiler = new ReviewPackCompiler(_rules, new OrganisationClock(new FakeTimeProvider(Now), TimeZoneInfo.Utc));
        return compiler.Compile(new ReviewPackInputs(
            current, [previous, current], findings, actions, audits, snapshots,
            [EvidenceFreshnessState.Fresh, EvidenceFreshnessState.Fresh, EvidenceFreshnessState.Stale, EvidenceFreshnessState.Missing],
            risks, id => "management-reviews/" + id, "risks/"));
    }

    [Fact]
    public void The_pack_covers_the_period_since_the_previous_review()
    {
        var pack = Compile();

        Assert.Equal((PreviousHeld.AddDays(1), Today), (pack.From, pack.To));
        Assert.Equal("MR-0", pack.PreviousReviewId);
    }

    [Fact]
    public void A_held_review_reads_the_registers_as_they_stood_the_day_it_was_held()
    {
        var pack = Compile(heldOn: new DateOnly(2025, 12, 31));

        Assert.Equal(new DateOnly(2025, 12, 31), pack.To);
        Assert.Empty(pack.Improvement.Opportunities); // raised in January
        Assert.Equal(["SNAP-2"], pack.Monitoring.Trend.Select(t => t.SnapshotId));
        Assert.Equal((2, 1), (pack.Nonconformities.ActionsOpenNow, pack.Nonconformities.ActionsClosed)); // CA-minor closed in January: open then
        Assert.Equal(["F-major", "F-minor", "F-complaint"], pack.Nonconformities.Open.Select(f => f.Id));
        Assert.Equal((3, 0), (pack.Risks.Assessed, pack.Risks.ReviewOverdue));
        Assert.Equal(CorrectiveActionStatus.Open, pack.PreviousActions.Actions.Single().Status);
    }

    [Fact]
    public void Actions_from_previous_reviews_are_listed_with_their_status()
    {
        var a = Compile().PreviousActions;

        Assert.Equal("9.3.2 a", a.Input);
        Assert.Equal(["CA-prev"], a.Actions.Select(x => x.Id));
        Assert.Equal((1, 1, 0), (a.Open, a.Overdue, a.Closed));
    }

    [Fact]
    public void Nonconformities_and_corrective_actions_of_the_period_are_counted()
    {
        var d1 = Compile().Nonconformities;

        Assert.Equal((1, 2, 2), (d1.MajorsRaised, d1.MinorsRaised, d1.RaisedOutsideAudits));
        Assert.Equal(["F-major", "F-complaint"], d1.Open.Select(f => f.Id));
        Assert.Equal((2, 2, 1, 1), (d1.ActionsOpened, d1.ActionsClosed, d1.ActionsOpenNow, d1.ActionsOverdueNow));
        Assert.Equal("Complaint REF-1", d1.Open.Single(f => f.Id == "F-complaint").Origin);
    }

    [Fact]
    public void Monitoring_shows_freshness_now_and_the_trend_across_the_periods_snapshots()
    {
        var d2 = Compile().Monitoring;

        Assert.Equal((2, 0, 1, 1), (d2.Fresh, d2.DueSoon, d2.Stale, d2.Missing));
        Assert.Equal(["SNAP-2", "SNAP-3"], d2.Trend.Select(t => t.SnapshotId));
        Assert.Equal([60.0, 70.0], d2.Trend.Select(t => t.ImplementationPercent));
    }

    [Fact]
    public void Audit_results_are_the_audits_completed_in_the_period_with_what_they_found()
    {
        var d3 = Compile().AuditResults;

        var audit = Assert.Single(d3.Audits);
        Assert.Equal(("AUD-1", 1, 0, 1), (audit.Id, audit.Majors, audit.Minors, audit.Opportunities));
        Assert.Equal(1, d3.OverdueNow);
    }

    [Fact]
    public void Written_inputs_come_from_the_review_and_complaints_from_the_register()
    {
        var pack = Compile();

        Assert.Equal("A new regulator for the payments business.", pack.ChangesInIssues.Text);
        Assert.Null(pack.Objectives.Text);
        Assert.Equal("Customers asked for our SOC report.", pack.Feedback.Text);
        Assert.Equal(["F-complaint"], pack.Feedback.Complaints.Select(c => c.Id));
    }

    [Fact]
    public void Risks_show_the_register_and_the_treatment_plan()
    {
        var f = Compile().Risks;

        Assert.Equal((3, 2, 1, 1), (f.Assessed, f.AssessedInPeriod, f.AboveCriteria, f.AwaitingApproval));
        Assert.Equal((1, 1), (f.Accepted, f.ReviewOverdue));
        Assert.Equal((1, 1, 0), (f.TreatmentActionsOpen, f.TreatmentActionsOverdue, f.TreatmentActionsClosed));
        Assert.Equal("RISK-1", f.Highest[0].Id);
    }

    [Fact]
    public void Improvement_lists_the_periods_opportunities_and_their_actions()
    {
        var g = Compile().Improvement;

        Assert.Equal((1, 1), (g.Raised, g.WithActions));
        Assert.Equal(["CA-ofi"], g.Actions.Select(a => a.Id));
    }
}
