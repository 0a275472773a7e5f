using System.Security.Cryptography;

namespace Isms.Functions.Pages;

/// <summary>
/// The pages' static files (the stylesheet, the upload page's script), shipped inside the app and served with a
/// validator and a cache lifetime, so a page's own HTML carries no inline style or script for the CSP to allow.
/// </summary>
public static class PageAssetsFunction
{
    private static readonly Dictionary<string, (byte[] Bytes, string ContentType, string ETag)> Assets = Load();

    [Function("PageAsset")]
    public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "static/{name}")] HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Assets.TryGetValue(name, out var asset))
        {
            return new NotFoundResult();
        }

        var headers = request.HttpContext.Response.Headers;
        headers.CacheControl = "private, max-age=3600";
        headers.ETag = asset.ETag;
        headers.XContentTypeOptions = "nosniff";
        return request.Headers.IfNoneMatch.ToString() == asset.ETag
            ? new StatusCodeResult(StatusCodes.Status304NotModified)
            : new FileContentResult(asset.Bytes, asset.ContentType);
    }

    private static Dictionary<string, (byte[], string, string)> Load()
    {
        var assembly = typeof(PageAssetsFunction).Assembly;
        var found = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.Contains(".Pages.Static.", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var name = resource[(resource.IndexOf(".Pages.Static.", StringComparison.Ordinal) + ".Pages.Static.".Length)..];
            var type = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            found[name] = (bytes, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
        }

        return found;
    }
}
