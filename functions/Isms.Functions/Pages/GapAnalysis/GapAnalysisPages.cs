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
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "gap-analysis")] HttpRequest request,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, p => p.CanRead, WhoReads, async page => await PageRenderer.RenderAsync<GapAnalysisPage>(request, page, new Dictionary<string, object?>
        {
            ["Analysis"] = await gaps.ReadAsync(null, cancellationToken).ConfigureAwait(false),
        }).ConfigureAwait(false));

    [Function("GapRequirementPage")]
    public Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "gap-analysis/{requirementId}")] HttpRequest request,
        string requirementId,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, p => p.CanRead, WhoReads, page => RenderAsync(request, page, requirementId, null, StatusCodes.Status200OK, cancellationToken));

    [Function("GapRequirementPageAssess")]
    public async Task<IActionResult> Assess(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "gap-analysis/{requirementId}")] HttpRequest request,
        string requirementId,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostForAsync(request, p => p.CanAudit, WhoAssesses, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
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
        var (post, refusal) = await pages.ReadPostForAsync(request, p => p.CanAudit, WhoAssesses, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
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

    private const string WhoReads = "The gap analysis is read by people with an ISMS role (ask the ISMS manager for one)";

    private const string WhoAssesses = "Requirements are assessed, and actions on them raised, by ISMS admins and auditors";
}
