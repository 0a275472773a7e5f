using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.Programme;
using static Isms.Core.Tests.Programme.ProgrammeFixtures;

namespace Isms.Core.Tests.Programme;

public sealed class CoverageMatrixTests
{
    private readonly AuditProgrammeOptions _options = new();

    private static readonly ProgrammeControl[] Controls =
    [
        new("4.1", true, true, RiskRating.Low, null),
        new("A.5.15", false, true, RiskRating.High, "alice@contoso.com"),
        new("A.5.20", false, true, RiskRating.Medium, null),
        new("A.7.5", false, false, RiskRating.Low, null),
    ];

    private IReadOnlyList<CoverageRow> Build(IReadOnlyList<RecordedAudit> audits, IReadOnlyList<RecordedFinding> findings, IReadOnlyList<PlannedAudit> plan, DateOnly today) =>
        CoverageMatrix.Build(new ProgrammeState(Cycle, Controls, audits, findings, [], []), plan, today, _options);

    private static PlannedAudit Planned(string key, DateOnly start, params string[] scope) =>
        new(key, AuditType.Internal, key, new DateWindow(start, start.AddDays(30)), start, start.AddDays(1), scope, null, [], AuditStatus.Planned, PlanAction.Keep);

    [Fact]
    public void Shows_last_audited_and_next_planned_and_is_on_track_when_everything_is_covered()
    {
        var done = Audit("int-1", AuditType.Internal, Decision.AddDays(40), Decision.AddDays(41), scope: ["4.1", "A.5.15", "A.5.20"]);
        var next = Planned("int-2", Decision.AddMonths(11), "A.5.15");

        var rows = Build([done], [], [next], Decision.AddMonths(2));

        var high = rows.Single(r => r.ControlId == "A.5.15");
        Assert.Equal((Decision.AddDays(41), "int-1"), (high.LastAuditedOn!.Value, high.LastAuditId));
        Assert.Equal((Decision.AddMonths(11), "int-2"), (high.NextPlannedOn!.Value, high.NextPlannedKey));
        Assert.All(rows, r => Assert.True(r.OnTrack, r.Reason));
        var notApplicable = rows.Single(r => r.ControlId == "A.7.5");
        Assert.False(notApplicable.Applicable);
    }

    [Fact]
    public void A_control_with_no_audit_in_the_cycle_is_not_on_track()
    {
        var rows = Build([], [], [Planned("int-1", Decision.AddDays(40), "4.1", "A.5.15")], Decision);

        var missing = rows.Single(r => r.ControlId == "A.5.20");
        Assert.False(missing.OnTrack);
        Assert.Equal(CoverageMatrix.NotCoveredInCycle, missing.Reason);
    }

    [Fact]
    public void A_high_risk_control_not_audited_within_twelve_months_is_not_on_track()
    {
        var done = Audit("int-1", AuditType.Internal, Decision.AddDays(10), Decision.AddDays(11), scope: ["4.1", "A.5.15", "A.5.20"]);

        var late = Build([done], [], [], Decision.AddMonths(13)).Single(r => r.ControlId == "A.5.15");
        var plannedTooLate = Build([done], [], [Planned("int-2", Decision.AddMonths(14), "A.5.15")], Decision.AddMonths(2))
            .Single(r => r.ControlId == "A.5.15");

        Assert.Equal(CoverageMatrix.HighRiskNotAudited, late.Reason);
        Assert.Equal(CoverageMatrix.HighRiskNotAudited, plannedTooLate.Reason);
    }

    [Fact]
    public void A_major_nonconformity_not_re_audited_within_twelve_months_is_not_on_track()
    {
        var done = Audit("int-1", AuditType.Internal, Decision.AddDays(10), Decision.AddDays(11), scope: ["4.1", "A.5.15", "A.5.20"]);
        var major = new RecordedFinding("F1", "int-1", FindingType.MajorNonconformity, ["A.5.20"], Decision.AddDays(11));

        var unplanned = Build([done], [major], [Planned("int-2", Decision.AddMonths(6), "A.5.15")], Decision.AddMonths(1))
            .Single(r => r.ControlId == "A.5.20");
        var planned = Build([done], [major], [Planned("int-2", Decision.AddMonths(6), "A.5.15", "A.5.20")], Decision.AddMonths(1))
            .Single(r => r.ControlId == "A.5.20");

        Assert.Equal(CoverageMatrix.MajorNotReaudited, unplanned.Reason);
        Assert.True(planned.OnTrack, planned.Reason);
    }
}
