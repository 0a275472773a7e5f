using Isms.Core.Evidence;

namespace Isms.Core.Tests.Evidence;

public class EvidenceFreshnessTests
{
    private const int Monthly = 1;
    private const int Quarterly = 3;
    private const int Annual = 12;
    private static readonly DateOnly Effective = new(2026, 1, 15);

    [Theory]
    [InlineData("2026-01-15", EvidenceFreshnessState.Fresh)]
    [InlineData("2026-03-31", EvidenceFreshnessState.Fresh)] // 15 days left
    [InlineData("2026-04-01", EvidenceFreshnessState.DueSoon)] // 14 days left
    [InlineData("2026-04-15", EvidenceFreshnessState.DueSoon)] // last covered day
    [InlineData("2026-04-16", EvidenceFreshnessState.Stale)]
    [InlineData("2027-01-01", EvidenceFreshnessState.Stale)]
    public void Quarterly_evidence_states_at_the_boundaries(string today, EvidenceFreshnessState expected)
    {
        Assert.Equal(expected, EvidenceFreshness.Evaluate(Quarterly, Effective, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void No_evidence_is_missing()
    {
        var assessment = EvidenceFreshness.Assess(Quarterly, null, Effective);
        Assert.Equal(new EvidenceFreshnessAssessment(EvidenceFreshnessState.Missing, null, null, 0), assessment);
    }

    [Fact]
    public void Assessment_gives_the_coverage_end_and_the_days_either_side()
    {
        Assert.Equal(
            new EvidenceFreshnessAssessment(EvidenceFreshnessState.DueSoon, new DateOnly(2026, 4, 15), 14, 0),
            EvidenceFreshness.Assess(Quarterly, Effective, new DateOnly(2026, 4, 1)));
        Assert.Equal(
            new EvidenceFreshnessAssessment(EvidenceFreshnessState.Stale, new DateOnly(2026, 4, 15), null, 3),
            EvidenceFreshness.Assess(Quarterly, Effective, new DateOnly(2026, 4, 18)));
    }

    [Theory]
    [InlineData(1, "2026-02-15")]
    [InlineData(3, "2026-04-15")]
    [InlineData(6, "2026-07-15")]
    [InlineData(12, "2027-01-15")]
    public void Each_review_frequency_covers_its_months(int months, string coveredUntil)
    {
        var end = DateOnly.Parse(coveredUntil, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(end, EvidenceFreshness.CoveredUntil(Effective, months));
        Assert.Equal(EvidenceFreshnessState.DueSoon, EvidenceFreshness.Evaluate(months, Effective, end));
        Assert.Equal(EvidenceFreshnessState.Stale, EvidenceFreshness.Evaluate(months, Effective, end.AddDays(1)));
    }

    [Fact]
    public void Reminder_due_date_is_the_coverage_end_or_the_stable_missing_date()
    {
        var missingSince = new DateOnly(2026, 2, 1);
        Assert.Equal(new DateOnly(2026, 4, 15), EvidenceFreshness.Assess(Quarterly, Effective, Effective).ReminderDueDate(missingSince));
        Assert.Equal(missingSince, EvidenceFreshness.Assess(Quarterly, null, Effective).ReminderDueDate(missingSince));
    }

    [Fact]
    public void Month_ends_are_clamped()
    {
        Assert.Equal(new DateOnly(2026, 2, 28), EvidenceFreshness.CoveredUntil(new DateOnly(2026, 1, 31), Monthly));
        Assert.Equal(new DateOnly(2025, 2, 28), EvidenceFreshness.CoveredUntil(new DateOnly(2024, 2, 29), Annual));
        Assert.Equal(EvidenceFreshnessState.Stale, EvidenceFreshness.Evaluate(Monthly, new DateOnly(2026, 1, 31), new DateOnly(2026, 3, 1)));
    }

    [Fact]
    public void Warning_period_is_configurable()
    {
        var lastDay = new DateOnly(2026, 4, 15);
        Assert.Equal(EvidenceFreshnessState.Fresh, EvidenceFreshness.Evaluate(Quarterly, Effective, lastDay.AddDays(-1), dueSoonDays: 0));
        Assert.Equal(EvidenceFreshnessState.DueSoon, EvidenceFreshness.Evaluate(Quarterly, Effective, lastDay, dueSoonDays: 0));
        Assert.Equal(EvidenceFreshnessState.DueSoon, EvidenceFreshness.Evaluate(Quarterly, Effective, lastDay.AddDays(-30), dueSoonDays: 30));
    }

    [Fact]
    public void Nonsense_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EvidenceFreshness.Evaluate(0, Effective, Effective));
        Assert.Throws<ArgumentOutOfRangeException>(() => EvidenceFreshness.Evaluate(Quarterly, Effective, Effective, dueSoonDays: -1));
    }
}
