using Azure;

namespace Isms.Functions.Platform;

/// <summary>Optimistic concurrency over HTTP: the stored entity's ETag goes out as the resource's, and If-Match must match it.</summary>
public static class ETags
{
    /// <summary>True when the request's If-Match (if any) names the current version.</summary>
    public static bool Matches(HttpRequest request, ETag current)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ifMatch = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*")
        {
            return true;
        }

        return ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(candidate => Normalize(candidate) == Normalize(current.ToString()));
    }

    public static ObjectResult Stale(string what) =>
        Problem.PreconditionFailed($"{what} has changed since you read it (If-Match does not match). Read it again, reapply your change, and send it with the new ETag.");

    public static IActionResult WithETag(this ObjectResult result, HttpResponse response, ETag etag)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ETag = Quote(etag.ToString());
        return result;
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

    private static string Quote(string value) => value.StartsWith("W/", StringComparison.Ordinal) || value.StartsWith('"') ? value : $"\"{value}\"";
}
