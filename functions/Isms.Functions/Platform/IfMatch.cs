using Azure;

namespace Isms.Functions.Platform;

/// <summary>
/// The version of a record a caller based their change on: the API's <c>If-Match</c> header, or the ETag a page
/// put in its form when it was opened. <c>*</c> means "whatever is current"; the API refuses a write without the
/// header (428, <see cref="Access"/>), so absent is left only to callers inside the app (a timer's own change).
/// </summary>
public readonly record struct IfMatch(string? Value)
{
    /// <summary>No precondition: the caller changes whatever version is current.</summary>
    public static IfMatch Any => default;

    public static IfMatch From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new IfMatch(request.Headers.IfMatch.ToString());
    }

    /// <summary>True when no precondition was given, or one of the ETags named is <paramref name="current"/>.</summary>
    public bool Matches(ETag current)
    {
        if (string.IsNullOrWhiteSpace(Value) || Value.Trim() == "*")
        {
            return true;
        }

        var now = Normalize(current.ToString());
        return Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Any(candidate => Normalize(candidate) == now);
    }

    private static string Normalize(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith("W/", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        return trimmed.Trim('"');
    }
}
