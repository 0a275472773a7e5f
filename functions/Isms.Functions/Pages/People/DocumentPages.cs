using Isms.Core.People;
using Isms.Functions.Pages.Parts;
using Isms.Functions.People;

namespace Isms.Functions.Pages.People;

/// <summary>
/// <c>/documents/{id}</c>, where reminders lead: the versions (download, hash), the button that acknowledges the one in
/// force, the upload of a new version, and, for its owner and admins, the approval of a draft and the record of a
/// review. Each form calls the service the API calls, then 303.
/// </summary>
public sealed class DocumentPages(PageRenderer pages, EvidenceForm form, DocumentService documents, PeopleRecords records)
{
    private static readonly string[] VersionFields = ["file", "changeSummary", "major"];

    [Function("DocumentPageUploadVersion")]
    public async Task<IActionResult> UploadVersion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "documents/{documentId}/versions")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken)
    {
        // The file streams through the service as the API's does; the token is judged from the fields before it.
        var (page, refusal) = await pages.CheckPostWithoutFormAsync(request).ConfigureAwait(false);
        return page is null
            ? refusal!
            : await form.ReceiveAsync(
                request, page, "version", null, VersionFields,
                guard => documents.AddVersionAsync(page.Caller, documentId, request, cancellationToken, guard),
                _ => PageRenderer.SeeOther("/" + PagePaths.Document(documentId), "version-uploaded"),
                (echo, status) => RenderDocumentAsync(request, page, documentId, echo, status, cancellationToken)).ConfigureAwait(false);
    }

    [Function("DocumentPage")]
    public Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "documents/{documentId}")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, page => RenderDocumentAsync(request, page, documentId, null, StatusCodes.Status200OK, cancellationToken));

    [Function("DocumentPageAcknowledge")]
    public Task<IActionResult> Acknowledge(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "documents/{documentId}/acknowledgement")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken) =>
        VersionFormAsync(request, documentId, "acknowledge", "acknowledged", async (caller, version) =>
            (await documents.AcknowledgeAsync(caller, documentId, version, cancellationToken).ConfigureAwait(false)).Refusal, cancellationToken);

    [Function("DocumentPageApprove")]
    public Task<IActionResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "documents/{documentId}/approval")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken) =>
        VersionFormAsync(request, documentId, "approve", "published", async (caller, version) =>
            (await documents.ApproveAsync(caller, documentId, version, cancellationToken).ConfigureAwait(false)).Refusal, cancellationToken);

    [Function("DocumentPageReview")]
    public async Task<IActionResult> Review(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "documents/{documentId}/review")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(["notes"]);
        var done = await documents.ReviewAsync(post.Page.Caller, documentId, new DocumentReviewInput(values["notes"]), cancellationToken).ConfigureAwait(false);
        return done.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.Document(documentId), "document-reviewed")
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, done.Refusal, "review", values, ["notes"],
                (echo, status) => RenderDocumentAsync(request, post.Page, documentId, echo, status, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// A form on a document's page that names a version (acknowledge it, approve it): whoever sends it, the service decides
    /// whether they may; done, 303 with <paramref name="notice"/>; refused, the page again with the refusal in words.
    /// </summary>
    private async Task<IActionResult> VersionFormAsync(
        HttpRequest request, string documentId, string form, string notice, Func<Platform.Caller, string, Task<Core.Validation.Refusal?>> act, CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var version = post.Text("version") ?? string.Empty;
        return await act(post.Page.Caller, version).ConfigureAwait(false) is not { } refused
            ? PageRenderer.SeeOther("/" + PagePaths.Document(documentId), notice)
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, refused, form, new Dictionary<string, string?> { ["version"] = version }, ["version"],
                (echo, status) => RenderDocumentAsync(request, post.Page, documentId, echo, status, cancellationToken)).ConfigureAwait(false);
    }


    private async Task<IActionResult> RenderDocumentAsync(HttpRequest request, PageContext page, string documentId, FormEcho? echo, int status, CancellationToken cancellationToken)
    {
        var read = await documents.ReadAsync(page.Caller, documentId, cancellationToken).ConfigureAwait(false);
        if (!read.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, page, read.Refusal).ConfigureAwait(false);
        }

        var mine = await records.GetAsync(RequirementKind.Acknowledgement, documentId, page.Caller.Upn, cancellationToken).ConfigureAwait(false);
        var document = read.Value.Value;
        return await PageRenderer.RenderAsync<DocumentPage>(request, page, new Dictionary<string, object?>
        {
            ["Document"] = DocumentResponse.From(read.Value, page.Today),
            ["Mine"] = mine is null ? null : RequirementResponse.From(mine.Value, page.Today),
            ["CanApprove"] = page.IsAdmin || page.Caller.Is(document.OwnerUpn, document.OwnerObjectId),
            ["CanUpload"] = page.CanContribute || page.Caller.Is(document.OwnerUpn, document.OwnerObjectId),
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);
    }

}
