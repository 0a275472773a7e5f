using Isms.Core.Validation;

namespace Isms.Core.Controls;

public static class SoaEntryValidator
{
    public static ValidationErrors Validate(SoaEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var errors = new ValidationErrors();

        if (!ControlCatalogue.TryGet(entry.ControlId, out var control))
        {
            errors.Add("controlId", $"controlId '{entry.ControlId}' is not a clause of ISO/IEC 27001:2022 (4.1-10.2) or an Annex A control (A.5.1-A.8.34).");
        }
        else if (!entry.Applicable && !control.IsAnnexA)
        {
            // Clauses 4-10 are requirements of the standard itself; only Annex A controls may be excluded.
            errors.Add("applicable", $"applicable cannot be false for clause {control.Id}: clauses 4-10 are mandatory; only Annex A controls can be excluded.");
        }

        if (!entry.Applicable && string.IsNullOrWhiteSpace(entry.Justification))
        {
            // 6.1.3 d) asks for the justification of every exclusion.
            errors.Add("justification", "justification is required when a control is not applicable: say why it is excluded.");
        }

        errors.MaxLength("justification", entry.Justification, FieldLimits.Justification);
        errors.Upn("ownerUpn", entry.OwnerUpn, required: false);
        errors.Defined("implementationStatus", entry.ImplementationStatus);
        errors.Defined("reviewFrequency", entry.ReviewFrequency);
        errors.Defined("riskRating", entry.RiskRating);
        return errors;
    }
}
