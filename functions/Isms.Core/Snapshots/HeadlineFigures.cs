using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.Evidence;

namespace Isms.Core.Snapshots;

/// <summary>
/// The figures top management reads first. Percentages have one decimal. Also the manifest's <c>headline</c> section
/// (see <see cref="SnapshotManifest"/>): its members are part of the sealed format.
/// </summary>
/// <param name="ApplicableControls">Applicable Annex A controls.</param>
/// <param name="ImplementedControls">Of those, fully implemented.</param>
/// <param name="ImplementationPercent">Implemented over applicable Annex A controls.</param>
/// <param name="OpenCorrectiveActions">Actions not yet closed.</param>
/// <param name="OverdueCorrectiveActions">Open or in-progress actions past their due date.</param>
/// <param name="ControlsAssessed">Controls whose evidence freshness is judged: every clause and applicable control.</param>
/// <param name="StaleEvidenceControls">Of those, controls whose latest evidence no longer covers today.</param>
/// <param name="MissingEvidenceControls">Of those, controls with no evidence at all.</param>
/// <param name="StaleEvidencePercent">Stale or missing over assessed: the share of controls without current evidence.</param>
/// <param name="OpenMajorNonconformities">Major nonconformities not closed.</param>
/// <param name="OpenMinorNonconformities">Minor nonconformities not closed.</param>
/// <param name="EvidenceVersions">Evidence files listed in the manifest.</param>
public sealed record HeadlineFigures(
    int ApplicableControls,
    int ImplementedControls,
    double ImplementationPercent,
    int OpenCorrectiveActions,
    int OverdueCorrectiveActions,
    int ControlsAssessed,
    int StaleEvidenceControls,
    int MissingEvidenceControls,
    double StaleEvidencePercent,
    int OpenMajorNonconformities,
    int OpenMinorNonconformities,
    long EvidenceVersions);

/// <summary>Counts the headline figures as the snapshot streams past the records, holding only counters.</summary>
public sealed class HeadlineTally
{
    private int _applicable;
    private int _implemented;
    private int _open;
    private int _overdue;
    private int _assessed;
    private int _stale;
    private int _missing;
    private int _majors;
    private int _minors;
    private long _evidence;

    public void Control(bool isAnnexA, bool applicable, ImplementationStatus status)
    {
        if (isAnnexA && applicable)
        {
            _applicable++;
            if (status == ImplementationStatus.Implemented)
            {
                _implemented++;
            }
        }
    }

    public void OpenCorrectiveAction(int daysOverdue)
    {
        _open++;
        if (daysOverdue > 0)
        {
            _overdue++;
        }
    }

    public void Freshness(EvidenceFreshnessState state)
    {
        _assessed++;
        if (state == EvidenceFreshnessState.Stale)
        {
            _stale++;
        }
        else if (state == EvidenceFreshnessState.Missing)
        {
            _missing++;
        }
    }

    public void OpenFinding(FindingType type)
    {
        if (type == FindingType.MajorNonconformity)
        {
            _majors++;
        }
        else if (type == FindingType.MinorNonconformity)
        {
            _minors++;
        }
    }

    public void EvidenceVersion() => _evidence++;

    public HeadlineFigures Build() => new(
        _applicable,
        _implemented,
        CanonicalJson.Percent(_implemented, _applicable),
        _open,
        _overdue,
        _assessed,
        _stale,
        _missing,
        CanonicalJson.Percent(_stale + _missing, _assessed),
        _majors,
        _minors,
        _evidence);
}

/// <summary>Age bands of open corrective actions, as the report's ageing chart shows them.</summary>
public static class CorrectiveActionAgeing
{
    public static IReadOnlyList<string> Bands { get; } = ["0-30 days", "31-60 days", "61-90 days", "91-180 days", "over 180 days"];

    public static string Band(int ageDays) => ageDays switch
    {
        <= 30 => Bands[0],
        <= 60 => Bands[1],
        <= 90 => Bands[2],
        <= 180 => Bands[3],
        _ => Bands[4],
    };

    /// <summary>Days since the day it was raised (<paramref name="raisedOn"/>), on <paramref name="today"/>; never negative.</summary>
    public static int AgeDays(DateOnly raisedOn, DateOnly today) =>
        Math.Max(0, today.DayNumber - raisedOn.DayNumber);
}
