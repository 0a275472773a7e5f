using System.Text.Json.Nodes;

namespace Isms.Functions.Platform;

/// <summary>Serves the OpenAPI document of every HTTP function in this app.</summary>
public sealed class OpenApiFunction
{
    private static readonly Lazy<string> Document = new(() =>
    {
        var assembly = typeof(OpenApiFunction).Assembly;
        var version = assembly.GetName().Version?.ToString(3) ?? "1.0.0";
        var document = OpenApiDocument.Build(FunctionDiscovery.Find(assembly), "ISMS automation API", version);
        return document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    });

    [Function("OpenApi")]
    [OpenApiOperation("This OpenAPI 3.1 document", "Platform", Anonymous = true)]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(JsonObject), "the document")]
    public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/openapi.json")] HttpRequest request) =>
        new ContentResult { Content = Document.Value, ContentType = "application/json; charset=utf-8", StatusCode = StatusCodes.Status200OK };
}
