namespace Isms.Core.Controls;

public static class ReviewFrequencyExtensions
{
    /// <summary>The length of one review period in calendar months.</summary>
    public static int Months(this ReviewFrequency frequency) => frequency switch
    {
        ReviewFrequency.Monthly => 1,
        ReviewFrequency.Quarterly => 3,
        ReviewFrequency.SemiAnnual => 6,
        ReviewFrequency.Annual => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "Unknown review frequency."),
    };

    /// <summary>
    /// The first day of the period that ends on <paramref name="today"/>: evidence effective on or after
    /// it still speaks for the control. Calendar months, not 30-day blocks, because owners think
    /// "last quarter", and AddMonths clamps month ends (31 May minus 3 months is 28/29 February).
    /// </summary>
    public static DateOnly PeriodStart(this ReviewFrequency frequency, DateOnly today) =>
        today.AddMonths(-frequency.Months());
}
