namespace Isms.Core.Programme;

/// <summary>The target window of an audit: it should start no sooner than EarliestStart and end no later than LatestEnd.</summary>
public sealed record DateWindow(DateOnly EarliestStart, DateOnly LatestEnd)
{
    public bool Contains(DateOnly start, DateOnly end) => start >= EarliestStart && end <= LatestEnd && start <= end;

    /// <summary>Whether an audit of this many days can still fit, starting today or later.</summary>
    public bool CanFit(int durationDays, DateOnly today)
    {
        var first = EarliestStart > today ? EarliestStart : today;
        return first.AddDays(durationDays - 1) <= LatestEnd;
    }
}
