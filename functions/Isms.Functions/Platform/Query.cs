using System.Globalization;

namespace Isms.Functions.Platform;

/// <summary>Reads query-string filters, collecting every bad one so the answer names them all at once.</summary>
public sealed class Query
{
    private readonly IQueryCollection _query;
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    private Query(IQueryCollection query) => _query = query;

    public static Query Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new Query(request.Query);
    }

    /// <summary>The problem to answer when any filter was bad; null when all were fine.</summary>
    public IActionResult? Errors => _errors.Count == 0 ? null : Problem.Validation(_errors);

    public string? Text(string name) => _query[name].ToString() is { Length: > 0 } value ? value : null;

    public TEnum? Enum<TEnum>(string name)
        where TEnum : struct, System.Enum
    {
        var value = Text(name);
        if (value is null)
        {
            return null;
        }

        if (System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !int.TryParse(value, out _))
        {
            return parsed;
        }

        _errors[name] = [$"{name} must be one of {string.Join(", ", System.Enum.GetNames<TEnum>())}."];
        return null;
    }

    public bool? Bool(string name)
    {
        var value = Text(name);
        if (value is null)
        {
            return null;
        }

        if (bool.TryParse(value, out var parsed))
        {
            return parsed;
        }

        _errors[name] = [$"{name} must be true or false."];
        return null;
    }

    public DateOnly? Date(string name)
    {
        var value = Text(name);
        if (value is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return parsed;
        }

        _errors[name] = [$"{name} must be a date like 2026-03-31."];
        return null;
    }

    /// <summary>True for <c>?format=html</c> (a page for people, as links in mails and cards open); false for json or none.</summary>
    public bool WantsHtml()
    {
        switch (Text("format")?.ToLowerInvariant())
        {
            case null or "json":
                return false;
            case "html":
                return true;
            default:
                _errors["format"] = ["format must be json or html."];
                return false;
        }
    }

    public void Fail(string name, string message) => _errors[name] = [message];
}
