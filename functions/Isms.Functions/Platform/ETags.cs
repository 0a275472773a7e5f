using Azure;
using Isms.Core.Validation;

namespace Isms.Functions.Platform;

/// <summary>Optimistic concurrency: the stored entity's ETag goes out as the resource's, and a change must name it.</summary>
public static class ETags
{
    /// <summary>The refusal when a record changed since the caller read it.</summary>
    public static Refusal Stale(string what) =>
        Refusal.For(RefusalCode.Stale, "etag", $"{what} has changed since you read it (If-Match does not match). Read it again, reapply your change, and send it with the new ETag.");

    /// <summary>Sets the response's ETag header, quoting the stored value the way HTTP wants it.</summary>
    public static void Set(HttpResponse response, string etag)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(etag);
        response.Headers.ETag = etag.StartsWith("W/", StringComparison.Ordinal) || etag.StartsWith('"') ? etag : $"\"{etag}\"";
    }

    public static void Set(HttpResponse response, ETag etag) => Set(response, etag.ToString());
}
