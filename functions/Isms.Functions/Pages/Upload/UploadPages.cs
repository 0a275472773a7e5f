using Isms.Core.Evidence;
using Isms.Functions.Evidence;
using Isms.Functions.Registers;
using Isms.Functions.Storage;

namespace Isms.Functions.Pages.Upload;

/// <summary>
/// <c>/upload</c>, the evidence upload page for contributors: the form posts here without script (filed through
/// <see cref="EvidenceForm"/> as the API files it, then 303 to the page showing the stored hash); with the page's
/// script, the same form uploads through the API with progress, and large files through the SAS flow.
/// </summary>
public sealed class UploadPages(PageRenderer pages, EvidenceForm form, ControlService controls, EvidenceService evidence, IOptions<EvidenceOptions> options, IsmsStorage storage)
{
    private static readonly string[] Shown = ["controlIds", "file", "effectiveDate", "description", "correctiveActionId", "auditId"];

    [Function("UploadPage")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "upload")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!pages.TrySignIn(request, out var page, out var refusal))
        {
            return refusal!;
        }

        EvidenceResponse? stored = null;
        if (request.Query["evidence"].ToString() is { Length: > 0 } id && (await evidence.GetAsync(page.Caller, id, cancellationToken).ConfigureAwait(false)) is { IsSuccess: true } found)
        {
            stored = found.Value;
        }

        return await RenderAsync(request, page, stored, null, StatusCodes.Status200OK, cancellationToken).ConfigureAwait(false);
    }

    [Function("UploadPageFile")]
    public async Task<IActionResult> File(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "upload")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (page, refusal) = await pages.CheckPostWithoutFormAsync(request).ConfigureAwait(false);
        if (page is null)
        {
            return refusal!;
        }

        return !page.CanContribute
            ? await NotForAsync(request, page).ConfigureAwait(false)
            : await form.FileAsync(
                request,
                page,
                null,
                Shown,
                filed => PageRenderer.SeeOther("/" + PagePaths.Upload + "?evidence=" + Uri.EscapeDataString(filed.Id), "evidence"),
                (echo, status) => RenderAsync(request, page, null, echo, status, cancellationToken),
                cancellationToken).ConfigureAwait(false);
    }

    private async Task<IActionResult> RenderAsync(HttpRequest request, PageContext page, EvidenceResponse? stored, FormEcho? echo, int status, CancellationToken cancellationToken)
    {
        if (!page.CanContribute)
        {
            return await NotForAsync(request, page).ConfigureAwait(false);
        }

        var all = await controls.ListAsync(null, null, cancellationToken).ConfigureAwait(false);
        return await PageRenderer.RenderAsync<UploadPage>(
            request,
            page,
            new Dictionary<string, object?>
            {
                ["Controls"] = all.Where(c => !c.IsAnnexA || c.Applicable).ToList(),
                ["MaxHttpBytes"] = options.Value.MaxHttpUploadBytes,
                ["Stored"] = stored,
                ["Echo"] = echo,
            },
            status,
            connectTo: storage.BlobService.Uri).ConfigureAwait(false);
    }

    private static Task<IActionResult> NotForAsync(HttpRequest request, PageContext page) =>
        PageRenderer.MessageAsync(request, page, StatusCodes.Status403Forbidden, "Not for your role",
            $"Evidence is uploaded here by contributors, auditors and admins; {page.Caller.Upn} is none of them. Attach evidence to an action you own on its page.");
}
