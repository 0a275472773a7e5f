using System.Text.Json;

namespace Isms.Core.Snapshots;

/// <summary>
/// Writes a manifest section by section as the registers stream past: rows and whole sections through
/// <see cref="SnapshotManifestJson"/>, member names from the records' own property names. A member written out of
/// ordinal order is refused at once, so a streamed manifest is in canonical form by construction, not by luck.
/// </summary>
public sealed class ManifestJsonWriter(Utf8JsonWriter json)
{
    /// <summary>The last member written in each object still open, innermost on top.</summary>
    private readonly Stack<string?> _lastMember = new();

    public void StartObject()
    {
        json.WriteStartObject();
        _lastMember.Push(null);
    }

    /// <param name="property">The record property the member stands for: <c>nameof(SnapshotManifest.CorrectiveActions)</c>.</param>
    public void StartObject(string property)
    {
        Member(property);
        StartObject();
    }

    public void EndObject()
    {
        _lastMember.Pop();
        json.WriteEndObject();
    }

    public void StartArray(string property)
    {
        Member(property);
        json.WriteStartArray();
    }

    public void EndArray() => json.WriteEndArray();

    /// <summary>One row of the array being written.</summary>
    public void Row<T>(T row) => JsonSerializer.Serialize(json, row, SnapshotManifestJson.TypeInfo<T>());

    /// <summary>A member and its whole value.</summary>
    public void Write<T>(string property, T value)
    {
        Member(property);
        Row(value);
    }

    private void Member(string property)
    {
        var name = SnapshotManifestJson.Name(property);
        var previous = _lastMember.Peek();
        if (previous is not null && string.CompareOrdinal(previous, name) >= 0)
        {
            throw new InvalidOperationException($"Manifest member '{name}' would follow '{previous}': canonical JSON needs members in ordinal order.");
        }

        _lastMember.Pop();
        _lastMember.Push(name);
        json.WritePropertyName(name);
    }
}
