using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.RegularExpressions;

namespace Isms.Functions.Platform;

/// <summary>
/// Builds the OpenAPI 3.1 document from the HTTP functions themselves: routes and methods from their triggers,
/// schemas from the very types they read and write, so the description cannot drift from the code.
/// </summary>
public static partial class OpenApiDocument
{
    /// <summary>The JSON API's routes start here; the pages for people (outside it) are not part of the API's description.</summary>
    public const string ApiPrefix = "api/";

    public static JsonObject Build(IEnumerable<DiscoveredFunction> functions, string title, string version)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var schemas = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        var paths = new JsonObject();
        foreach (var function in functions.Where(f => f.Http is not null && f.HttpRoute!.StartsWith(ApiPrefix, StringComparison.Ordinal)).OrderBy(f => f.HttpRoute, StringComparer.Ordinal))
        {
            var template = RouteConstraint().Replace(function.HttpRoute!, "{$1}");
            var path = paths[$"/{template}"] as JsonObject ?? new JsonObject();
            paths[$"/{template}"] = path;
            foreach (var method in function.HttpMethods)
            {
                path[method.ToLowerInvariant()] = Operation(function, template, schemas);
            }
        }

        var components = new JsonObject
        {
            ["schemas"] = new JsonObject(schemas.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
            ["securitySchemes"] = new JsonObject
            {
                ["appServiceAuthentication"] = new JsonObject
                {
                    ["type"] = "apiKey",
                    ["in"] = "header",
                    ["name"] = "X-MS-CLIENT-PRINCIPAL",
                    ["description"] = "Set by App Service Authentication (Entra ID) in Azure; the local host accepts it from any caller.",
                },
            },
        };
        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = title, ["version"] = version },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/" }),
            ["security"] = new JsonArray(new JsonObject { ["appServiceAuthentication"] = new JsonArray() }),
            ["paths"] = paths,
            ["components"] = components,
        };
    }

    private static JsonObject Operation(DiscoveredFunction function, string template, IDictionary<string, JsonNode> schemas)
    {
        var info = function.Method.GetCustomAttribute<OpenApiOperationAttribute>()
            ?? throw new InvalidOperationException($"HTTP function '{function.Name}' has no [OpenApiOperation].");
        var operation = new JsonObject
        {
            ["operationId"] = function.Name,
            ["summary"] = info.Summary,
            ["tags"] = new JsonArray(info.Tag),
        };
        if (info.Description is not null)
        {
            operation["description"] = info.Description;
        }

        if (info.Anonymous)
        {
            operation["security"] = new JsonArray();
        }

        var parameters = new JsonArray();
        foreach (Match match in RouteParameter().Matches(template))
        {
            parameters.Add(new JsonObject { ["name"] = match.Groups[1].Value, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        foreach (var query in function.Method.GetCustomAttributes<OpenApiQueryAttribute>())
        {
            parameters.Add(new JsonObject { ["name"] = query.Name, ["in"] = "query", ["description"] = query.Description, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (function.Method.GetCustomAttribute<OpenApiRequestAttribute>() is { } request)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { [request.ContentType] = new JsonObject { ["schema"] = SchemaRef(request.BodyType, schemas) } },
            };
        }

        var responses = new JsonObject();
        foreach (var response in function.Method.GetCustomAttributes<OpenApiResponseAttribute>().OrderBy(r => r.Status))
        {
            var entry = new JsonObject { ["description"] = response.Description ?? ReasonPhrase(response.Status) };
            if (response.BodyType is not null)
            {
                entry["content"] = new JsonObject { [response.ContentType] = new JsonObject { ["schema"] = SchemaRef(response.BodyType, schemas) } };
            }

            responses[response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = entry;
        }

        responses["default"] = new JsonObject
        {
            ["description"] = "An error, as problem details naming what to fix",
            ["content"] = new JsonObject { [Problem.ContentType] = new JsonObject { ["schema"] = SchemaRef(typeof(ValidationProblemDetails), schemas) } },
        };
        operation["responses"] = responses;
        return operation;
    }

    private static JsonObject SchemaRef(Type type, IDictionary<string, JsonNode> schemas)
    {
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        var name = SchemaName(type);
        var component = $"#/components/schemas/{Pointer(name)}";
        if (!schemas.ContainsKey(name))
        {
            var schema = JsonSchemaExporter.GetJsonSchemaAsNode(IsmsJson.Options, type, ExporterOptions);
            Rebase(schema, component);
            schemas[name] = schema;
        }

        return new JsonObject { ["$ref"] = component };
    }

    private static readonly JsonSchemaExporterOptions ExporterOptions = new() { TreatNullObliviousAsNonNullable = true };

    /// <summary>
    /// The exporter writes a type met a second time (or recursively) as a reference relative to the schema it exports
    /// (<c>#/properties/controls/items</c>); once that schema lives at <paramref name="component"/>, such a reference
    /// must say so, or it leads nowhere in the document.
    /// </summary>
    private static void Rebase(JsonNode? node, string component)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target) && target.StartsWith('#'))
                {
                    schema["$ref"] = component + target[1..];
                }

                foreach (var (_, child) in schema)
                {
                    Rebase(child, component);
                }

                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    Rebase(item, component);
                }

                break;
        }
    }

    /// <summary>A name as one JSON pointer token (RFC 6901).</summary>
    private static string Pointer(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string SchemaName(Type type) =>
        type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}Of{string.Join("And", type.GetGenericArguments().Select(SchemaName))}"
            : type.IsArray ? SchemaName(type.GetElementType()!) + "Array" : type.Name;

    private static string ReasonPhrase(int status) => ((HttpStatusCode)status).ToString();

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)(?::[^}]*)?\??\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}")]
    private static partial Regex RouteParameter();
}
