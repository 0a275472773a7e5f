using Isms.Core.Controls;
using Isms.Core.Validation;

namespace Isms.Core.Audits;

public static class AuditValidator
{
    /// <summary>
    /// Checks an audit as created or edited. When the SoA is given, it also applies the independence rule
    /// (9.2: nobody audits their own area) and names the controls that break it.
    /// </summary>
    public static ValidationErrors Validate(Audit audit, IEnumerable<SoaEntry>? soa = null)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var errors = new ValidationErrors();

        errors.Defined("type", audit.Type);
        errors.Defined("status", audit.Status);
        errors.Required("title", audit.Title).MaxLength("title", audit.Title, FieldLimits.Title);

        if (audit.PlannedStart == default)
        {
            errors.Add("plannedStart", "plannedStart is required (a date such as 2026-03-31).");
        }

        if (audit.PlannedEnd == default)
        {
            errors.Add("plannedEnd", "plannedEnd is required (a date such as 2026-03-31).");
        }
        else if (audit.PlannedStart != default && audit.PlannedEnd < audit.PlannedStart)
        {
            errors.Add("plannedEnd", $"plannedEnd {audit.PlannedEnd:yyyy-MM-dd} is before plannedStart {audit.PlannedStart:yyyy-MM-dd}; an audit cannot end before it starts.");
        }

        if (audit.ActualStart is { } actualStart && audit.ActualEnd is { } actualEnd && actualEnd < actualStart)
        {
            errors.Add("actualEnd", $"actualEnd {actualEnd:yyyy-MM-dd} is before actualStart {actualStart:yyyy-MM-dd}.");
        }

        errors.Upn("leadAuditorUpn", audit.LeadAuditorUpn, required: true);
        foreach (var auditor in audit.Auditors ?? [])
        {
            errors.Upn("auditors", auditor, required: true);
        }

        var unknown = ControlCatalogue.Unknown(audit.Scope ?? []);
        if (unknown.Count > 0)
        {
            errors.Add("scope", $"scope names ids that are not clauses or Annex A controls: {string.Join(", ", unknown)}.");
        }

        if (soa is not null)
        {
            AddIndependenceConflicts(audit, AuditorIndependence.Of(soa), errors);
        }

        return errors;
    }

    private static void AddIndependenceConflicts(Audit audit, AuditorIndependence independence, ValidationErrors errors)
    {
        foreach (var (auditor, own) in independence.Conflicts(audit))
        {
            var field = UserPrincipalName.AreSame(auditor, audit.LeadAuditorUpn) ? "leadAuditorUpn" : "auditors";
            errors.Add(field, $"{field}: {auditor} owns {string.Join(", ", own)} in this audit's scope; auditors may not audit their own area, so choose another auditor or narrow the scope.");
        }
    }
}
