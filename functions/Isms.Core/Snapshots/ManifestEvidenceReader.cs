using System.Collections;
using System.Text.Json;

namespace Isms.Core.Snapshots;

/// <summary>
/// The evidence rows of sealed manifest bytes, read one at a time as they are walked: only the row in hand is ever
/// an object, however many files the manifest lists. Each walk starts again from the bytes.
/// </summary>
internal sealed class ManifestEvidenceReader(ReadOnlyMemory<byte> manifest) : IEnumerable<ManifestEvidence>
{
    private static readonly byte[] Member = System.Text.Encoding.UTF8.GetBytes(SnapshotManifestJson.Name(nameof(SnapshotManifest.Evidence)));

    public IEnumerator<ManifestEvidence> GetEnumerator()
    {
        var (offset, state) = Start();
        while (Next(ref offset, ref state) is { } row)
        {
            yield return row;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Where the first row starts, with the reader's state there; the offset is -1 when the manifest lists none.</summary>
    private (long Offset, JsonReaderState State) Start()
    {
        var reader = new Utf8JsonReader(manifest.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A manifest is a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals(Member))
            {
                reader.Skip();
                continue;
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("The manifest's evidence is not an array.");
            }

            return (reader.BytesConsumed, reader.CurrentState);
        }

        return (-1, default);
    }

    private ManifestEvidence? Next(ref long offset, ref JsonReaderState state)
    {
        if (offset < 0)
        {
            return null;
        }

        var reader = new Utf8JsonReader(manifest.Span[(int)offset..], isFinalBlock: true, state);
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
        {
            offset = -1;
            return null;
        }

        var row = JsonSerializer.Deserialize(ref reader, SnapshotManifestJson.TypeInfo<ManifestEvidence>())
            ?? throw new JsonException("An evidence row is null.");
        offset += reader.BytesConsumed;
        state = reader.CurrentState;
        return row;
    }
}
