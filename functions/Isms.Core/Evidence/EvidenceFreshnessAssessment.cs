namespace Isms.Core.Evidence;

/// <param name="State">Fresh, due soon, stale or missing.</param>
/// <param name="CoveredUntil">The last day the latest evidence covers; null when there is none. Use it as the evidence reminder's due date.</param>
/// <param name="DaysUntilStale">Days left before it goes stale (0 on the last covered day); null when stale or missing.</param>
/// <param name="DaysStale">Days since it went stale; 0 unless stale.</param>
public sealed record EvidenceFreshnessAssessment(
    EvidenceFreshnessState State,
    DateOnly? CoveredUntil,
    int? DaysUntilStale,
    int DaysStale)
{
    /// <summary>
    /// The due date for the evidence reminder ladder: the last covered day, or for missing evidence a
    /// stable date the caller knows (such as when the control became applicable), so that the ledger keys
    /// of the ladder stay the same from run to run.
    /// </summary>
    public DateOnly ReminderDueDate(DateOnly missingSince) => CoveredUntil ?? missingSince;
}
