using Isms.Core.Controls;
using Isms.Core.Evidence;
using Isms.Functions.Registers;

namespace Isms.Functions.Evidence;

/// <summary>
/// How current each applicable control's evidence is: the latest effective date (not the upload date) against the
/// control's review frequency from the SoA. Two reads: the SoA partition and the evidence index's control range.
/// </summary>
public sealed class EvidenceFreshnessReport(SoaRegister soa, EvidenceRegister register, IOptions<EvidenceOptions> options, Isms.Core.Time.OrganisationClock clock)
{
    public DateOnly Today => clock.Today;

    public async Task<IReadOnlyList<EvidenceFreshnessResponse>> AssessAsync(CancellationToken cancellationToken)
    {
        var today = Today;
        var rows = await soa.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var latest = await register.LatestEffectiveDatesAsync(today, cancellationToken).ConfigureAwait(false);
        var report = new List<EvidenceFreshnessResponse>();
        foreach (var control in ControlCatalogue.All)
        {
            var entry = rows[control.Id].Value;
            if (!entry.Applicable)
            {
                continue;
            }

            DateOnly? effective = latest.TryGetValue(control.Id, out var date) ? date : null;
            var assessment = EvidenceFreshness.Assess(entry.ReviewFrequency.Months(), effective, today, options.Value.DueSoonDays);
            report.Add(new EvidenceFreshnessResponse(
                control.Id, control.Title, entry.OwnerUpn, entry.ReviewFrequency, assessment.State, effective,
                assessment.CoveredUntil, assessment.DaysUntilStale, assessment.DaysStale));
        }

        return report;
    }
}
