using Isms.Core.Snapshots;
using Isms.Functions.Platform;

namespace Isms.Functions.Snapshots;

/// <summary>The files of a sealed snapshot: the manifest byte for byte, its report, and the audit package.</summary>
public sealed class SnapshotFilesFunctions(CallerReader callers, SnapshotService snapshots)
{
    [Function("GetSnapshot")]
    [OpenApiOperation("The sealed manifest, byte for byte", "Snapshots", Description = "Canonical JSON; its SHA-256 is in the Repr-Digest and X-Snapshot-Sha256 headers.")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(SnapshotManifest))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/snapshots/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var opened = await snapshots.OpenManifestAsync(id, cancellationToken).ConfigureAwait(false);
        if (!opened.IsSuccess)
        {
            return ApiResults.Refused(opened.Refusal);
        }

        Seal(request.HttpContext.Response, opened.Value.Record);
        return new FileStreamResult(opened.Value.Content, "application/json; charset=utf-8");
    }

    [Function("SnapshotReport")]
    [OpenApiOperation("The snapshot as one self-contained HTML page", "Snapshots", Description = "Inline CSS and SVG charts, no external assets, laid out for A4.")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(string), ContentType = "text/html")]
    public async Task<IActionResult> Report(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/snapshots/{id}/report")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var report = await snapshots.ReportAsync(id, cancellationToken).ConfigureAwait(false);
        if (!report.IsSuccess)
        {
            return ApiResults.Refused(report.Refusal);
        }

        var response = request.HttpContext.Response;
        response.Headers.ContentSecurityPolicy = SnapshotReport.ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        return new ContentResult { Content = report.Value.Html, ContentType = "text/html; charset=utf-8", StatusCode = StatusCodes.Status200OK };
    }

    [Function("SnapshotPackage")]
    [OpenApiOperation("The audit package: a ZIP streamed as it is built (ISMS admin or auditor)", "Snapshots", Description = "manifest.json and its hash, report.html, statement-of-applicability.csv, every evidence file the manifest lists, and index.csv with each file's SHA-256.")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(byte[]), ContentType = "application/zip")]
    public async Task<IActionResult> Package(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/snapshots/{id}/package")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Audit, out _, out var refusal))
        {
            return refusal!;
        }

        var source = await snapshots.PackageAsync(id, cancellationToken).ConfigureAwait(false);
        if (!source.IsSuccess)
        {
            return ApiResults.Refused(source.Refusal);
        }

        var response = request.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/zip";
        response.Headers.ContentDisposition = $"attachment; filename=\"{source.Value.FileName}\"";
        Seal(response, source.Value.Record);
        await source.Value.WriteToAsync(response.Body, cancellationToken).ConfigureAwait(false);
        return new EmptyResult();
    }

    /// <summary>The hash recorded when the manifest was sealed (RFC 9530 Repr-Digest is base64; the hex one is for people).</summary>
    private static void Seal(HttpResponse response, SnapshotRecord record)
    {
        response.Headers["X-Snapshot-Sha256"] = record.Sha256;
        if (record.Sha256.Length == 64)
        {
            response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(record.Sha256))}:";
        }
    }
}
