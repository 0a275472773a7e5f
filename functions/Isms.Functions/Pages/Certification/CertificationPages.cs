using Isms.Core.Validation;
using Isms.Functions.Pages.Parts;
using Isms.Functions.Registers;

namespace Isms.Functions.Pages.Certification;

/// <summary>
/// <c>/certification</c>: the record for everyone with an ISMS role (as <c>GET /api/certification</c>), and the ISMS
/// admin's form that saves it through <see cref="CertificationService"/>, which plans the cycle's external audits.
/// </summary>
public sealed class CertificationPages(PageRenderer pages, CertificationService certification)
{
    [Function("CertificationPage")]
    public Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "certification")] HttpRequest request,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, p => p.CanRead, "The certification record is read by people with an ISMS role (ask the ISMS manager for one)",
            page => RenderAsync(request, page, null, StatusCodes.Status200OK, cancellationToken));

    [Function("CertificationPageSave")]
    public async Task<IActionResult> Save(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "certification")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        if (!post.Page.IsAdmin)
        {
            return await PageRenderer.MessageAsync(request, post.Page, StatusCodes.Status403Forbidden, "Not yours to change",
                $"The certification record is kept by an ISMS admin; {post.Page.Caller.Upn} is not one. Nothing was changed.").ConfigureAwait(false);
        }

        var values = post.Values(Fields);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var decision = Dates.Parse(values["certificationDecisionDate"], out var decisionOk);
        var expiry = Dates.Parse(values["expiryDate"], out var expiryOk);
        if (!decisionOk)
        {
            errors["certificationDecisionDate"] = ["Give the date as yyyy-mm-dd."];
        }

        if (!expiryOk)
        {
            errors["expiryDate"] = ["Give the date as yyyy-mm-dd."];
        }

        if (errors.Count > 0)
        {
            return await RenderAsync(request, post.Page, new FormEcho("certification", values, errors, false, "Not saved: correct the fields marked below."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var outcome = await certification.RecordAsync(post.Page.Caller, new CertificationUpdate(values["certificationBody"], decision, expiry, values["scope"]), post.IfMatch, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            return PageRenderer.SeeOther("/" + PagePaths.Certification, "certification");
        }

        return await PageRenderer.AnswerRefusalAsync(request, post.Page, outcome.Refusal, "certification", values, Fields,
            (echo, status) => RenderAsync(request, post.Page, echo, status, cancellationToken)).ConfigureAwait(false);
    }

    private static readonly string[] Fields = ["certificationBody", "certificationDecisionDate", "expiryDate", "scope"];

    private async Task<IActionResult> RenderAsync(HttpRequest request, PageContext page, FormEcho? echo, int status, CancellationToken cancellationToken)
    {
        var record = await certification.GetAsync(cancellationToken).ConfigureAwait(false);
        return await PageRenderer.RenderAsync<CertificationPage>(request, page, new Dictionary<string, object?>
        {
            ["Record"] = record.IsSuccess ? record.Value : null,
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);
    }
}
