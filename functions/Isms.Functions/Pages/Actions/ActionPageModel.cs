using Isms.Functions.Evidence;
using Isms.Functions.Registers;

namespace Isms.Functions.Pages.Actions;

/// <summary>Everything the action page shows, read once by <see cref="ActionPages"/>.</summary>
/// <param name="Action">The action as it is now.</param>
/// <param name="Finding">The nonconformity it corrects (null if it could not be read).</param>
/// <param name="Evidence">The evidence linked to the action.</param>
/// <param name="MaxSnoozeDays">How far ahead the policy lets an owner pause reminders.</param>
public sealed record ActionPageModel(CorrectiveActionResponse Action, FindingResponse? Finding, IReadOnlyList<EvidenceResponse> Evidence, int MaxSnoozeDays);

/// <summary>
/// A form that came back: which one, the values the person sent (shown again, so nothing typed is lost), the errors
/// beside their fields, and whether the record changed since the page was opened.
/// </summary>
public sealed record FormEcho(string Form, IReadOnlyDictionary<string, string?> Values, IReadOnlyDictionary<string, string[]> Errors, bool Conflict, string? Message)
{
    public string? Value(string form, string field) => Form == form && Values.TryGetValue(field, out var v) ? v : null;

    public string[]? ErrorsOf(string form, string field) => Form == form && Errors.TryGetValue(field, out var e) ? e : null;
}
