using Isms.Core.Validation;

namespace Isms.Core.Audits;

public static class CertificationRecordValidator
{
    /// <summary>ISO/IEC 17021-1 certificates run for a three-year cycle at most.</summary>
    public const int MaxValidityYears = 3;

    public static ValidationErrors Validate(CertificationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var errors = new ValidationErrors();

        errors.Required("certificationBody", record.CertificationBody)
            .MaxLength("certificationBody", record.CertificationBody, FieldLimits.Name);
        errors.Required("scope", record.Scope).MaxLength("scope", record.Scope, FieldLimits.Scope);

        var decision = record.CertificationDecisionDate;
        var expiry = record.ExpiryDate;
        if (decision == default)
        {
            errors.Add("certificationDecisionDate", "certificationDecisionDate is required (the date of the certification decision, e.g. 2026-03-31).");
        }

        if (expiry == default)
        {
            errors.Add("expiryDate", "expiryDate is required (the expiry date printed on the certificate, e.g. 2029-03-30).");
        }
        else if (decision != default && expiry <= decision)
        {
            errors.Add("expiryDate", $"expiryDate {expiry:yyyy-MM-dd} must be after certificationDecisionDate {decision:yyyy-MM-dd}.");
        }
        else if (decision != default && expiry > decision.AddYears(MaxValidityYears))
        {
            errors.Add("expiryDate", $"expiryDate {expiry:yyyy-MM-dd} is more than {MaxValidityYears} years after certificationDecisionDate {decision:yyyy-MM-dd}; a certification cycle lasts at most {MaxValidityYears} years (latest {decision.AddYears(MaxValidityYears):yyyy-MM-dd}).");
        }

        return errors;
    }
}
