using System.Globalization;
using Isms.Core.Controls;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Registers;

namespace Isms.Functions.Evidence;

/// <summary>What an upload says about its evidence: the controls, corrective action and audit it speaks for, its effective date, a description.</summary>
public sealed record EvidenceDetails(
    IReadOnlyList<string>? ControlIds,
    string? CorrectiveActionId,
    string? AuditId,
    DateOnly? EffectiveDate,
    string? Description,
    bool? Restricted = null)
{
    /// <summary>The evidence collector that made the file (never from a form): the version is marked collected.</summary>
    public string? Collector { get; init; }
}

/// <summary>
/// Checks upload details the same way for the multipart form and the large-upload start, naming each bad field:
/// control ids must be in the catalogue, the corrective action and audit must exist, the effective date may not
/// be in the future.
/// </summary>
public sealed class EvidenceDetailsValidator(CorrectiveActionRegister actions, AuditRegister audits, OrganisationClock clock)
{
    public const int MaxDescriptionLength = 2000;

    public static readonly IReadOnlySet<string> FormFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "controlIds", "correctiveActionId", "auditId", "effectiveDate", "description", "restricted", "size",
    };

    /// <summary>Reads the text parts of the form; a malformed date is an error, not a missing value.</summary>
    public static EvidenceDetails FromForm(IReadOnlyDictionary<string, IReadOnlyList<string>> fields, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(errors);
        IReadOnlyList<string>? controls = fields.TryGetValue("controlIds", out var raw)
            ? [.. raw.SelectMany(v => v.Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))]
            : null;
        DateOnly? effective = null;
        if (Text(fields, "effectiveDate") is { } date)
        {
            if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                effective = parsed;
            }
            else
            {
                errors.Add("effectiveDate", "effectiveDate must be a date like 2026-03-31.");
            }
        }

        bool? restricted = null;
        if (Text(fields, "restricted") is { } flag)
        {
            if (flag.ToLowerInvariant() is "true" or "on")
            {
                restricted = true;
            }
            else if (flag.ToLowerInvariant() is "false")
            {
                restricted = false;
            }
            else
            {
                errors.Add("restricted", "restricted must be true or false.");
            }
        }

        return new EvidenceDetails(controls, Text(fields, "correctiveActionId"), Text(fields, "auditId"), effective, Text(fields, "description"), restricted);
    }

    /// <summary>
    /// Adds an error per bad field. <paramref name="complete"/> false checks only what is present (the fields seen
    /// before the file part); true also requires the controls of new evidence.
    /// </summary>
    /// <param name="passedBefore">Details of the same form that already passed (the fields before the file): the
    /// corrective action and audit they named are not looked up again.</param>
    public async Task ValidateAsync(EvidenceDetails details, bool newEvidence, bool complete, ValidationErrors errors, CancellationToken cancellationToken, EvidenceDetails? passedBefore = null)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(errors);
        if (details.ControlIds is { } controls)
        {
            var unknown = ControlCatalogue.Unknown(controls);
            if (controls.Count > ControlCatalogue.All.Count)
            {
                errors.Add("controlIds", $"controlIds names {controls.Count} controls; the catalogue has {ControlCatalogue.All.Count}.");
            }
            else if (unknown.Count > 0)
            {
                errors.Add("controlIds", $"These are not controls of ISO/IEC 27001:2022: {string.Join(", ", unknown)}. Use clauses (4.1 ... 10.2) or Annex A controls (A.5.1 ... A.8.34).");
            }
            else if (controls.Count == 0 && newEvidence)
            {
                errors.Add("controlIds", "controlIds needs at least one control the evidence speaks for, e.g. A.5.15.");
            }
        }
        else if (complete && newEvidence)
        {
            errors.Add("controlIds", "controlIds is required: the controls the evidence speaks for, e.g. A.5.15,A.8.2.");
        }

        if (details.CorrectiveActionId is { } actionId
            && !string.Equals(actionId, passedBefore?.CorrectiveActionId, StringComparison.Ordinal)
            && await actions.GetAsync(actionId, cancellationToken).ConfigureAwait(false) is null)
        {
            errors.Add("correctiveActionId", $"There is no corrective action '{actionId}'.");
        }

        if (details.AuditId is { } auditId
            && !string.Equals(auditId, passedBefore?.AuditId, StringComparison.Ordinal)
            && await audits.GetAsync(auditId, cancellationToken).ConfigureAwait(false) is null)
        {
            errors.Add("auditId", $"There is no audit '{auditId}'.");
        }

        var today = clock.Today;
        if (details.EffectiveDate is { } effective && effective > today)
        {
            errors.Add("effectiveDate", $"effectiveDate is the date the evidence speaks for and cannot be after today ({today:yyyy-MM-dd}).");
        }

        if (details.Description is { Length: > MaxDescriptionLength })
        {
            errors.Add("description", $"description must be at most {MaxDescriptionLength} characters.");
        }
    }

    private static string? Text(IReadOnlyDictionary<string, IReadOnlyList<string>> fields, string name) =>
        fields.TryGetValue(name, out var values) && values.Count > 0 && values[0].Trim() is { Length: > 0 } value ? value : null;
}
