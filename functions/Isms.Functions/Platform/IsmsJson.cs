using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Isms.Functions.Platform;

/// <summary>The JSON shape of the API: camelCase, enums as their names, no nulls written.</summary>
public static class IsmsJson
{
    public static JsonSerializerOptions Options { get; } = Frozen(Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
        {
            options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        }

        options.TypeInfoResolver ??= new DefaultJsonTypeInfoResolver();
        return options;
    }

    private static JsonSerializerOptions Frozen(JsonSerializerOptions options)
    {
        options.MakeReadOnly();
        return options;
    }
}
