using System.Globalization;
using System.Security.Cryptography;
using Isms.Core.Evidence;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Evidence;

/// <summary>
/// The page from which a person uploads evidence in a browser: plain HTML, CSS and a little JavaScript, shipped
/// inside the app as embedded resources and served as one document under a strict Content-Security-Policy
/// (a per-response nonce; connections only to this app and, for large files, the blob endpoint).
/// </summary>
public sealed class UploadPageFunction(IOptions<EvidenceOptions> options, IsmsStorage storage)
{
    private static readonly Lazy<(string Html, string Css, string Js)> Assets = new(() => (Read("upload.html"), Read("upload.css"), Read("upload.js")));

    [Function("UploadPage")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "upload")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var (html, css, js) = Assets.Value;
        var page = html
            .Replace("{{css}}", css, StringComparison.Ordinal)
            .Replace("{{js}}", js, StringComparison.Ordinal)
            .Replace("{{nonce}}", nonce, StringComparison.Ordinal)
            .Replace("{{maxHttpUploadBytes}}", options.Value.MaxHttpUploadBytes.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var blob = storage.BlobService.Uri;
        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; img-src 'self' data:; " +
            $"connect-src 'self' {blob.GetLeftPart(UriPartial.Authority)}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return new ContentResult { Content = page, ContentType = "text/html; charset=utf-8", StatusCode = StatusCodes.Status200OK };
    }

    /// <summary>The page's old address, under the API: links in cards sent before still lead here.</summary>
    [Function("UploadPageMoved")]
    [OpenApiOperation("The upload page's old address: 301 to /upload, the page for people", "Evidence", Anonymous = true)]
    [OpenApiResponse(StatusCodes.Status301MovedPermanently, typeof(string), "moved to /upload", ContentType = "text/html")]
    public static IActionResult Moved([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/upload")] HttpRequest request) =>
        Pages.PageRenderer.MovedTo(Pages.PagePaths.Upload);

    private static string Read(string name)
    {
        var assembly = typeof(UploadPageFunction).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("UploadPage." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
