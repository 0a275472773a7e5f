using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Isms.Core.Snapshots;

/// <summary>
/// How the manifest's records map to JSON, for writing and reading alike: camelCase members in ordinal order (the
/// canonical form the hash depends on), enums as their names, dates as <c>yyyy-MM-dd</c>, instants as UTC
/// <c>yyyy-MM-ddTHH:mm:ssZ</c> with fractions only when present, nulls written. Reading is strict: a member missing,
/// null where the format has none, or of another type is a <see cref="JsonException"/>, never a default.
/// </summary>
public static class SnapshotManifestJson
{
    public static JsonSerializerOptions Options { get; } = Build();

    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>The member name of a property of the manifest's records (<c>nameof(SnapshotManifest.TakenAt)</c> → <c>takenAt</c>).</summary>
    public static string Name(string propertyName) => JsonNamingPolicy.CamelCase.ConvertName(propertyName);

    private static JsonSerializerOptions Build()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Encoder = CanonicalJson.WriterOptions.Encoder,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            NumberHandling = JsonNumberHandling.Strict,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OrdinalMemberOrder } },
            Converters = { new JsonStringEnumConverter(allowIntegerValues: false), new InstantConverter(), new DateConverter() },
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Members in ordinal order, whatever order the record declares them in.</summary>
    private static void OrdinalMemberOrder(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var ordered = typeInfo.Properties.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        typeInfo.Properties.Clear();
        foreach (var property in ordered)
        {
            typeInfo.Properties.Add(property);
        }
    }

    private sealed class InstantConverter : JsonConverter<DateTimeOffset>
    {
        private const string Format = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
            && DateTimeOffset.TryParseExact(reader.GetString(), Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
                ? instant
                : throw new JsonException("An instant must be a UTC yyyy-MM-ddTHH:mm:ssZ string.");

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(CanonicalJson.Instant(value));
    }

    private sealed class DateConverter : JsonConverter<DateOnly>
    {
        public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
            && DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw new JsonException("A date must be a yyyy-MM-dd string.");

        public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(CanonicalJson.Date(value));
    }
}
