using Isms.Core.Validation;

namespace Isms.Functions.Pages;

/// <summary>
/// A form that came back: which one, the values the person sent (shown again, so nothing typed is lost), the errors
/// beside their fields, and whether the record changed since the page was opened.
/// </summary>
public sealed record FormEcho(string Form, IReadOnlyDictionary<string, string?> Values, IReadOnlyDictionary<string, string[]> Errors, bool Conflict, string? Message)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>(StringComparer.Ordinal);

    /// <summary>The value to show again in a field; none after a conflict, when the fields show the record as it is now.</summary>
    public string? Value(string form, string field) => !Conflict && Form == form && Values.TryGetValue(field, out var v) ? v : null;

    public string[]? ErrorsOf(string form, string field) => Form == form && Errors.TryGetValue(field, out var e) ? e : null;

    /// <summary>The record changed since the page was opened: the fields show it as it is now, the person's entries are listed.</summary>
    public static FormEcho Stale(string form, IReadOnlyDictionary<string, string?> values) => new(form, values, NoErrors, true, null);

    /// <summary>One field the page itself could not read (a date that is not a date).</summary>
    public static FormEcho Unreadable(string form, IReadOnlyDictionary<string, string?> values, string field, string message) =>
        new(form, values, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] }, false, null);

    /// <summary>
    /// A service's refusal: its errors beside the fields the form shows (<paramref name="shown"/>), and above the form
    /// what is not tied to one of them (a cancelled audit, a gate, the owner reviewing their own action).
    /// </summary>
    public static FormEcho Refused(string form, IReadOnlyDictionary<string, string?> values, Refusal refusal, IReadOnlyCollection<string> shown)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(shown);
        return new(form, values, refusal.Errors, false, Summary(refusal, shown));
    }

    private static string Summary(Refusal refusal, IReadOnlyCollection<string> shown)
    {
        var elsewhere = refusal.Errors.Where(e => !shown.Contains(e.Key)).SelectMany(e => e.Value).ToList();
        var beside = refusal.Errors.Keys.Any(shown.Contains);
        if (elsewhere.Count > 0)
        {
            return "Not saved: " + string.Join(" ", elsewhere) + (beside ? " Correct the fields marked below too." : string.Empty);
        }

        return refusal.Errors.Count == 0 ? refusal.Message : refusal.Code == RefusalCode.GateNotMet ? "Not saved: " + refusal.Message : "Not saved: correct the fields marked below.";
    }
}
