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

    /// <summary>
    /// <c>?format=</c>, lower-cased: one of <paramref name="allowed"/>, the first when absent (anything else is an
    /// error naming the field). <c>html</c> is a page for people, as the links in mails and cards open.
    /// </summary>
    public string Format(params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var asked = Text("format")?.ToLowerInvariant();
        if (asked is null || allowed.Contains(asked, StringComparer.Ordinal))
        {
            return asked ?? allowed[0];
        }

        _errors["format"] = [$"format must be {string.Join(", ", allowed[..^1])} or {allowed[^1]}."];
        return allowed[0];
    }

    public void Fail(string name, string message) => _errors[name] = [message];
}
