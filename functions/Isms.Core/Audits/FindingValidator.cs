using Isms.Core.Controls;
using Isms.Core.Validation;

namespace Isms.Core.Audits;

public static class FindingValidator
{
    /// <summary>Checks a finding as raised; pass its audit to also check that the audit can take findings.</summary>
    public static ValidationErrors Validate(Finding finding, Audit? audit = null)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var errors = new ValidationErrors();

        errors.Required("auditId", finding.AuditId);
        errors.Defined("type", finding.Type);
        errors.Required("description", finding.Description)
            .MaxLength("description", finding.Description, FieldLimits.LongText);
        errors.Upn("raisedBy", finding.RaisedBy, required: true);
        if (finding.RaisedAt == default)
        {
            errors.Add("raisedAt", "raisedAt is required: the instant the finding was raised starts the corrective-action clock.");
        }

        var controlIds = finding.ControlIds ?? [];
        if (controlIds.Count == 0)
        {
            errors.Add("controlIds", "controlIds needs at least one clause or control id (e.g. \"A.5.15\" or \"9.2\") that the finding concerns.");
        }
        else
        {
            var unknown = ControlCatalogue.Unknown(controlIds);
            if (unknown.Count > 0)
            {
                errors.Add("controlIds", $"controlIds names ids that are not clauses or Annex A controls: {string.Join(", ", unknown)}.");
            }
        }

        if (audit is not null)
        {
            if (audit.Id != finding.AuditId)
            {
                errors.Add("auditId", $"auditId '{finding.AuditId}' does not match the audit '{audit.Id}'.");
            }
            else if (audit.Status == AuditStatus.Cancelled)
            {
                errors.Add("auditId", $"auditId '{audit.Id}': the audit was cancelled, so it cannot have findings; raise them on the audit that took place.");
            }
        }

        return errors;
    }
}
