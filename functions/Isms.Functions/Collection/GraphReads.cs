using System.Buffers;
using System.Text.Json;
using Isms.Core.Collection;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace Isms.Functions.Collection;

/// <summary>Why a collector could not collect: what kind of failure, and the words the run and the ISMS manager get.</summary>
public sealed class CollectionFailedException(CollectorErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public CollectorErrorKind Kind { get; } = kind;
}

/// <summary>
/// One collector's reads from Graph in one run: each list read page by page through the app's
/// <see cref="GraphServiceClient"/> (its token, retry on 429 after Retry-After, timeouts), following
/// <c>@odata.nextLink</c>; every page's bytes are written as they came into the raw record (<see cref="RawRecord"/>)
/// and each entry handed to the collector, so no more than a page is held at once. A refusal becomes a
/// <see cref="CollectionFailedException"/> that names the permission or licence missing.
/// </summary>
public sealed class GraphReads(GraphServiceClient graph, RawRecord raw, IReadOnlyList<string> permissions)
{
    private static readonly Dictionary<string, ParsableFactory<IParsable>> Errors = new() { ["XXX"] = ODataError.CreateFromDiscriminatorValue };

    /// <summary>Pages read so far in this run.</summary>
    public int Pages { get; private set; }

    /// <summary>Reads every page of a list, handing each entry of <c>value</c> to <paramref name="each"/>.</summary>
    /// <param name="pathAndQuery">After Graph's root: <c>/applications?$select=…</c>.</param>
    public async Task ReadAllAsync(string pathAndQuery, Action<JsonElement> each, CancellationToken cancellationToken, int? maxPages = null)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        ArgumentNullException.ThrowIfNull(each);
        string? url = graph.RequestAdapter.BaseUrl!.TrimEnd('/') + pathAndQuery;
        var read = 0;
        while (url is not null && (maxPages is null || read < maxPages))
        {
            url = await ReadPageAsync(url, each, cancellationToken).ConfigureAwait(false);
            read++;
        }
    }

    /// <summary>
    /// As <see cref="ReadAllAsync"/>, for a list only some licences give (PIM's eligibility): false when the tenant
    /// does not have it, and the run goes on without it.
    /// </summary>
    public async Task<bool> ReadIfLicensedAsync(string pathAndQuery, Action<JsonElement> each, CancellationToken cancellationToken)
    {
        try
        {
            await ReadAllAsync(pathAndQuery, each, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (CollectionFailedException ex) when (ex.Kind == CollectorErrorKind.LicenceAbsent)
        {
            await raw.NoteAsync(pathAndQuery, ex.Message, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    private async Task<string?> ReadPageAsync(string url, Action<JsonElement> each, CancellationToken cancellationToken)
    {
        var request = new RequestInformation { HttpMethod = Method.GET, URI = new Uri(url) };
        request.Headers.Add("Accept", "application/json");
        Stream? response;
        try
        {
            response = await graph.RequestAdapter.SendPrimitiveAsync<Stream>(request, Errors, cancellationToken).ConfigureAwait(false);
        }
        catch (ODataError error)
        {
            throw Classify(error, url, permissions);
        }
        catch (HttpRequestException ex)
        {
            throw new CollectionFailedException(CollectorErrorKind.Fault, $"Graph could not be reached for {PathOf(url)}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CollectionFailedException(CollectorErrorKind.Fault, $"Graph did not answer {PathOf(url)} in time.", ex);
        }

        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        if (response is not null)
        {
            await using (response.ConfigureAwait(false))
            {
                while (true)
                {
                    var space = buffer.GetMemory(64 * 1024);
                    var n = await response.ReadAsync(space, cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    buffer.Advance(n);
                }
            }
        }

        Pages++;
        string? next;
        using (var document = JsonDocument.Parse(buffer.WrittenMemory))
        {
            var root = document.RootElement;
            if (root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in value.EnumerateArray())
                {
                    each(entry);
                }
            }

            next = root.TryGetProperty("@odata.nextLink", out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
        }

        await raw.PageAsync(url, buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(next) ? null : next;
    }

    /// <summary>What a refusal means for the run: a permission the app lacks, a licence the tenant lacks, throttling, or a fault.</summary>
    public static CollectionFailedException Classify(ODataError error, string url, IReadOnlyList<string> permissions)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(permissions);
        var code = error.Error?.Code ?? string.Empty;
        var message = error.Error?.Message ?? error.Message;
        var path = PathOf(url);
        if (IsLicence(code, message))
        {
            return new CollectionFailedException(CollectorErrorKind.LicenceAbsent, $"The tenant lacks the licence {path} needs ({code}: {message}).", error);
        }

        return error.ResponseStatusCode switch
        {
            401 or 403 => new CollectionFailedException(CollectorErrorKind.MissingPermission, $"Graph refused {path} ({code}): the app needs the application permission{(permissions.Count == 1 ? string.Empty : "s")} {string.Join(" and ", permissions)}, granted with admin consent.", error),
            429 => new CollectionFailedException(CollectorErrorKind.Throttled, $"Graph kept throttling {path} (429) past the app's retries; the next run tries again.", error),
            _ => new CollectionFailedException(CollectorErrorKind.Fault, $"Graph answered {error.ResponseStatusCode} to {path} ({code}: {message}).", error),
        };
    }

    private static bool IsLicence(string code, string message) =>
        code.Contains("License", StringComparison.OrdinalIgnoreCase)
        || code.Contains("Premium", StringComparison.OrdinalIgnoreCase)
        || message.Contains("premium license", StringComparison.OrdinalIgnoreCase)
        || message.Contains("not applicable to target tenant", StringComparison.OrdinalIgnoreCase);

    private static string PathOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
}
