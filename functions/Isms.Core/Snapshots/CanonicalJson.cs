using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Isms.Core.Snapshots;

/// <summary>
/// The canonical form a sealed manifest is hashed in: UTF-8, object keys in ordinal order, no insignificant
/// whitespace, strings escaped only where JSON requires it. The same content always gives the same bytes,
/// so anyone can re-derive the hash from the document alone.
/// </summary>
public static class CanonicalJson
{
    /// <summary>Writer settings every canonical document is produced with.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    /// <summary>Rewrites any JSON document in canonical form.</summary>
    public static byte[] Canonicalize(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, document.RootElement);
        }

        return buffer.ToArray();
    }

    /// <summary>True when the bytes are already exactly their canonical form.</summary>
    public static bool IsCanonical(ReadOnlyMemory<byte> json)
    {
        try
        {
            return Canonicalize(json).AsSpan().SequenceEqual(json.Span);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Writes an element with every object's keys in ordinal order; numbers keep their literal text.</summary>
    public static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage with one decimal; 0 when there is nothing to share.</summary>
    public static double Percent(int part, int whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 1, MidpointRounding.AwayFromZero);
}
