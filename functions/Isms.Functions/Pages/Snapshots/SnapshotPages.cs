using Isms.Functions.Snapshots;

namespace Isms.Functions.Pages.Snapshots;

/// <summary>
/// <c>/snapshots</c> lists them for everyone with an ISMS role (as <c>GET /api/snapshots</c>, so top management reaches
/// the reports); ISMS admins and auditors seal one now there, and open <c>/snapshots/{id}</c>: what it recorded, its
/// report and package, and whether it verifies, through <see cref="SnapshotService"/> as the API does.
/// </summary>
public sealed class SnapshotPages(PageRenderer pages, SnapshotService snapshots)
{
    [Function("SnapshotsPage")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "snapshots")] HttpRequest request,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, p => p.CanRead, "Snapshots are read by people with an ISMS role (ask the ISMS manager for one)", async page =>
        {
            var all = await snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
            return await PageRenderer.RenderAsync<SnapshotsPage>(request, page, new Dictionary<string, object?> { ["Snapshots"] = all }).ConfigureAwait(false);
        });

    [Function("SnapshotsPageSeal")]
    public async Task<IActionResult> Seal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "snapshots")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostForAsync(request, p => p.CanAudit, "Snapshots are sealed by ISMS admins and auditors", cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var sealedSnapshot = await snapshots.SealAsync(post.Page.Caller, cancellationToken).ConfigureAwait(false);
        return PageRenderer.SeeOther("/" + PagePaths.Snapshot(sealedSnapshot.Id), "sealed");
    }

    [Function("SnapshotPage")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "snapshots/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!pages.TrySignIn(request, out var page, out var refusal))
        {
            return refusal!;
        }

        if (!page.CanAudit)
        {
            return await NotForAsync(request, page).ConfigureAwait(false);
        }

        var summary = await snapshots.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var verification = summary.IsSuccess ? await snapshots.VerifyAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (verification is not { IsSuccess: true })
        {
            return await PageRenderer.MessageAsync(request, page, StatusCodes.Status404NotFound, "Not found", $"There is no snapshot '{id}'. The snapshots page lists them.").ConfigureAwait(false);
        }

        return await PageRenderer.RenderAsync<SnapshotPage>(request, page, new Dictionary<string, object?> { ["Snapshot"] = summary.Value, ["Verification"] = verification.Value }).ConfigureAwait(false);
    }

    private static Task<IActionResult> NotForAsync(HttpRequest request, PageContext page) =>
        PageRenderer.MessageAsync(request, page, StatusCodes.Status403Forbidden, "Not for your role",
            $"A snapshot's page (its verification and audit package) is for ISMS admins and auditors; {page.Caller.Upn} is neither. Its report is linked from the snapshots page.");
}
