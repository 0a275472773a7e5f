using Isms.Core.Audits;
using Isms.Core.CorrectiveActions;
using Isms.Core.Validation;
using Isms.Functions.Pages.Parts;
using Isms.Functions.Platform;
using Isms.Functions.Registers;

namespace Isms.Functions.Pages.Audits;

/// <summary>
/// The audit page's forms for findings (<c>/audits/{id}/findings</c>, <c>…/findings/{findingId}/actions</c>,
/// <c>…/actions/{actionId}/review</c>): its team raises a finding with its first corrective action and opens the first
/// action of a nonconformity left without one; an auditor reviews the effectiveness of implemented actions. Each calls
/// the same services as the API and answers 303 to the page, or the page again with the errors beside their fields.
/// </summary>
public sealed class AuditFindingPages(AuditPageView view, FindingService findings, CorrectiveActionService actions)
{
    /// <summary>The fields of the form that raises a finding with its first corrective action.</summary>
    public static readonly string[] FindingFields = ["type", "controlIds", "otherControlIds", "description", "ownerUpn", "correction", "dueDate"];

    /// <summary>The fields of the form that opens a corrective action on a finding.</summary>
    public static readonly string[] ActionFields = ["ownerUpn", "correction", "dueDate"];

    private static readonly string[] ReviewFields = ["effective", "notes"];

    [Function("AuditPageRaiseFinding")]
    public async Task<IActionResult> RaiseFinding(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "audits/{id}/findings")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (post, audit, refusal) = await view.ReadPostForTeamAsync(request, id, "raise findings in it", cancellationToken).ConfigureAwait(false);
        if (post is null || audit is null)
        {
            return refusal!;
        }

        var values = post.Values(FindingFields);
        var ticked = post.Form["controlIds"].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();
        values["controlIds"] = ticked.Count == 0 ? null : string.Join(',', ticked);
        var due = Dates.Parse(values["dueDate"], out var dueOk);
        if (!dueOk)
        {
            return await view.RenderAsync(request, post.Page, id, FormEcho.Unreadable("finding", values, "dueDate", "Give the due date as yyyy-mm-dd, or leave it empty for the policy default."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        // An unknown type is passed as none: the service names the types it takes.
        FindingType? type = Enum.TryParse<FindingType>(values["type"], out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
        var finding = new FindingCreate(type, [.. ticked, .. AuditPageView.List(values["otherControlIds"])], values["description"]);
        var firstAction = new CorrectiveActionCreate(values["ownerUpn"], values["correction"], due);

        // The first action is checked with the finding, so a refused owner stores nothing; it is opened once the finding is stored.
        var raised = await findings.RaiseAsync(post.Page.Caller, id, finding, firstAction, cancellationToken).ConfigureAwait(false);
        if (!raised.IsSuccess)
        {
            return await view.RefusedAsync(request, post.Page, id, "finding", values, FindingFields, raised.Refusal, cancellationToken).ConfigureAwait(false);
        }

        if (!FindingService.TakesFirstAction(raised.Value.Type, firstAction))
        {
            return PageRenderer.SeeOther(AuditPageView.PathOf(id), "raised");
        }

        var opened = await actions.OpenAsync(post.Page.Caller, raised.Value.Id, firstAction, cancellationToken).ConfigureAwait(false);
        if (opened.IsSuccess)
        {
            return PageRenderer.SeeOther(AuditPageView.PathOf(id), "finding");
        }

        // Checked a moment ago, refused now (the day turned past the due date, say): the finding is stored, so the page
        // says so and shows the form for its first action again, with what the person typed.
        var actionValues = ActionFields.ToDictionary(f => f, f => values[f], StringComparer.Ordinal);
        return await view.RenderAsync(
            request,
            post.Page,
            id,
            new FormEcho(AuditPageView.ActionForm(raised.Value.Id), actionValues, opened.Refusal.Errors, false,
                $"Finding {raised.Value.Id} is raised, but its first corrective action was not opened: {opened.Refusal.Message} Correct it under the finding below and open it."),
            StatusCodes.Status409Conflict,
            cancellationToken).ConfigureAwait(false);
    }

    [Function("AuditPageOpenAction")]
    public async Task<IActionResult> OpenAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "audits/{id}/findings/{findingId}/actions")] HttpRequest request,
        string id,
        string findingId,
        CancellationToken cancellationToken)
    {
        var (post, audit, refusal) = await view.ReadPostForTeamAsync(request, id, "open corrective actions on its findings", cancellationToken).ConfigureAwait(false);
        if (post is null || audit is null)
        {
            return refusal!;
        }

        if (!string.Equals(Storage.RecordIds.AuditOfFinding(findingId), id, StringComparison.Ordinal))
        {
            return await PageRenderer.MessageAsync(request, post.Page, StatusCodes.Status404NotFound, "Not found", $"{findingId} is not a finding of audit {id}; nothing was changed.").ConfigureAwait(false);
        }

        var values = post.Values(ActionFields);
        var due = Dates.Parse(values["dueDate"], out var dueOk);
        if (!dueOk)
        {
            return await view.RenderAsync(request, post.Page, id, FormEcho.Unreadable(AuditPageView.ActionForm(findingId), values, "dueDate", "Give the due date as yyyy-mm-dd, or leave it empty for the policy default."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var opened = await actions.OpenAsync(post.Page.Caller, findingId, new CorrectiveActionCreate(values["ownerUpn"], values["correction"], due), cancellationToken).ConfigureAwait(false);
        return opened.IsSuccess
            ? PageRenderer.SeeOther(AuditPageView.PathOf(id), "opened")
            : await view.RefusedAsync(request, post.Page, id, AuditPageView.ActionForm(findingId), values, ActionFields, opened.Refusal, cancellationToken).ConfigureAwait(false);
    }

    [Function("AuditPageReview")]
    public async Task<IActionResult> Review(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "audits/{id}/actions/{actionId}/review")] HttpRequest request,
        string id,
        string actionId,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await view.Pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        if (!post.Page.CanAudit)
        {
            return await PageRenderer.MessageAsync(request, post.Page, StatusCodes.Status403Forbidden, "Not yours to review",
                $"An effectiveness review is recorded by an ISMS admin or auditor; {post.Page.Caller.Upn} is neither.").ConfigureAwait(false);
        }

        var action = await actions.GetAsync(actionId, cancellationToken).ConfigureAwait(false);
        if (!action.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, post.Page, action.Refusal).ConfigureAwait(false);
        }

        if (!string.Equals(action.Value.AuditId, id, StringComparison.Ordinal))
        {
            return await PageRenderer.MessageAsync(request, post.Page, StatusCodes.Status404NotFound, "Not found", $"{actionId} is not an action of audit {id}; nothing was changed.").ConfigureAwait(false);
        }

        var values = post.Values(ReviewFields);
        var outcome = await actions.ReviewAsync(post.Page.Caller, actionId, new EffectivenessReviewCreate(post.Choice("effective"), values["notes"]), post.IfMatch, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther(AuditPageView.PathOf(id), "reviewed")
            : await view.RefusedAsync(request, post.Page, id, AuditPageView.ReviewForm(actionId), values, ReviewFields, outcome.Refusal, cancellationToken).ConfigureAwait(false);
    }
}
