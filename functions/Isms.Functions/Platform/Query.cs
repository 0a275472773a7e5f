using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

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

    /// <summary>A record id (an audit, an action); anything that cannot be one is an error naming the field.</summary>
    public string? Id(string name)
    {
        var value = Text(name);
        if (value is not null && !Storage.RecordIds.IsWellFormed(value))
        {
            _errors[name] = [$"{name} is not an id."];
        }

        return value;
    }

    /// <summary>A clause or Annex A control; anything else is an error naming the field.</summary>
    public string? Control(string name)
    {
        var value = Text(name);
        if (value is not null && !Isms.Core.Controls.ControlCatalogue.Contains(value))
        {
            _errors[name] = [$"'{value}' is not a control; use a clause (4.1 ... 10.2) or an Annex A control (A.5.1 ... A.8.34)."];
        }

        return value;
    }

    /// <summary><c>?pageSize=</c> (1 to 1000, 100 when absent) and <c>?page=</c> (from 1), as every list of the API takes them.</summary>
    public ListPage Page()
    {
        var size = Whole("pageSize", 1, ListPage.MaxSize) ?? ListPage.DefaultSize;
        var number = Whole("page", 1, int.MaxValue) ?? 1;
        return new ListPage(size, number);
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; anything else is an error naming the parameter.</summary>
    public int? Whole(string name, int min, int max)
    {
        var value = Text(name);
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
        {
            return parsed;
        }

        _errors[name] = [max == int.MaxValue ? $"{name} must be a whole number from {min}." : $"{name} must be a whole number from {min} to {max}."];
        return null;
    }
}

/// <summary>One page of a list: its size and its number (from 1).</summary>
public readonly record struct ListPage(int Size, int Number)
{
    public const int DefaultSize = 100;
    public const int MaxSize = 1000;

    /// <summary>
    /// 200 with this page of <paramref name="all"/>, the body a list as ever; when more follow, the next page's
    /// address in a <c>Link: &lt;…&gt;; rel="next"</c> header.
    /// </summary>
    public IActionResult Answer<T>(IReadOnlyList<T> all, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(request);
        var skip = (long)(Number - 1) * Size;
        var items = skip >= all.Count ? [] : all.Skip((int)skip).Take(Size).ToList();
        if (skip + Size < all.Count)
        {
            var query = QueryHelpers.ParseQuery(request.QueryString.Value);
            query["page"] = (Number + 1).ToString(CultureInfo.InvariantCulture);
            query["pageSize"] = Size.ToString(CultureInfo.InvariantCulture);
            var next = QueryHelpers.AddQueryString(request.Path.Value ?? "/", query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))));
            request.HttpContext.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }

        return new OkObjectResult(items);
    }
}
