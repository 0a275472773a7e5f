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
            var entry = soa(control.Id);
            if (!entry.Applicable)
            {
                continue;
            }

            DateOnly? effective = latest.TryGetValue(control.Id, out var date) ? date : null;
            yield return new ControlFreshness(control, entry, effective, EvidenceFreshness.Assess(entry.ReviewFrequency.Months(), effective, today, dueSoonDays));
        }
    }
}
