using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Specialized;
using Isms.Core.Controls;
using Isms.Core.Evidence;
using Isms.Core.Validation;
using Isms.Functions.Platform;
using Isms.Functions.Registers;
using Isms.Functions.Storage;
using Microsoft.Net.Http.Headers;

namespace Isms.Functions.Evidence;

/// <summary>Evidence over HTTP: streamed upload, new versions, listing, metadata, download with the stored hash.</summary>
public sealed class EvidenceFunctions(
    CallerReader callers,
    EvidenceRegister register,
    EvidenceFiling filing,
    EvidenceDetailsValidator validator,
    StagedUploads staging,
    IOptions<EvidenceOptions> options,
    TimeProvider time)
{
    /// <summary>The response header carrying the stored SHA-256 (hex) of the bytes being sent.</summary>
    public const string HashHeader = "x-isms-sha256";

    [Function("UploadEvidence")]
    [OpenApiOperation("Upload evidence (multipart/form-data)", "Evidence", Description = "One 'file' part plus controlIds (comma separated or repeated), optional correctiveActionId, auditId, effectiveDate (default today) and description. The file is streamed to storage and hashed on the way; its type is judged by its content. Files above Evidence:MaxHttpUploadBytes go through POST /api/evidence/uploads.")]
    [OpenApiRequest(typeof(EvidenceUploadForm), ContentType = "multipart/form-data")]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(EvidenceUploadResponse))]
    [OpenApiResponse(StatusCodes.Status413PayloadTooLarge, null, "the file is over the HTTP upload limit")]
    [OpenApiResponse(StatusCodes.Status415UnsupportedMediaType, null, "not an accepted evidence type, an executable, or content that contradicts its name or declared type")]
    public async Task<IActionResult> Upload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "evidence")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Contribute, out var caller, out var refusal))
        {
            return refusal!;
        }

        var id = RecordIds.New("EV");
        return await ReceiveAsync(request, id, newEvidence: true, caller, cancellationToken).ConfigureAwait(false);
    }

    [Function("AddEvidenceVersion")]
    [OpenApiOperation("Upload a new version of evidence (same form as the upload)", "Evidence", Description = "Earlier versions stay readable with their hashes. controlIds, correctiveActionId and auditId are optional here and, when sent, replace the evidence's links.")]
    [OpenApiRequest(typeof(EvidenceUploadForm), ContentType = "multipart/form-data")]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(EvidenceUploadResponse))]
    public async Task<IActionResult> AddVersion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "evidence/{id}/versions")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Contribute, out var caller, out var refusal))
        {
            return refusal!;
        }

        if (await register.GetAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound(id);
        }

        return await ReceiveAsync(request, id, newEvidence: false, caller, cancellationToken).ConfigureAwait(false);
    }

    [Function("ListEvidence")]
    [OpenApiOperation("Evidence, by control, corrective action or audit", "Evidence")]
    [OpenApiQuery("controlId", "a clause or Annex A control, e.g. A.5.15")]
    [OpenApiQuery("correctiveActionId", "a corrective action's id")]
    [OpenApiQuery("auditId", "an audit's id")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<EvidenceResponse>))]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "evidence")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        var controlId = query.Text("controlId");
        if (controlId is not null)
        {
            if (ControlCatalogue.TryGet(controlId, out var control))
            {
                controlId = control.Id;
            }
            else
            {
                query.Fail("controlId", $"'{controlId}' is not a control; use a clause (4.1 ... 10.2) or an Annex A control (A.5.1 ... A.8.34).");
            }
        }

        var actionId = query.Text("correctiveActionId");
        var auditId = query.Text("auditId");
        foreach (var (name, value) in new[] { ("correctiveActionId", actionId), ("auditId", auditId) })
        {
            if (value is not null && !RecordIds.IsWellFormed(value))
            {
                query.Fail(name, $"{name} is not an id.");
            }
        }

        if (query.Errors is { } errors)
        {
            return errors;
        }

        var found = await register.ListAsync(controlId, actionId, auditId, cancellationToken).ConfigureAwait(false);
        return new OkObjectResult(found.Select(EvidenceRegister.ToResponse).ToList());
    }

    [Function("GetEvidence")]
    [OpenApiOperation("One piece of evidence: its links, retention, legal hold and every version with its hash", "Evidence")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(EvidenceResponse))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "evidence/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var stored = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return stored is null ? NotFound(id) : ApiResults.Ok(EvidenceRegister.ToResponse(stored), request.HttpContext.Response, stored.ETag);
    }

    [Function("DownloadEvidence")]
    [OpenApiOperation("The evidence file, streamed, with Content-Disposition and its stored SHA-256", "Evidence", Description = "The latest version unless ?version= names another. The stored hash is in the x-isms-sha256 header (hex) and in Repr-Digest (RFC 9530).")]
    [OpenApiQuery("version", "a version number; the latest when absent")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(string), "the file", ContentType = "application/octet-stream")]
    public async Task<IActionResult> Download(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "evidence/{id}/content")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var stored = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return NotFound(id);
        }

        var version = stored.Value.Latest;
        if (Query.Of(request).Text("version") is { } asked)
        {
            if (!int.TryParse(asked, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || stored.Value.Versions.FirstOrDefault(v => v.Version == number) is not { } chosen)
            {
                return Problem.Field("version", $"version must be one of 1 to {stored.Value.Versions.Count}.");
            }

            version = chosen;
        }

        var container = await register.ContainerAsync(cancellationToken).ConfigureAwait(false);
        Azure.Storage.Blobs.Models.BlobDownloadStreamingResult download;
        try
        {
            download = (await container.GetBlobClient(version.BlobName).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return Problem.Create(StatusCodes.Status410Gone, "The file is gone.", $"Version {version.Version} of evidence {id} is recorded but its file is no longer in storage; tell the ISMS manager.");
        }

        var headers = request.HttpContext.Response.Headers;
        headers[HashHeader] = version.Sha256;
        headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(version.Sha256))}:";
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.ContentSecurityPolicy] = "sandbox";
        headers[HeaderNames.CacheControl] = "private, no-store";
        request.HttpContext.Response.ContentLength = version.Size;
        return new FileStreamResult(download.Content, version.ContentType) { FileDownloadName = version.FileName, EnableRangeProcessing = false };
    }

    [Function("SetEvidenceLegalHold")]
    [OpenApiOperation("Put evidence on legal hold (ISMS admin): it is kept past its retention until the hold is cleared", "Evidence")]
    [OpenApiRequest(typeof(LegalHoldRequest))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(EvidenceResponse))]
    public Task<IActionResult> SetLegalHold(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "evidence/{id}/legal-hold")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) => ChangeHoldAsync(request, id, hold: true, cancellationToken);

    [Function("ClearEvidenceLegalHold")]
    [OpenApiOperation("Clear a legal hold (ISMS admin): retention applies again", "Evidence")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(EvidenceResponse))]
    public Task<IActionResult> ClearLegalHold(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "evidence/{id}/legal-hold")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) => ChangeHoldAsync(request, id, hold: false, cancellationToken);

    private async Task<IActionResult> ChangeHoldAsync(HttpRequest request, string id, bool hold, CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Admin, out var caller, out var refusal))
        {
            return refusal!;
        }

        string? reason = null;
        if (hold && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0))
        {
            var body = await JsonBody.ReadAsync<LegalHoldRequest>(request, cancellationToken).ConfigureAwait(false);
            if (!body.IsValid)
            {
                return body.Problem!;
            }

            reason = body.Value!.Reason?.Trim();
            if (reason is { Length: > EvidenceDetailsValidator.MaxDescriptionLength })
            {
                return Problem.Field("reason", $"reason must be at most {EvidenceDetailsValidator.MaxDescriptionLength} characters.");
            }
        }

        var before = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return NotFound(id);
        }

        if (!ETags.Matches(request, before.ETag))
        {
            return ETags.Stale($"Evidence {id}");
        }

        var after = hold
            ? before.Value with { LegalHold = true, LegalHoldReason = reason ?? before.Value.LegalHoldReason, LegalHoldBy = caller.Upn, LegalHoldSince = before.Value.LegalHoldSince ?? time.GetUtcNow() }
            : before.Value with { LegalHold = false, LegalHoldReason = null, LegalHoldBy = null, LegalHoldSince = null };
        try
        {
            var saved = await register.ReplaceAsync(before, after, caller, cancellationToken).ConfigureAwait(false);
            return ApiResults.Ok(EvidenceRegister.ToResponse(saved), request.HttpContext.Response, saved.ETag);
        }
        catch (StaleRecordException ex)
        {
            return ApiResults.Stale(ex);
        }
    }

    private async Task<IActionResult> ReceiveAsync(HttpRequest request, string id, bool newEvidence, Caller caller, CancellationToken cancellationToken)
    {
        var blobName = EvidenceFiling.NewBlobName(id);
        var stagingName = $"http/{blobName}";
        EvidenceDetails? passedBeforeFile = null;
        var (received, problem) = await MultipartEvidenceReader.ReadAsync(
            request,
            await staging.StagingAsync(cancellationToken).ConfigureAwait(false),
            stagingName,
            options.Value.MaxHttpUploadBytes,
            EvidenceDetailsValidator.FormFields,
            async fields =>
            {
                var errors = new ValidationErrors();
                var details = EvidenceDetailsValidator.FromForm(fields, errors);
                await validator.ValidateAsync(details, newEvidence, complete: false, errors, cancellationToken).ConfigureAwait(false);
                passedBeforeFile = errors.IsValid ? details : null;
                return errors.IsValid ? null : ApiResults.Invalid(errors);
            },
            cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var blob = (await register.ContainerAsync(cancellationToken).ConfigureAwait(false)).GetBlockBlobClient(blobName);
        var promoted = false;
        try
        {
            var errors = new ValidationErrors();
            var details = EvidenceDetailsValidator.FromForm(received!.Fields, errors);
            await validator.ValidateAsync(details, newEvidence, complete: true, errors, cancellationToken, passedBeforeFile).ConfigureAwait(false);
            if (!errors.IsValid)
            {
                await staging.DeleteStagedAsync(stagingName).ConfigureAwait(false);
                return ApiResults.Invalid(errors);
            }

            await staging.PromoteAsync(stagingName, blob, received.Blob.Sha256, cancellationToken).ConfigureAwait(false);
            promoted = true;
            var written = received.Blob with { BlobName = blobName };
            var saved = newEvidence
                ? await filing.FileNewAsync(id, written, received.FileName, received.ContentType, details, caller, cancellationToken).ConfigureAwait(false)
                : await filing.FileVersionAsync(id, written, received.FileName, received.ContentType, details, caller, cancellationToken).ConfigureAwait(false);
            if (saved is null)
            {
                await MultipartEvidenceReader.DeleteQuietlyAsync(blob, written).ConfigureAwait(false);
                return NotFound(id);
            }

            return Created(saved, request.HttpContext.Response);
        }
        catch
        {
            // Whatever failed after the file was stored, it must not outlive the request unrecorded.
            if (promoted)
            {
                await MultipartEvidenceReader.DeleteQuietlyAsync(blob, received!.Blob).ConfigureAwait(false);
            }
            else
            {
                await staging.DeleteStagedAsync(stagingName).ConfigureAwait(false);
            }

            throw;
        }
    }

    public static IActionResult Created(Stored<EvidenceRecord> saved, HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(saved);
        var v = saved.Value.Latest;
        var body = new EvidenceUploadResponse(saved.Value.Id, v.Version, v.Sha256, v.Size, v.ContentType, v.FileName);
        return ApiResults.Created(body, $"/api/evidence/{saved.Value.Id}", response, saved.ETag);
    }

    public static ObjectResult NotFound(string id) => Problem.NotFound($"There is no evidence '{id}'. GET /api/evidence lists it.");
}
