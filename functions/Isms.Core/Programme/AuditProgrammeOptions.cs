namespace Isms.Core.Programme;

/// <summary>Settings of the audit programme, bound from the "AuditProgramme" configuration section.</summary>
public sealed class AuditProgrammeOptions
{
    public const string SectionName = "AuditProgramme";

    /// <summary>Length of a certification cycle in years (ISO/IEC 17021-1: three).</summary>
    public int CycleYears { get; set; } = 3;

    /// <summary>The recertification audit must end at least this many days before the certificate expires.</summary>
    public int RecertificationMarginDays { get; set; } = 60;

    /// <summary>Width of the target window of a surveillance audit, counted back from its deadline.</summary>
    public int SurveillanceWindowMonths { get; set; } = 3;

    /// <summary>Width of the target window of the recertification audit, counted back from its deadline.</summary>
    public int RecertificationWindowMonths { get; set; } = 3;

    /// <summary>Proposed dates end this many days before a window closes, so a slip does not break the rule.</summary>
    public int PlanningBufferDays { get; set; } = 14;

    /// <summary>A newly proposed audit never starts sooner than this many days from today.</summary>
    public int MinimumLeadDays { get; set; } = 7;

    public int SurveillanceDurationDays { get; set; } = 2;

    public int RecertificationDurationDays { get; set; } = 3;

    public int InternalAuditDurationDays { get; set; } = 2;

    public int FollowUpDurationDays { get; set; } = 1;

    public int ManagementReviewDurationDays { get; set; } = 1;

    /// <summary>Internal audits per cycle year; must divide 12 (4 = quarterly).</summary>
    public int InternalAuditsPerYear { get; set; } = 4;

    /// <summary>High-risk controls are audited at least this often.</summary>
    public int HighRiskIntervalMonths { get; set; } = 12;

    /// <summary>An area whose audit raised a major nonconformity is audited again within this many months.</summary>
    public int MajorNonconformityReauditMonths { get; set; } = 12;

    /// <summary>Month of each cycle year (1-12) in which the management review is proposed.</summary>
    public int ManagementReviewMonthOfCycleYear { get; set; } = 10;

    /// <summary>Due date assumed for a major nonconformity's corrective action when none is recorded yet.</summary>
    public int MajorNonconformityDueDays { get; set; } = 30;

    /// <summary>Once its corrective action is closed, a follow-up audit is brought forward to within this many days.</summary>
    public int FollowUpAfterClosureDays { get; set; } = 14;

    /// <summary>Days before an audit's planned start on which the lead auditor and ISMS manager are told.</summary>
    public string NoticeDays { get; set; } = "90,30,7";

    /// <summary>Comma-separated UPNs of the internal auditors the programme assigns lead auditors from.</summary>
    public string InternalAuditors { get; set; } = "";

    /// <summary>The internal auditor pool parsed, in the configured order (ties in workload go to the first).</summary>
    public IReadOnlyList<string> ParsedInternalAuditors() =>
        InternalAuditors.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>The notice days parsed, largest first.</summary>
    public IReadOnlyList<int> ParsedNoticeDays() =>
        NoticeDays.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.Parse(d, System.Globalization.CultureInfo.InvariantCulture))
            .Where(d => d > 0)
            .Distinct()
            .OrderDescending()
            .ToList();
}
