using Isms.Core.Snapshots;
using Isms.Functions.Platform;

namespace Isms.Functions.Snapshots;

/// <summary>Sealed compliance snapshots: list, take, read, report, audit package, verification and diff.</summary>
public sealed class SnapshotsFunctions(CallerReader callers, SnapshotService snapshots)
{
    [Function("ListSnapshots")]
    [OpenApiOperation("Every sealed snapshot, newest first", "Snapshots")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<SnapshotSummary>))]
    [OpenApiQuery("pageSize", "items per page, 1 to 1000 (100 when absent); the next page is in the Link header")]
    [OpenApiQuery("page", "the page, from 1")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/snapshots")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        var page = query.Page();
        return query.Errors ?? page.Answer(await snapshots.ListAsync(cancellationToken).ConfigureAwait(false), request);
    }

    [Function("TakeSnapshot")]
    [OpenApiOperation("Seal a snapshot now (ISMS admin or auditor)", "Snapshots", Description = "No body (or {}). Streams the manifest into an immutable blob, records its SHA-256 and links it to the previous snapshot.")]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(SnapshotSummary))]
    public async Task<IActionResult> Take(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/snapshots")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Audit, out var caller, out var refusal))
        {
            return refusal!;
        }

        if (await JsonBody.RefuseAnyBodyAsync(request, cancellationToken).ConfigureAwait(false) is { } body)
        {
            return body;
        }

        var sealedSnapshot = await snapshots.SealAsync(caller, cancellationToken).ConfigureAwait(false);
        return new CreatedResult($"/api/snapshots/{sealedSnapshot.Id}", sealedSnapshot);
    }

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

    [Function("VerifySnapshot")]
    [OpenApiOperation("Recompute the manifest's hash, every evidence file's hash and the chain (ISMS admin or auditor)", "Snapshots", Description = "verified is true only when everything matches; problems names each thing that does not.")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(VerificationResponse))]
    public async Task<IActionResult> Verify(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/snapshots/{id}/verification")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        return callers.TryAuthorize(request, Access.Audit, out _, out var refusal)
            ? ApiResults.Ok(await snapshots.VerifyAsync(id, cancellationToken).ConfigureAwait(false), request)
            : refusal!;
    }

    [Function("SnapshotDiff")]
    [OpenApiOperation("What changed between two snapshots", "Snapshots", Description = "Always from the older to the newer, whichever order they are named in.")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(SnapshotDiffResult))]
    public async Task<IActionResult> Diff(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/snapshots/{id}/diff/{otherId}")] HttpRequest request,
        string id,
        string otherId,
        CancellationToken cancellationToken)
    {
        return callers.TryAuthorize(request, Access.Read, out _, out var refusal)
            ? ApiResults.Ok(await snapshots.DiffAsync(id, otherId, cancellationToken).ConfigureAwait(false), request)
            : refusal!;
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
