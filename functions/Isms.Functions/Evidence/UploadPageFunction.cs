using Isms.Functions.Platform;

namespace Isms.Functions.Evidence;

/// <summary>The upload page's old address, under the API: links in cards sent before still lead here.</summary>
public static class UploadPageFunction
{
    [Function("UploadPageMoved")]
    [OpenApiOperation("The upload page's old address: 301 to /upload, the page for people", "Evidence", Anonymous = true)]
    [OpenApiResponse(StatusCodes.Status301MovedPermanently, typeof(string), "moved to /upload", ContentType = "text/html")]
    public static IActionResult Moved([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/upload")] HttpRequest request) =>
        Pages.PageRenderer.MovedTo(Pages.PagePaths.Upload);
}
