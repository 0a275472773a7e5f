namespace Isms.Functions.Platform;

/// <summary>Reads a request body up to a limit, whatever its declared length: the one bounded read of JSON bodies and CSV imports.</summary>
public static class RequestBody
{
    /// <summary>The body, or null when it is (or declares itself) larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<MemoryStream?> ReadAtMostAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                await buffer.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer;
    }
}
