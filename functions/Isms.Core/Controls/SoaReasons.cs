using Isms.Core.Validation;

namespace Isms.Core.Controls;

/// <summary>Why a control is in the Statement of Applicability (6.1.3 d): a risk chose it, or an obligation does.</summary>
public enum SoaReasonKind
{
    /// <summary>A risk's treatment relies on it (derived from the risk register, never stored on the SoA).</summary>
    Risk,

    /// <summary>A law or regulation requires it.</summary>
    Legal,

    /// <summary>A contract with a customer or partner requires it.</summary>
    Contractual,

    /// <summary>The organisation's own business requirement.</summary>
    BusinessRequirement,
}

/// <summary>One reason a control is included: its kind, what it refers to (a risk id, a law, a contract) and a note.</summary>
public sealed record SoaReason(SoaReasonKind Kind, string? Reference, string? Note);

/// <summary>
/// The SoA traced to its reasons: which risks chose a control, the obligations recorded on it, and the risk rating that
/// drives its internal-audit frequency, derived from the highest residual risk that chose it unless an ISMS admin
/// overrode it with a reason. A control a risk relies on cannot be excluded.
/// </summary>
public static class SoaReasons
{
    /// <summary>Obligations one control may record.</summary>
    public const int MaxReasons = 20;

    /// <summary>The rating of the highest residual score among the risks that chose a control: within the acceptance criteria Low, up to twice them Medium, above High.</summary>
    public static RiskRating RatingOf(int highestResidualScore, int acceptanceCriteria) =>
        highestResidualScore <= acceptanceCriteria ? RiskRating.Low
        : highestResidualScore <= 2 * acceptanceCriteria ? RiskRating.Medium
        : RiskRating.High;

    /// <summary>The entry as the programme and the SoA use it: the rating derived from its risks unless overridden with a reason.</summary>
    public static SoaEntry Effective(SoaEntry entry, IReadOnlyCollection<int> residualScoresOfChoosingRisks, int acceptanceCriteria)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(residualScoresOfChoosingRisks);
        return residualScoresOfChoosingRisks.Count == 0 || !string.IsNullOrWhiteSpace(entry.RiskRatingReason)
            ? entry
            : entry with { RiskRating = RatingOf(residualScoresOfChoosingRisks.Max(), acceptanceCriteria) };
    }

    /// <summary>Checks the recorded obligations and the exclusion of a control that risks rely on.</summary>
    public static void Validate(SoaEntry entry, IReadOnlyCollection<string> choosingRiskIds, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(choosingRiskIds);
        ArgumentNullException.ThrowIfNull(errors);
        if (entry.Reasons.Count > MaxReasons)
        {
            errors.Add("reasons", $"reasons may hold at most {MaxReasons} obligations.");
        }

        foreach (var reason in entry.Reasons)
        {
            if (reason.Kind == SoaReasonKind.Risk || !Enum.IsDefined(reason.Kind))
            {
                errors.Add("reasons", "A reason's kind is Legal, Contractual or BusinessRequirement; the risks that chose a control come from the risk register.");
            }
            else if (string.IsNullOrWhiteSpace(reason.Note))
            {
                errors.Add("reasons", $"A {reason.Kind} reason needs a note saying what requires the control.");
            }

            errors.MaxLength("reasons", reason.Reference, FieldLimits.Title).MaxLength("reasons", reason.Note, FieldLimits.Justification);
        }

        errors.MaxLength("riskRatingReason", entry.RiskRatingReason, FieldLimits.Justification);
        if (!entry.Applicable && choosingRiskIds.Count > 0)
        {
            errors.Add("applicable", $"{entry.ControlId} treats {string.Join(", ", choosingRiskIds)}: a control chosen by a risk cannot be excluded while the risk relies on it.");
        }
    }
}
