using Isms.Core.Snapshots;
using Isms.Functions.Platform;

namespace Isms.Functions.Snapshots;

/// <summary>Sealed compliance snapshots: list, take, verification and diff (their files: <see cref="SnapshotFilesFunctions"/>).</summary>
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
    [OpenApiOperation("Seal a snapshot now (ISMS admin or auditor)", "Snapshots", Description = "No body (or {}). Streams the manifest into an immutable blob signed with the app's key (ES256 over its SHA-256), records the hash, links it to the previous snapshot and mails the hash to the ISMS manager.")]
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

    [Function("VerifySnapshot")]
    [OpenApiOperation("Recompute the manifest's hash, every evidence file's hash and the chain, and check every signature (ISMS admin or auditor)", "Snapshots", Description = "verified is true only when everything matches; problems names each thing that does not; firstBreak names the earliest snapshot whose hash link or signature does not hold; unsignedBeforeSigning lists those sealed before signing began. A result is kept until storage it was computed from is written.")]
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
}
