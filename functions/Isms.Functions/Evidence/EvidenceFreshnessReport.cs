using Isms.Core.Controls;
using Isms.Core.Evidence;
using Isms.Functions.Registers;

namespace Isms.Functions.Evidence;

/// <summary>
/// How current each applicable control's evidence is: the latest effective date (not the upload date) against the
/// control's review frequency from the SoA. Two reads: the SoA partition and the evidence index's control range (for one control: its entry and its partition).
/// </summary>
public sealed class EvidenceFreshnessReport(SoaRegister soa, EvidenceRegister register, IOptions<EvidenceOptions> options, Isms.Core.Time.OrganisationClock clock)
{
    public DateOnly Today => clock.Today;

    public async Task<IReadOnlyList<EvidenceFreshnessResponse>> AssessAsync(CancellationToken cancellationToken)
    {
        var today = Today;
        var rows = await soa.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var latest = await register.LatestEffectiveDatesAsync(today, cancellationToken).ConfigureAwait(false);
        return [.. ControlFreshness.Of(id => rows[id].Value, latest, today, options.Value.DueSoonDays).Select(Response)];
    }

    /// <summary>
    /// One control alone, as <see cref="AssessAsync(CancellationToken)"/> judges it: its SoA entry and its own index
    /// partition, two reads whatever the size of the register. Null when the control is not applicable (or not one).
    /// </summary>
    public async Task<EvidenceFreshnessResponse?> AssessAsync(string controlId, CancellationToken cancellationToken)
    {
        if (!ControlCatalogue.TryGet(controlId, out var control))
        {
            return null;
        }

        var today = Today;
        var entry = await soa.GetAsync(control.Id, cancellationToken).ConfigureAwait(false);
        var latest = await register.LatestEffectiveDateAsync(control.Id, today, cancellationToken).ConfigureAwait(false);
        return ControlFreshness.Of(control, entry.Value, latest, today, options.Value.DueSoonDays) is { } judged ? Response(judged) : null;
    }

    private static EvidenceFreshnessResponse Response(ControlFreshness c) => new(
        c.Control.Id, c.Control.Title, c.Entry.OwnerUpn, c.Entry.ReviewFrequency, c.Assessment.State, c.LatestEffectiveDate,
        c.Assessment.CoveredUntil, c.Assessment.DaysUntilStale, c.Assessment.DaysStale)
    {
        OwnerObjectId = c.Entry.OwnerObjectId,
    };
}
