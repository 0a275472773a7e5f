using Isms.Core.Snapshots;
using Isms.Functions.Platform;

namespace Isms.Functions.Snapshots;

/// <summary>Sealed compliance snapshots: list, take, read, report, audit package, verification and diff.</summary>
public sealed class SnapshotsFunctions(CallerReader callers, SnapshotStore store, SnapshotTaker taker, SnapshotVerifier verifier, SnapshotPackage package)
{
    [Function("ListSnapshots")]
    [OpenApiOperation("Every sealed snapshot, newest first", "Snapshots")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<SnapshotSummary>))]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "snapshots")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var all = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        return new OkObjectResult(all.Reverse().Select(SnapshotStore.ToSummary).ToList());
    }

    [Function("TakeSnapshot")]
    [OpenApiOperation("Seal a snapshot now (ISMS admin or auditor)", "Snapshots", Description = "Streams the manifest into an immutable blob, records its SHA-256 and links it to the previous snapshot.")]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(SnapshotSummary))]
    public async Task<IActionResult> Take(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "snapshots")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Audit, out var caller, out var refusal))
        {
            return refusal!;
        }

        var record = await taker.TakeAsync(caller.Upn, "Manual", cancellationToken).ConfigureAwait(false);
        return new CreatedResult($"/api/snapshots/{record.Id}", SnapshotStore.ToSummary(record));
    }

    [Function("GetSnapshot")]
    [OpenApiOperation("The sealed manifest, byte for byte", "Snapshots", Description = "Canonical JSON; its SHA-256 is in the Repr-Digest and X-Snapshot-Sha256 headers.")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(SnapshotManifest))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "snapshots/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var record = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var content = record is null ? null : await store.OpenManifestAsync(record.Id, cancellationToken).ConfigureAwait(false);
        if (record is null || content is null)
        {
            return NotFound(id);
        }

        Seal(request.HttpContext.Response, record);
        return new FileStreamResult(content, "application/json; charset=utf-8");
    }

    [Function("SnapshotReport")]
    [OpenApiOperation("The snapshot as one self-contained HTML page", "Snapshots", Description = "Inline CSS and SVG charts, no external assets, laid out for A4.")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(string), ContentType = "text/html")]
    public async Task<IActionResult> Report(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "snapshots/{id}/report")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var found = await SealedAsync(id, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return NotFound(id);
        }

        var html = await RenderAsync(found, cancellationToken).ConfigureAwait(false);
        var response = request.HttpContext.Response;
        response.Headers.ContentSecurityPolicy = SnapshotReport.ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        return new ContentResult { Content = html, ContentType = "text/html; charset=utf-8", StatusCode = StatusCodes.Status200OK };
    }

    [Function("SnapshotPackage")]
    [OpenApiOperation("The audit package: a ZIP streamed as it is built", "Snapshots", Description = "manifest.json and its hash, report.html, statement-of-applicability.csv, every evidence file the manifest lists, and index.csv with each file's SHA-256.")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(byte[]), ContentType = "application/zip")]
    public async Task<IActionResult> Package(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "snapshots/{id}/package")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var found = await SealedAsync(id, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return NotFound(id);
        }

        var record = found.Record;
        var html = await RenderAsync(found, cancellationToken).ConfigureAwait(false);
        var response = request.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/zip";
        response.Headers.ContentDisposition = $"attachment; filename=\"{SnapshotPackage.FileName(record.Id)}\"";
        Seal(response, record);
        await package.WriteAsync(response.Body, record, found.Bytes, found.Manifest, html, cancellationToken).ConfigureAwait(false);
        return new EmptyResult();
    }

    [Function("VerifySnapshot")]
    [OpenApiOperation("Recompute the manifest's hash, every evidence file's hash and the chain", "Snapshots", Description = "verified is true only when everything matches; problems names each thing that does not.")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(VerificationResponse))]
    public async Task<IActionResult> Verify(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "snapshots/{id}/verification")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var result = await verifier.VerifyAsync(id, cancellationToken).ConfigureAwait(false);
        return result is null ? NotFound(id) : new OkObjectResult(result);
    }

    [Function("SnapshotDiff")]
    [OpenApiOperation("What changed between two snapshots", "Snapshots", Description = "Always from the older to the newer, whichever order they are named in.")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(SnapshotDiffResult))]
    public async Task<IActionResult> Diff(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "snapshots/{id}/diff/{otherId}")] HttpRequest request,
        string id,
        string otherId,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var first = await ManifestAsync(id, cancellationToken).ConfigureAwait(false);
        if (first is null)
        {
            return NotFound(id);
        }

        var second = await ManifestAsync(otherId, cancellationToken).ConfigureAwait(false);
        return second is null ? NotFound(otherId) : new OkObjectResult(SnapshotDiff.Compare(first, second));
    }

    private async Task<string> RenderAsync(SealedManifest sealedManifest, CancellationToken cancellationToken)
    {
        var record = sealedManifest.Record;
        var previous = record.PreviousId is null ? null : await store.ReadManifestAsync(record.PreviousId, cancellationToken).ConfigureAwait(false);
        var diff = previous is null ? null : SnapshotDiff.Compare(previous, sealedManifest.Manifest);
        return SnapshotReport.Render(sealedManifest.Manifest, record.Sha256, diff);
    }

    private async Task<SnapshotManifest?> ManifestAsync(string id, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } record
            ? await store.ReadManifestAsync(record.Id, cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>A snapshot's record and its sealed manifest (bytes and parsed once), or null when either is missing.</summary>
    private async Task<SealedManifest?> SealedAsync(string id, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var bytes = record is null ? null : await store.ReadManifestBytesAsync(record.Id, cancellationToken).ConfigureAwait(false);
        return record is null || bytes is null ? null : new SealedManifest(record, bytes.ToMemory(), SnapshotManifest.Read(bytes.ToMemory()));
    }

    private sealed record SealedManifest(SnapshotRecord Record, ReadOnlyMemory<byte> Bytes, SnapshotManifest Manifest);

    /// <summary>The hash recorded when the manifest was sealed (RFC 9530 Repr-Digest is base64; the hex one is for people).</summary>
    private static void Seal(HttpResponse response, SnapshotRecord record)
    {
        response.Headers["X-Snapshot-Sha256"] = record.Sha256;
        if (record.Sha256.Length == 64)
        {
            response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(record.Sha256))}:";
        }
    }

    private static ObjectResult NotFound(string id) =>
        Problem.NotFound($"There is no snapshot '{System.Net.WebUtility.HtmlEncode(id)}'. GET /api/snapshots lists them (ids look like SNAP-000001).");
}
