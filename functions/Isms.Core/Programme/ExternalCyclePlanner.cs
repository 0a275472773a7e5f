using System.Globalization;
using Isms.Core.Audits;

namespace Isms.Core.Programme;

/// <summary>
/// Plans the certification body's audits of one cycle (ISO/IEC 17021-1, 9.6.2): surveillance at least once a
/// calendar year, the first no later than 12 months after the certification decision, the second in the
/// following calendar year, and recertification in the third year, ending a margin before expiry.
/// </summary>
public sealed class ExternalCyclePlanner(AuditProgrammeOptions options)
{
    public PlannerResult Plan(CertificationCycle cycle, IReadOnlyList<RecordedAudit> audits, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        ArgumentNullException.ThrowIfNull(audits);
        var byId = AuditPlacement.ById(audits);
        var warnings = new List<string>();
        var decision = cycle.DecisionDate;
        var since = decision.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var first = PlanOne(
            AuditKeys.Surveillance(cycle.Key, 1),
            AuditType.Surveillance,
            $"Surveillance audit 1 (cycle of {since})",
            FirstSurveillanceWindow(cycle, audits, warnings),
            options.SurveillanceDurationDays,
            today,
            byId,
            warnings);

        var second = PlanOne(
            AuditKeys.Surveillance(cycle.Key, 2),
            AuditType.Surveillance,
            $"Surveillance audit 2 (cycle of {since})",
            SecondSurveillanceWindow(cycle, first, warnings),
            options.SurveillanceDurationDays,
            today,
            byId,
            warnings);

        var recertification = PlanOne(
            AuditKeys.Recertification(cycle.Key),
            AuditType.Recertification,
            $"Recertification audit (cycle of {since})",
            RecertificationWindow(cycle, second, warnings),
            options.RecertificationDurationDays,
            today,
            byId,
            warnings);

        return new PlannerResult([first, second, recertification], warnings);
    }

    private DateWindow FirstSurveillanceWindow(CertificationCycle cycle, IReadOnlyList<RecordedAudit> audits, List<string> warnings)
    {
        var decision = cycle.DecisionDate;
        var latest = decision.AddMonths(12);

        // The decision year needs an external audit too; normally Stage 2 or the recertification covers it.
        if (!HasExternalAuditInYear(audits, decision.Year, cycle.Key))
        {
            var yearEnd = new DateOnly(decision.Year, 12, 31);
            var room = yearEnd.DayNumber - decision.DayNumber;
            if (yearEnd < latest && room >= options.SurveillanceDurationDays + options.MinimumLeadDays)
            {
                latest = yearEnd;
            }
            else if (yearEnd < latest)
            {
                warnings.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"No external audit is recorded in {decision.Year} and too little of the year is left to hold surveillance 1 in it."));
            }
        }

        var earliest = AuditPlacement.Max(decision.AddDays(1), latest.AddMonths(-options.SurveillanceWindowMonths));
        return new DateWindow(earliest, latest);
    }

    private DateWindow SecondSurveillanceWindow(CertificationCycle cycle, PlannedAudit first, List<string> warnings)
    {
        var decision = cycle.DecisionDate;
        var year = first.PlannedEnd.Year + 1;
        var january = new DateOnly(year, 1, 1);
        var december = new DateOnly(year, 12, 31);
        var window = new DateWindow(
            AuditPlacement.Max(decision.AddMonths(24 - options.SurveillanceWindowMonths), january),
            AuditPlacement.Min(decision.AddMonths(24), december));
        if (Fits(window, options.SurveillanceDurationDays))
        {
            return window;
        }

        // The anniversary window misses the calendar year that needs an audit: the calendar year wins.
        warnings.Add(string.Create(
            CultureInfo.InvariantCulture,
            $"Surveillance 2 cannot be near the second anniversary and inside {year}; planned inside {year} instead."));
        window = new DateWindow(AuditPlacement.Max(first.PlannedEnd.AddDays(1), january), december);
        return Fits(window, options.SurveillanceDurationDays) ? window : new DateWindow(january, december);
    }

    private DateWindow RecertificationWindow(CertificationCycle cycle, PlannedAudit second, List<string> warnings)
    {
        var latest = cycle.ExpiryDate.AddDays(-options.RecertificationMarginDays);
        var calendarLimit = new DateOnly(second.PlannedEnd.Year + 1, 12, 31);
        latest = AuditPlacement.Min(latest, calendarLimit);
        var thirdYear = cycle.DecisionDate.AddMonths(24);
        var earliest = AuditPlacement.Max(
            AuditPlacement.Max(latest.AddMonths(-options.RecertificationWindowMonths), thirdYear),
            second.PlannedEnd.AddDays(1));
        var window = new DateWindow(earliest, latest);
        if (Fits(window, options.RecertificationDurationDays))
        {
            return window;
        }

        warnings.Add("The recertification audit cannot fit in the third year before expiry less the margin; it is planned to end by the margin regardless.");
        return new DateWindow(
            AuditPlacement.Max(second.PlannedEnd.AddDays(1), latest.AddMonths(-options.RecertificationWindowMonths)),
            latest);
    }

    private PlannedAudit PlanOne(
        string key,
        AuditType type,
        string title,
        DateWindow window,
        int durationDays,
        DateOnly today,
        Dictionary<string, RecordedAudit> byId,
        List<string> warnings)
    {
        byId.TryGetValue(key, out var existing);
        if (existing is not null && existing.Status != AuditStatus.Planned)
        {
            if (existing.Status == AuditStatus.Cancelled)
            {
                warnings.Add($"{title} is cancelled; the cycle needs a replacement to keep the calendar-year rule.");
            }

            return AuditPlacement.Locked(existing, title, window);
        }

        var dates = AuditPlacement.Place(window, durationDays, Placement.Late, today, existing, options);
        var planned = AuditPlacement.Reconcile(
            key, type, title, window, dates, [], existing?.LeadAuditorUpn, existing?.Auditors ?? [], existing);
        if (!planned.WithinTarget)
        {
            warnings.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{title} cannot meet its target window {window.EarliestStart:yyyy-MM-dd}..{window.LatestEnd:yyyy-MM-dd}."));
        }

        return planned;
    }

    private static bool Fits(DateWindow window, int durationDays) =>
        window.EarliestStart.AddDays(durationDays - 1) <= window.LatestEnd;

    private static bool HasExternalAuditInYear(IEnumerable<RecordedAudit> audits, int year, string cycleKey) =>
        audits.Any(a => a.Type.IsExternal()
            && a.Status != AuditStatus.Cancelled
            && a.End.Year == year
            && !AuditKeys.BelongsTo(a.Id, cycleKey));
}
