using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Isms.Core.Validation;

/// <summary>
/// Describes what changed between two versions of a record, field by field, for the append-only audit
/// trail ("who changed what, from what to what"), which ISO 27001 auditors ask to see.
/// </summary>
/// <remarks>
/// Values are compared through their JSON form, the same form the API shows, so lists and nested records
/// compare by content (records holding lists do not) and dates read as 2026-03-31, enums by name.
/// Only settable properties count: computed ones (e.g. <c>Audit.Team</c>) follow from the others.
/// </remarks>
public static class Changes
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// The changed fields in declaration order. A null <paramref name="before"/> describes a creation
    /// (every field that has a value), a null <paramref name="after"/> a deletion.
    /// </summary>
    public static IReadOnlyList<FieldChange> Between<T>(T? before, T? after)
        where T : class
    {
        var changes = new List<FieldChange>();
        var properties = typeof(T)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.SetMethod is not null && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken);

        foreach (var property in properties)
        {
            var old = Describe(before is null ? null : property.GetValue(before));
            var @new = Describe(after is null ? null : property.GetValue(after));
            if (old != @new)
            {
                changes.Add(new FieldChange(JsonNamingPolicy.CamelCase.ConvertName(property.Name), old, @new));
            }
        }

        return changes;
    }

    private static string? Describe(object? value)
    {
        if (value is null)
        {
            return null;
        }

        var element = JsonSerializer.SerializeToElement(value, value.GetType(), Json);
        return element.ValueKind switch
        {
            // An empty list says nothing was there: a creation does not list it, and emptying a list reads as removing it.
            JsonValueKind.Null => null,
            JsonValueKind.Array when element.GetArrayLength() == 0 => null,
            JsonValueKind.String => element.GetString(),
            _ => element.GetRawText(),
        };
    }
}
