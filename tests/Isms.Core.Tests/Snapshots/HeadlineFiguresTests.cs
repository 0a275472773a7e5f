using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.Evidence;
using Isms.Core.Snapshots;

namespace Isms.Core.Tests.Snapshots;

public sealed class HeadlineFiguresTests
{
    [Fact]
    public void Implementation_counts_only_applicable_Annex_A_controls()
    {
        var tally = new HeadlineTally();
        tally.Control(isAnnexA: true, applicable: true, ImplementationStatus.Implemented);
        tally.Control(isAnnexA: true, applicable: true, ImplementationStatus.Partial);
        tally.Control(isAnnexA: true, applicable: true, ImplementationStatus.NotStarted);
        tally.Control(isAnnexA: true, applicable: false, ImplementationStatus.Implemented);
        tally.Control(isAnnexA: false, applicable: true, ImplementationStatus.Implemented);

        var figures = tally.Build();

        Assert.Equal(3, figures.ApplicableControls);
        Assert.Equal(1, figures.ImplementedControls);
        Assert.Equal(33.3, figures.ImplementationPercent);
    }

    [Fact]
    public void Overdue_actions_stale_evidence_and_open_nonconformities_are_counted()
    {
        var tally = new HeadlineTally();
        tally.OpenCorrectiveAction(daysOverdue: 0);
        tally.OpenCorrectiveAction(daysOverdue: 3);
        tally.OpenCorrectiveAction(daysOverdue: 40);
        foreach (var state in new[] { EvidenceFreshnessState.Fresh, EvidenceFreshnessState.DueSoon, EvidenceFreshnessState.Stale, EvidenceFreshnessState.Missing })
        {
            tally.Freshness(state);
        }

        tally.OpenFinding(FindingType.MajorNonconformity);
        tally.OpenFinding(FindingType.MinorNonconformity);
        tally.OpenFinding(FindingType.MinorNonconformity);
        tally.OpenFinding(FindingType.Observation);
        tally.EvidenceVersion();

        var figures = tally.Build();

        Assert.Equal(3, figures.OpenCorrectiveActions);
        Assert.Equal(2, figures.OverdueCorrectiveActions);
        Assert.Equal(4, figures.ControlsAssessed);
        Assert.Equal(1, figures.StaleEvidenceControls);
        Assert.Equal(1, figures.MissingEvidenceControls);
        Assert.Equal(50, figures.StaleEvidencePercent);
        Assert.Equal(1, figures.OpenMajorNonconformities);
        Assert.Equal(2, figures.OpenMinorNonconformities);
        Assert.Equal(1, figures.EvidenceVersions);
    }

    [Fact]
    public void An_empty_ISMS_has_zero_percentages_not_a_division_error()
    {
        var figures = new HeadlineTally().Build();

        Assert.Equal(0, figures.ImplementationPercent);
        Assert.Equal(0, figures.StaleEvidencePercent);
    }

    [Theory]
    [InlineData(0, "0-30 days")]
    [InlineData(30, "0-30 days")]
    [InlineData(31, "31-60 days")]
    [InlineData(90, "61-90 days")]
    [InlineData(180, "91-180 days")]
    [InlineData(181, "over 180 days")]
    public void Ages_fall_into_bands(int days, string band) => Assert.Equal(band, CorrectiveActionAgeing.Band(days));

    [Fact]
    public void Age_is_counted_in_whole_days_from_the_day_raised_and_never_negative()
    {
        var today = new DateOnly(2026, 3, 31);
        Assert.Equal(30, CorrectiveActionAgeing.AgeDays(new DateOnly(2026, 3, 1), today));
        Assert.Equal(0, CorrectiveActionAgeing.AgeDays(new DateOnly(2026, 4, 2), today));
    }
}
