using Isms.Core.GapAnalysis;
using Isms.Functions.GapAnalysis;

namespace Isms.Functions.Pages.GapAnalysis;

/// <summary>
/// The gap analysis as pages: <c>/gap-analysis</c> (counts per clause, progress over time and every requirement; it
/// prints as the report) and <c>/gap-analysis/{id}</c> (one requirement, its history, and the assessment form for an
/// ISMS admin or auditor, which saves through <see cref="GapAnalysisService"/> with the version the form was opened on).
/// </summary>
public sealed class GapAnalysisPages(PageRenderer pages, GapAnalysisService gaps)
{
    private static readonly string[] Fields = ["status", "note", "evidenceIds"];

    [Function("GapAnalysisPage")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "gap-analysis")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!pages.TrySignIn(request, out var page, out var refusal))
        {
            return refusal!;
        }

        if (!page.CanRead)
        {
            return await NotForAsync(request, page).ConfigureAwait(false);
        }

        return await PageRenderer.RenderAsync<GapAnalysisPage>(request, page, new Dictionary<string, object?>
        {
            ["Analysis"] = await gaps.ReadAsync(null, cancellationToken).ConfigureAwait(false),
        }).ConfigureAwait(false);
    }

    [Function("GapRequirementPage")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "gap-analysis/{requirementId}")] HttpRequest request,
        string requirementId,
        CancellationToken cancellationToken)
    {
        if (!pages.TrySignIn(request, out var page, out var refusal))
        {
            return refusal!;
        }

        return page.CanRead
            ? await RenderAsync(request, page, requirementId, null, StatusCodes.Status200OK, cancellationToken).ConfigureAwait(false)
            : await NotForAsync(request, page).ConfigureAwait(false);
    }

    [Function("GapRequirementPageAssess")]
    public async Task<IActionResult> Assess(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "gap-analysis/{requirementId}")] HttpRequest request,
        string requirementId,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        if (!post.Page.CanAudit)
        {
            return await PageRenderer.MessageAsync(request, post.Page, StatusCodes.Status403Forbidden, "Not yours to assess",
                $"Requirements are assessed by an ISMS admin or auditor; {post.Page.Caller.Upn} is neither. Nothing was changed.").ConfigureAwait(false);
        }

        var values = post.Values(Fields);
        var status = Enum.TryParse<GapStatus>(values["status"], out var chosen) && Enum.IsDefined(chosen) ? chosen : (GapStatus?)null;
        var evidence = (values["evidenceIds"] ?? string.Empty).Split([',', ' ', '\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var outcome = await gaps.AssessAsync(post.Page.Caller, requirementId, new GapAssessmentInput(status, values["note"], evidence), post.IfMatch, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            return PageRenderer.SeeOther("/" + PagePaths.GapRequirement(outcome.Value.RequirementId), "assessed");
        }

        return await PageRenderer.AnswerRefusalAsync(request, post.Page, outcome.Refusal, "gap", values, Fields,
            (echo, code) => RenderAsync(request, post.Page, requirementId, echo, code, cancellationToken)).ConfigureAwait(false);
    }

    [Function("GapRequirementPageRaiseAction")]
    public async Task<IActionResult> RaiseAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "gap-analysis/{requirementId}/actions")] HttpRequest request,
        string requirementId,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        if (!post.Page.CanAudit)
        {
            return await PageRenderer.MessageAsync(request, post.Page, StatusCodes.Status403Forbidden, "Not yours to raise",
                $"Actions on the gap analysis are raised by an ISMS admin or auditor; {post.Page.Caller.Upn} is neither. Nothing was changed.").ConfigureAwait(false);
        }

        var values = post.Values(ActionFields);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var due = Parts.Dates.Parse(values["dueDate"], out var dueOk);
        if (!dueOk)
        {
            errors["dueDate"] = ["Enter the date as YYYY-MM-DD, or leave it empty for 90 days from today."];
        }

        if (errors.Count > 0)
        {
            return await RenderAsync(request, post.Page, requirementId, new FormEcho("action", values, errors, false, "Not raised: correct the fields marked below."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var outcome = await gaps.RaiseActionAsync(post.Page.Caller, requirementId, new GapActionCreate(values["ownerUpn"], values["description"], due), cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            return PageRenderer.SeeOther("/" + PagePaths.GapRequirement(requirementId), "action-raised");
        }

        return await PageRenderer.AnswerRefusalAsync(request, post.Page, outcome.Refusal, "action", values, ActionFields,
            (echo, code) => RenderAsync(request, post.Page, requirementId, echo, code, cancellationToken)).ConfigureAwait(false);
    }

    private static readonly string[] ActionFields = ["ownerUpn", "description", "dueDate"];

    private async Task<IActionResult> RenderAsync(HttpRequest request, PageContext page, string requirementId, FormEcho? echo, int status, CancellationToken cancellationToken)
    {
        var item = await gaps.GetAsync(requirementId, cancellationToken).ConfigureAwait(false);
        if (!item.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, page, item.Refusal).ConfigureAwait(false);
        }

        return await PageRenderer.RenderAsync<GapRequirementPage>(request, page, new Dictionary<string, object?>
        {
            ["Item"] = item.Value,
            ["Actions"] = await gaps.ActionsAsync(item.Value.RequirementId, cancellationToken).ConfigureAwait(false),
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);
    }

    private static Task<IActionResult> NotForAsync(HttpRequest request, PageContext page) =>
        PageRenderer.MessageAsync(request, page, StatusCodes.Status403Forbidden, "Not for your role",
            $"The gap analysis is read by people with an ISMS role; {page.Caller.Upn} has none. Ask the ISMS manager for one.");
}
