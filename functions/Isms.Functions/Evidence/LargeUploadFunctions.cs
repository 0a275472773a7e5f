using Isms.Functions.Platform;

namespace Isms.Functions.Evidence;

/// <summary>Large evidence over HTTP: start (a write-only SAS for one staging blob), then complete (verify and file).</summary>
public sealed class LargeUploadFunctions(CallerReader callers, LargeUploadService uploads)
{
    [Function("StartLargeEvidenceUpload")]
    [OpenApiOperation("Start a large evidence upload: a short-lived, write-only SAS URL for one staging blob", "Evidence", Description = "PUT the file to uploadUrl (Put Blob with x-ms-blob-type: BlockBlob, or Put Block + Put Block List), then POST completeUrl with the SHA-256 if it was not given here. Give evidenceId to upload a new version of that evidence.")]
    [OpenApiRequest(typeof(LargeUploadStart))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(LargeUploadResponse))]
    public async Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/evidence/uploads")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Contribute, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<LargeUploadStart>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Created(await uploads.StartAsync(caller, body.Value!, cancellationToken).ConfigureAwait(false), request, u => $"/api/evidence/uploads/{u.Id}")
            : body.Problem!;
    }

    [Function("CompleteLargeEvidenceUpload")]
    [OpenApiOperation("Complete a large upload: verify size and SHA-256 of the staged file and file it as evidence", "Evidence", Description = "The staged blob is streamed once: hashed, judged by content and written to a new evidence blob, committed only if it matches. Completing twice answers the same evidence.")]
    [OpenApiRequest(typeof(LargeUploadComplete))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(EvidenceUploadResponse))]
    [OpenApiResponse(StatusCodes.Status422UnprocessableEntity, null, "with malware scanning on (Storage:MalwareScanning): the scan flagged the file; the upload is discarded")]
    [OpenApiResponse(StatusCodes.Status409Conflict, null, "with malware scanning on: no verdict yet; the upload stays, complete it again in a minute")]
    public async Task<IActionResult> Complete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/evidence/uploads/{id}/complete")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Contribute, out var caller, out var refusal))
        {
            return refusal!;
        }

        string? sha256 = null;
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var body = await JsonBody.ReadAsync<LargeUploadComplete>(request, cancellationToken).ConfigureAwait(false);
            if (!body.IsValid)
            {
                return body.Problem!;
            }

            sha256 = body.Value!.Sha256;
        }

        var completed = await uploads.CompleteAsync(caller, id, sha256, cancellationToken).ConfigureAwait(false);
        var filed = completed.Map(c => c.Filed);
        return completed.IsSuccess && completed.Value.Repeated
            ? ApiResults.Ok(filed, request)
            : ApiResults.Created(filed, request, f => $"/api/evidence/{f.Id}");
    }
}
