namespace Isms.Core.Evidence;

/// <summary>
/// Whether a control's evidence is current. What counts is the date the evidence speaks for (its
/// effective date), not when it was uploaded: evidence effective on E covers a control reviewed every
/// P months up to and including E + P months, and is stale from the day after.
/// </summary>
/// <remarks>
/// Months are added as calendar months, clamped to the month's end (31 January + 1 month = 28 or 29
/// February). The review frequency is taken as a number of months (Monthly 1, Quarterly 3, SemiAnnual 6,
/// Annual 12) so that this stays independent of how controls model it. The caller passes the latest
/// effective date that is not in the future; a future date is treated like any other.
/// </remarks>
public static class EvidenceFreshness
{
    public const int DefaultDueSoonDays = 14;

    /// <summary>The last day evidence effective on <paramref name="effectiveDate"/> covers.</summary>
    public static DateOnly CoveredUntil(DateOnly effectiveDate, int reviewPeriodMonths)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(reviewPeriodMonths);
        return effectiveDate.AddMonths(reviewPeriodMonths);
    }

    public static EvidenceFreshnessState Evaluate(int reviewPeriodMonths, DateOnly? latestEffectiveDate, DateOnly today, int dueSoonDays = DefaultDueSoonDays) =>
        Assess(reviewPeriodMonths, latestEffectiveDate, today, dueSoonDays).State;

    public static EvidenceFreshnessAssessment Assess(int reviewPeriodMonths, DateOnly? latestEffectiveDate, DateOnly today, int dueSoonDays = DefaultDueSoonDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(reviewPeriodMonths);
        ArgumentOutOfRangeException.ThrowIfNegative(dueSoonDays);
        if (latestEffectiveDate is not { } effective)
        {
            return new EvidenceFreshnessAssessment(EvidenceFreshnessState.Missing, null, null, 0);
        }

        var coveredUntil = CoveredUntil(effective, reviewPeriodMonths);
        var daysLeft = coveredUntil.DayNumber - today.DayNumber;
        return daysLeft switch
        {
            < 0 => new EvidenceFreshnessAssessment(EvidenceFreshnessState.Stale, coveredUntil, null, -daysLeft),
            _ when daysLeft <= dueSoonDays => new EvidenceFreshnessAssessment(EvidenceFreshnessState.DueSoon, coveredUntil, daysLeft, 0),
            _ => new EvidenceFreshnessAssessment(EvidenceFreshnessState.Fresh, coveredUntil, daysLeft, 0),
        };
    }
}
