using Isms.Core.Controls;

namespace Isms.Core.Evidence;

/// <summary>One applicable clause or control, with the latest effective date of its evidence and what that makes it.</summary>
public sealed record ControlFreshness(Control Control, SoaEntry Entry, DateOnly? LatestEffectiveDate, EvidenceFreshnessAssessment Assessment)
{
    /// <summary>
    /// Every clause and applicable control in catalogue order, judged on its latest effective date against the review
    /// frequency the SoA gives it. The freshness report, the notices and the snapshot all take it from here.
    /// </summary>
    /// <param name="soa">The SoA entry of every control in the catalogue.</param>
    /// <param name="latest">Per control id, the latest effective date of its evidence not after <paramref name="today"/>.</param>
    public static IEnumerable<ControlFreshness> Of(Func<string, SoaEntry> soa, IReadOnlyDictionary<string, DateOnly> latest, DateOnly today, int dueSoonDays)
    {
        ArgumentNullException.ThrowIfNull(soa);
        ArgumentNullException.ThrowIfNull(latest);
        foreach (var control in ControlCatalogue.All)
        {
            if (Of(control, soa(control.Id), latest.TryGetValue(control.Id, out var date) ? date : null, today, dueSoonDays) is { } judged)
            {
                yield return judged;
            }
        }
    }

    /// <summary>One control judged alone (its page): null when its SoA entry makes it not applicable.</summary>
    /// <param name="latest">The latest effective date of its evidence not after <paramref name="today"/>, or null when it has none.</param>
    public static ControlFreshness? Of(Control control, SoaEntry entry, DateOnly? latest, DateOnly today, int dueSoonDays)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Applicable
            ? new ControlFreshness(control, entry, latest, EvidenceFreshness.Assess(entry.ReviewFrequency.Months(), latest, today, dueSoonDays))
            : null;
    }
}
