using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Isms.Functions.Platform;

/// <summary>
/// Reads a JSON request body with every way it can go wrong turned into a problem a person can act on:
/// wrong content type (415), over 1 MB (413), malformed JSON or a value of the wrong type (400 naming the field).
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The app's JSON options, refusing a member the request type does not have: a value the caller meant is never silently dropped.</summary>
    private static readonly JsonSerializerOptions Strict = new(IsmsJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public sealed record Result<T>(T? Value, IActionResult? Problem)
        where T : class
    {
        public bool IsValid => Problem is null && Value is not null;
    }

    public static async Task<Result<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType))
        {
            return new(null, Platform.Problem.UnsupportedMediaType($"Send the body as application/json (it came as '{request.ContentType ?? "no content type"}')."));
        }

        using var buffer = await RequestBody.ReadAtMostAsync(request, MaxBytes, cancellationToken).ConfigureAwait(false);
        if (buffer is null)
        {
            return new(null, TooLarge());
        }

        if (buffer.Length == 0)
        {
            return new(null, Platform.Problem.Field("body", "The request has no body; send a JSON object."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Strict);
            return value is null
                ? new(null, Platform.Problem.Field("body", "The body is null; send a JSON object."))
                : new(value, null);
        }
        catch (JsonException ex)
        {
            var field = FieldName(ex.Path);
            return new(null, Platform.Problem.Field(field, Explain(typeof(T), ex, field, ex.Path)));
        }
    }

    /// <summary>
    /// For a request that takes no body (sealing a snapshot): none, or an empty JSON object, passes; anything else
    /// is refused, so a client that meant to send something learns that it was not read. Null when it passes.
    /// </summary>
    public static async Task<IActionResult?> RefuseAnyBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var chunk = new byte[1024];
        var read = await request.Body.ReadAtLeastAsync(chunk, chunk.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }

        if (!IsJson(request.ContentType))
        {
            return Platform.Problem.UnsupportedMediaType($"This request takes no body; send none or {{}} as application/json (it came as '{request.ContentType ?? "no content type"}').");
        }

        var text = System.Text.Encoding.UTF8.GetString(chunk, 0, read).Trim();
        return read < chunk.Length && text.Replace(" ", string.Empty, StringComparison.Ordinal) == "{}"
            ? null
            : Platform.Problem.Field("body", "This request takes no body; send none or {}.");
    }

    private static ObjectResult TooLarge() => Platform.Problem.TooLarge($"The JSON body must be at most {MaxBytes / 1024} KB.");

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/merge-patch+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>"$.plannedStart" → "plannedStart"; "$.scope[2]" → "scope"; the root → "body".</summary>
    private static string FieldName(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        var name = path.TrimStart('$', '.');
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        return bracket > 0 ? name[..bracket] : bracket == 0 ? "body" : name;
    }

    private static string Explain(Type bodyType, JsonException ex, string field, string? path = null)
    {
        var property = bodyType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(JsonNamingPolicy.CamelCase.ConvertName(p.Name), field, StringComparison.Ordinal));
        var type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;

        // A member of an item of a list of records ("$.decisions[0].kind"): explained by the item's own member.
        if (type is { IsGenericType: true } && type.GetGenericArguments() is [var item] && item != typeof(string) && path is not null
            && path.TrimStart('$', '.') is var inner && inner.IndexOf("].", StringComparison.Ordinal) is var close and > 0)
        {
            var detail = Explain(item, ex, inner[(close + 2)..].Split('.', '[')[0]);
            return detail.StartsWith('\'') ? $"{inner[..(close + 1)]}: {detail}" : $"{inner[..(close + 1)]}.{detail}";
        }

        if (type is null && field != "body" && ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var known = bodyType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));
            return $"'{field}' is not a field of this request; it takes {string.Join(", ", known)}.";
        }

        if (type is null)
        {
            return field == "body"
                ? $"The body is not valid JSON: {ex.Message.Split(" Path:", 2)[0]}"
                : $"{field} could not be read: {ex.Message.Split(" Path:", 2)[0]}";
        }

        if (type.IsEnum)
        {
            return $"{field} must be one of {string.Join(", ", Enum.GetNames(type))}.";
        }

        if (type == typeof(DateOnly))
        {
            return $"{field} must be a date like 2026-03-31.";
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return $"{field} must be a UTC instant like 2026-03-31T08:00:00Z.";
        }

        if (type == typeof(bool))
        {
            return $"{field} must be true or false.";
        }

        if (type == typeof(string))
        {
            return $"{field} must be a string.";
        }

        return typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
            ? $"{field} must be a list of strings."
            : $"{field} has the wrong type: {ex.Message.Split(" Path:", 2)[0]}";
    }
}
