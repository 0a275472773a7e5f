namespace Isms.Core.Controls;

/// <summary>
/// One row of the Statement of Applicability (ISO/IEC 27001:2022, 6.1.3 d): what the organisation decided
/// about a control and who answers for it. Property names are the JSON contract's fields.
/// </summary>
/// <remarks>
/// The defaults are those of a control nobody has looked at yet: presumed applicable (excluding a control
/// needs a reason, including it does not), not started, reviewed yearly, medium risk, no owner.
/// </remarks>
public sealed record SoaEntry(string ControlId)
{
    public bool Applicable { get; init; } = true;

    public string? Justification { get; init; }

    public ImplementationStatus ImplementationStatus { get; init; } = ImplementationStatus.NotStarted;

    public string? OwnerUpn { get; init; }

    /// <summary>The owner's Entra object id, from the directory when they were assigned; null on rows written before.</summary>
    public string? OwnerObjectId { get; init; }

    public ReviewFrequency ReviewFrequency { get; init; } = ReviewFrequency.Annual;

    public RiskRating RiskRating { get; init; } = RiskRating.Medium;

    /// <summary>Why an ISMS admin set the rating although risks chose the control (else the rating is derived from them).</summary>
    public string? RiskRatingReason { get; init; }

    /// <summary>The obligations that require the control (Legal, Contractual, BusinessRequirement), each with a note.</summary>
    public IReadOnlyList<SoaReason> Reasons { get; init; } = [];

    /// <summary>The SoA row of a fresh installation for one catalogue control.</summary>
    public static SoaEntry ForNewControl(string controlId) => new(controlId);
}
