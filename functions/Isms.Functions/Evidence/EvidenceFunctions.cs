using Isms.Core.Controls;
using Isms.Functions.Platform;
using Isms.Functions.Storage;
using Microsoft.Net.Http.Headers;

namespace Isms.Functions.Evidence;

/// <summary>Evidence over HTTP: streamed upload, new versions, listing, metadata, download with the stored hash (legal hold: <see cref="EvidenceLegalHoldFunctions"/>).</summary>
public sealed class EvidenceFunctions(CallerReader callers, EvidenceService evidence)
{
    /// <summary>The response header carrying the stored SHA-256 (hex) of the bytes being sent.</summary>
    public const string HashHeader = "x-isms-sha256";

    [Function("UploadEvidence")]
    [OpenApiOperation("Upload evidence (multipart/form-data)", "Evidence", Description = "One 'file' part plus controlIds (comma separated or repeated), optional correctiveActionId, auditId, effectiveDate (default today), description and restricted (true: read only by admins, auditors, its uploader and its controls' owners). The file is streamed to storage and hashed on the way; its type is judged by its content. Files above Evidence:MaxHttpUploadBytes go through POST /api/evidence/uploads.")]
    [OpenApiRequest(typeof(EvidenceUploadForm), ContentType = "multipart/form-data")]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(EvidenceUploadResponse))]
    [OpenApiResponse(StatusCodes.Status413PayloadTooLarge, null, "the file is over the HTTP upload limit")]
    [OpenApiResponse(StatusCodes.Status415UnsupportedMediaType, null, "not an accepted evidence type, an executable, or content that contradicts its name or declared type")]
    [OpenApiResponse(StatusCodes.Status422UnprocessableEntity, null, "with malware scanning on (Storage:MalwareScanning): the scan flagged the file, which was discarded")]
    [OpenApiResponse(StatusCodes.Status409Conflict, null, "with malware scanning on: the scan did not report in time; nothing was filed")]
    public async Task<IActionResult> Upload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/evidence")] HttpRequest request,
        CancellationToken cancellationToken) =>
        callers.TryAuthorize(request, Access.Contribute, out var caller, out var refusal)
            ? ApiResults.Created(await evidence.ReceiveAsync(caller, request, null, cancellationToken).ConfigureAwait(false), request, Location)
            : refusal!;

    [Function("AddEvidenceVersion")]
    [OpenApiOperation("Upload a new version of evidence (same form as the upload)", "Evidence", Description = "Earlier versions stay readable with their hashes. controlIds, correctiveActionId and auditId are optional here and, when sent, replace the evidence's links.")]
    [OpenApiRequest(typeof(EvidenceUploadForm), ContentType = "multipart/form-data")]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(EvidenceUploadResponse))]
    [OpenApiResponse(StatusCodes.Status422UnprocessableEntity, null, "with malware scanning on: the scan flagged the file, which was discarded")]
    [OpenApiResponse(StatusCodes.Status409Conflict, null, "with malware scanning on: the scan did not report in time; nothing was filed")]
    public async Task<IActionResult> AddVersion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/evidence/{id}/versions")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        callers.TryAuthorize(request, Access.Contribute, out var caller, out var refusal)
            ? ApiResults.Created(await evidence.ReceiveAsync(caller, request, id, cancellationToken).ConfigureAwait(false), request, Location)
            : refusal!;

    [Function("ListEvidence")]
    [OpenApiOperation("Evidence, by control, corrective action or audit", "Evidence")]
    [OpenApiQuery("controlId", "a clause or Annex A control, e.g. A.5.15")]
    [OpenApiQuery("correctiveActionId", "a corrective action's id")]
    [OpenApiQuery("auditId", "an audit's id")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<EvidenceResponse>))]
    [OpenApiQuery("pageSize", "items per page, 1 to 1000 (100 when absent); the next page is in the Link header")]
    [OpenApiQuery("page", "the page, from 1")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/evidence")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out var caller, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        var controlId = query.Control("controlId");
        var actionId = query.Id("correctiveActionId");
        var auditId = query.Id("auditId");
        var page = query.Page();
        return query.Errors ?? page.Answer(await evidence.ListAsync(caller, controlId, actionId, auditId, cancellationToken).ConfigureAwait(false), request);
    }

    [Function("GetEvidence")]
    [OpenApiOperation("One piece of evidence: its links, retention, legal hold and every version with its hash", "Evidence", Description = "For every ISMS role, and for a person without one who owns the corrective action it is linked to or one of its controls.")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(EvidenceResponse))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/evidence/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        callers.TryAuthorize(request, Access.Person, out var caller, out var refusal)
            ? ApiResults.Ok(await evidence.GetAsync(caller, id, cancellationToken).ConfigureAwait(false), request)
            : refusal!;

    [Function("DownloadEvidence")]
    [OpenApiOperation("The evidence file, streamed, with Content-Disposition and its stored SHA-256", "Evidence", Description = "Read as GET /api/evidence/{id} is (ISMS roles, and the owners of its action and controls). The latest version unless ?version= names another. The stored hash is in the x-isms-sha256 header (hex) and in Repr-Digest (RFC 9530).")]
    [OpenApiQuery("version", "a version number; the latest when absent")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(string), "the file", ContentType = "application/octet-stream")]
    public async Task<IActionResult> Download(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/evidence/{id}/content")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Person, out var caller, out var refusal))
        {
            return refusal!;
        }

        var opened = await evidence.OpenAsync(caller, id, Query.Of(request).Text("version"), cancellationToken).ConfigureAwait(false);
        if (!opened.IsSuccess)
        {
            return ApiResults.Refused(opened.Refusal);
        }

        var version = opened.Value.Version;
        var headers = request.HttpContext.Response.Headers;
        headers[HashHeader] = version.Sha256;
        headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(version.Sha256))}:";
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.ContentSecurityPolicy] = "sandbox";
        headers[HeaderNames.CacheControl] = "private, no-store";
        request.HttpContext.Response.ContentLength = version.Size;
        return new FileStreamResult(opened.Value.Content, version.ContentType) { FileDownloadName = version.FileName, EnableRangeProcessing = false };
    }

    private static string Location(EvidenceUploadResponse filed) => $"/api/evidence/{filed.Id}";
}
