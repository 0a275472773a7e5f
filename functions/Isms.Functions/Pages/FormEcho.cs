namespace Isms.Functions.Pages;

/// <summary>
/// A form that came back: which one, the values the person sent (shown again, so nothing typed is lost), the errors
/// beside their fields, and whether the record changed since the page was opened.
/// </summary>
public sealed record FormEcho(string Form, IReadOnlyDictionary<string, string?> Values, IReadOnlyDictionary<string, string[]> Errors, bool Conflict, string? Message)
{
    /// <summary>The value to show again in a field; none after a conflict, when the fields show the record as it is now.</summary>
    public string? Value(string form, string field) => !Conflict && Form == form && Values.TryGetValue(field, out var v) ? v : null;

    public string[]? ErrorsOf(string form, string field) => Form == form && Errors.TryGetValue(field, out var e) ? e : null;
}
