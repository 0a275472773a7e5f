using Isms.Core.Audits;
using Isms.Core.Validation;
using Isms.Functions.Pages.Audits;
using Isms.Functions.Pages.Parts;
using Isms.Functions.Registers;

namespace Isms.Functions.Pages.Improvement;

/// <summary>
/// Nonconformities and improvement outside audits as pages: <c>/improvement</c> lists the findings raised outside
/// audits and the improvement log, with the form that raises one (with its first action); <c>/findings/{id}</c> shows a
/// finding with its actions and the form that opens another. Both call the services the API calls, then 303.
/// </summary>
public sealed class ImprovementPages(PageRenderer pages, FindingService findings, CorrectiveActionService actions)
{
    /// <summary>The fields of the form that raises a finding outside audits with its first action.</summary>
    public static readonly string[] RaiseFields = ["type", "source", "reference", "controlIds", "description", "ownerUpn", "correction", "dueDate"];

    [Function("ImprovementPage")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "improvement")] HttpRequest request,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, p => p.CanRead, WhoReads, page => RenderListAsync(request, page, null, StatusCodes.Status200OK, cancellationToken));

    [Function("ImprovementPageRaise")]
    public async Task<IActionResult> Raise(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "improvement")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostForAsync(request, p => p.CanAudit, WhoRaises, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(RaiseFields);
        var due = Dates.Parse(values["dueDate"], out var dueOk);
        if (!dueOk)
        {
            return await RenderListAsync(request, post.Page, FormEcho.Unreadable("finding", values, "dueDate", "Give the due date as yyyy-mm-dd, or leave it empty for the policy default."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        // Unknown choices are passed as none: the service names the values it takes.
        FindingType? type = Enum.TryParse<FindingType>(values["type"], out var parsedType) && Enum.IsDefined(parsedType) ? parsedType : null;
        FindingSource? source = Enum.TryParse<FindingSource>(values["source"], out var parsedSource) && Enum.IsDefined(parsedSource) ? parsedSource : null;
        var input = new FindingOutsideAuditCreate(type, source, values["reference"], AuditPageView.List(values["controlIds"]), values["description"]);
        var firstAction = new CorrectiveActionCreate(values["ownerUpn"], values["correction"], due);
        var raised = await findings.RaiseOutsideAuditsAsync(post.Page.Caller, input, firstAction, cancellationToken).ConfigureAwait(false);
        if (!raised.IsSuccess)
        {
            return await PageRenderer.AnswerRefusalAsync(request, post.Page, raised.Refusal, "finding", values, RaiseFields,
                (echo, status) => RenderListAsync(request, post.Page, echo, status, cancellationToken)).ConfigureAwait(false);
        }

        var path = "/" + PagePaths.Finding(raised.Value.Id);
        if (!FindingService.TakesFirstAction(raised.Value.Type, firstAction))
        {
            return PageRenderer.SeeOther(path, "raised");
        }

        var opened = await actions.OpenAsync(post.Page.Caller, raised.Value.Id, firstAction, cancellationToken).ConfigureAwait(false);
        return opened.IsSuccess
            ? PageRenderer.SeeOther(path, "finding")
            : await RenderFindingAsync(request, post.Page, raised.Value.Id,
                new FormEcho("action", AuditFindingPages.ActionFields.ToDictionary(f => f, f => values[f], StringComparer.Ordinal), opened.Refusal.Errors, false,
                    $"Finding {raised.Value.Id} is raised, but its first action was not opened: {opened.Refusal.Message} Correct it below and open it."),
                StatusCodes.Status409Conflict, cancellationToken).ConfigureAwait(false);
    }

    [Function("FindingPage")]
    public Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "findings/{findingId}")] HttpRequest request,
        string findingId,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, p => p.CanRead, WhoReads, page => RenderFindingAsync(request, page, findingId, null, StatusCodes.Status200OK, cancellationToken));

    [Function("FindingPageOpenAction")]
    public async Task<IActionResult> OpenAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "findings/{findingId}/actions")] HttpRequest request,
        string findingId,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostForAsync(request, p => p.CanAudit, WhoRaises, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(AuditFindingPages.ActionFields);
        var due = Dates.Parse(values["dueDate"], out var dueOk);
        if (!dueOk)
        {
            return await RenderFindingAsync(request, post.Page, findingId, FormEcho.Unreadable("action", values, "dueDate", "Give the due date as yyyy-mm-dd, or leave it empty for the policy default."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var opened = await actions.OpenAsync(post.Page.Caller, findingId, new CorrectiveActionCreate(values["ownerUpn"], values["correction"], due), cancellationToken).ConfigureAwait(false);
        return opened.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.Finding(findingId), "opened")
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, opened.Refusal, "action", values, AuditFindingPages.ActionFields,
                (echo, status) => RenderFindingAsync(request, post.Page, findingId, echo, status, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<IActionResult> RenderListAsync(HttpRequest request, PageContext page, FormEcho? echo, int status, CancellationToken cancellationToken) =>
        await PageRenderer.RenderAsync<ImprovementPage>(request, page, new Dictionary<string, object?>
        {
            ["Findings"] = (await findings.ListAsync(null, null, null, cancellationToken, outsideAudits: true).ConfigureAwait(false)).OrderByDescending(f => f.RaisedAt).ToList(),
            ["Log"] = await findings.ImprovementLogAsync(cancellationToken).ConfigureAwait(false),
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);

    private async Task<IActionResult> RenderFindingAsync(HttpRequest request, PageContext page, string findingId, FormEcho? echo, int status, CancellationToken cancellationToken)
    {
        var finding = await findings.GetWithActionsAsync(findingId, cancellationToken).ConfigureAwait(false);
        if (!finding.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, page, finding.Refusal).ConfigureAwait(false);
        }

        return await PageRenderer.RenderAsync<FindingPage>(request, page, new Dictionary<string, object?>
        {
            ["Finding"] = finding.Value.Finding,
            ["Actions"] = finding.Value.Actions,
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);
    }

    private const string WhoReads = "Findings and the improvement log are read by people with an ISMS role (an action you own opens from its own link)";

    private const string WhoRaises = "Findings outside audits, and actions on findings, are raised by ISMS admins and auditors";
}
