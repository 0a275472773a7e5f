using System.Text.Json;
using Isms.Functions.Storage;

namespace Isms.Functions.Collection;

/// <summary>
/// The raw record of one collection, streamed into an evidence blob as it is read: one JSON document naming the
/// collector and time, then every Graph response in order, each page's body byte for byte as Graph sent it
/// (<c>{"collector":…,"collectedAt":…,"responses":[{"request":"GET …","body":{…}},…]}</c>). A list the tenant's
/// licence does not give is recorded with why it was skipped. Nothing is stored unless the whole run is read.
/// </summary>
public sealed class RawRecord : IAsyncDisposable
{
    private readonly HashedBlockBlobWriter _blob;
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;

    public RawRecord(HashedBlockBlobWriter blob, string collector, DateTimeOffset collectedAt)
    {
        ArgumentNullException.ThrowIfNull(blob);
        _blob = blob;
        _stream = blob.AsStream();
        _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { Indented = false });
        _json.WriteStartObject();
        _json.WriteString("collector", collector);
        _json.WriteString("collectedAt", collectedAt);
        _json.WriteStartArray("responses");
    }

    public int Responses { get; private set; }

    public async Task PageAsync(string url, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        _json.WriteStartObject();
        _json.WriteString("request", $"GET {url}");
        _json.WritePropertyName("body");
        _json.WriteRawValue(body.Span, skipInputValidation: true);
        _json.WriteEndObject();
        Responses++;
        await _json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task NoteAsync(string pathAndQuery, string skipped, CancellationToken cancellationToken)
    {
        _json.WriteStartObject();
        _json.WriteString("request", $"GET {pathAndQuery}");
        _json.WriteString("skipped", skipped);
        _json.WriteEndObject();
        await _json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the document and creates the blob; its SHA-256 is measured on the way.</summary>
    public async Task<WrittenBlob> CommitAsync(IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        await _json.FlushAsync(cancellationToken).ConfigureAwait(false);
        return await _blob.CommitAsync("application/json", metadata, null, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _json.DisposeAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        await _blob.DisposeAsync().ConfigureAwait(false);
    }
}
