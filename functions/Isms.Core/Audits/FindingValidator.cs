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

        errors.Defined("type", finding.Type);
        if (finding.Source == FindingSource.Audit)
        {
            errors.Required("auditId", finding.AuditId ?? string.Empty);
        }
        else if (!Enum.IsDefined(finding.Source))
        {
            errors.Add("source", $"source must be one of {string.Join(", ", OutsideAudits)}.");
        }
        else
        {
            if (finding.AuditId is not null)
            {
                errors.Add("auditId", $"auditId: a finding from {finding.Source} is raised outside audits; raise one found in an audit on that audit (POST /api/audits/{{auditId}}/findings).");
            }

            if (finding.Type == FindingType.Observation)
            {
                errors.Add("type", "type: an observation is an auditor's note in an audit; outside audits raise a major or minor nonconformity, or an opportunity for improvement.");
            }

            if (finding.Source != FindingSource.Other && string.IsNullOrWhiteSpace(finding.Reference))
            {
                errors.Add("reference", $"reference is required for a finding from {finding.Source}: the {ReferenceNoun(finding.Source)} it traces to, so an auditor can follow it back.");
            }
        }

        errors.MaxLength("reference", finding.Reference, FieldLimits.Identifier);
        errors.Required("description", finding.Description)
            .MaxLength("description", finding.Description, FieldLimits.LongText);
        // A monitoring check the app runs itself (its evidence collectors) raises as the app, "system:…"; people raise as themselves.
        if (!(finding.Source == FindingSource.Monitoring && IsSystem(finding.RaisedBy)))
        {
            errors.Upn("raisedBy", finding.RaisedBy, required: true);
        }

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

    /// <summary>The sources a finding raised outside audits may name.</summary>
    public static IReadOnlyList<FindingSource> OutsideAudits { get; } =
        [.. Enum.GetValues<FindingSource>().Where(s => s != FindingSource.Audit)];

    private static string ReferenceNoun(FindingSource source) => source switch
    {
        FindingSource.Incident => "incident number",
        FindingSource.Monitoring => "monitoring check or report",
        FindingSource.Complaint => "complaint",
        FindingSource.ManagementReview => "management review",
        _ => "record",
    };

    /// <summary>The app's own timers act as "system:{function}", never a person's sign-in name.</summary>
    public static bool IsSystem(string? raisedBy) =>
        raisedBy is { Length: > 7 } && raisedBy.StartsWith("system:", StringComparison.Ordinal) && raisedBy.Skip(7).All(char.IsAsciiLetterOrDigit);
}
