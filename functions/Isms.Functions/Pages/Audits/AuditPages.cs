using Isms.Core.Audits;
using Isms.Core.CorrectiveActions;
using Isms.Core.Validation;
using Isms.Functions.Pages.Parts;
using Isms.Functions.Platform;
using Isms.Functions.Registers;

namespace Isms.Functions.Pages.Audits;

/// <summary>
/// The audit page (<c>/audits/{id}</c>), where the audit notices lead: the audit, its scope and its findings with their
/// corrective actions. Its team raises findings (a nonconformity with its first action), moves the audit's status and
/// dates, and opens the first action of a nonconformity left without one; an auditor reviews the effectiveness of
/// implemented actions. Each form posts to a sub-route, calls the same services as the API and answers 303 to the
/// page, or the page again with the errors beside their fields (see <see cref="Actions.ActionPages"/>).
/// </summary>
public sealed class AuditPages(
    PageRenderer pages,
    AuditService audits,
    FindingService findings,
    CorrectiveActionService actions,
    IOptions<CorrectiveActionPolicy> policy)
{
    /// <summary>The fields of the form that changes the audit's status, dates and team.</summary>
    public static readonly string[] PlanFields = ["status", "plannedStart", "plannedEnd", "leadAuditorUpn", "auditors"];

    /// <summary>The fields of the form that raises a finding with its first corrective action.</summary>
    public static readonly string[] FindingFields = ["type", "controlIds", "otherControlIds", "description", "ownerUpn", "correction", "dueDate"];

    /// <summary>The fields of the form that opens a corrective action on a finding.</summary>
    public static readonly string[] ActionFields = ["ownerUpn", "correction", "dueDate"];

    /// <summary>The fields of an effectiveness review.</summary>
    public static readonly string[] ReviewFields = ["effective", "notes"];

    private static readonly char[] ListSeparators = [',', ';', '\n', '\r', '\t', ' '];

    [Function("AuditPage")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audits/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!pages.TrySignIn(request, out var page, out var refusal))
        {
            return refusal!;
        }

        return await RenderAsync(request, page, id, null, StatusCodes.Status200OK, cancellationToken).ConfigureAwait(false);
    }

    [Function("AuditPageChange")]
    public async Task<IActionResult> Change(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "audits/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (post, audit, refusal) = await ReadPostForTeamAsync(request, id, "change its status, dates or team", cancellationToken).ConfigureAwait(false);
        if (post is null || audit is null)
        {
            return refusal!;
        }

        var values = post.Values(PlanFields);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        AuditStatus? status = null;
        if (values["status"] is { } chosen)
        {
            if (Enum.TryParse<AuditStatus>(chosen, out var parsed) && Enum.IsDefined(parsed))
            {
                status = parsed;
            }
            else
            {
                errors["status"] = [$"Choose one of {string.Join(", ", Enum.GetNames<AuditStatus>())}."];
            }
        }

        var start = PlannedDate(values, "plannedStart", "start", errors);
        var end = PlannedDate(values, "plannedEnd", "end", errors);
        if (errors.Count > 0)
        {
            return await RenderAsync(request, post.Page, id, new FormEcho("plan", values, errors, false, null), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        // Only what the person changed is sent: a field sent as it is counts as an edit and has the whole plan judged
        // again, so starting an audit would wait on an independence conflict in a field nobody touched.
        var auditors = List(values["auditors"]);
        var lead = values["leadAuditorUpn"] ?? string.Empty;
        var patch = new AuditPatch(
            status == audit.Status ? null : status,
            null,
            start == audit.PlannedStart ? null : start,
            end == audit.PlannedEnd ? null : end,
            UserPrincipalName.AreSame(lead, audit.LeadAuditorUpn) ? null : lead,
            SameTeam(auditors, audit.Auditors) ? null : auditors,
            null);
        var outcome = await audits.ChangeAsync(post.Page.Caller, id, patch, post.IfMatch, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther(PathOf(id), "saved")
            : await RefusedAsync(request, post.Page, id, "plan", values, PlanFields, outcome.Refusal, cancellationToken).ConfigureAwait(false);
    }

    [Function("AuditPageRaiseFinding")]
    public async Task<IActionResult> RaiseFinding(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "audits/{id}/findings")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (post, audit, refusal) = await ReadPostForTeamAsync(request, id, "raise findings in it", cancellationToken).ConfigureAwait(false);
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
            return await RenderAsync(request, post.Page, id, FormEcho.Unreadable("finding", values, "dueDate", "Give the due date as yyyy-mm-dd, or leave it empty for the policy default."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        // An unknown type is passed as none: the service names the types it takes.
        FindingType? type = Enum.TryParse<FindingType>(values["type"], out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
        var finding = new FindingCreate(type, [.. ticked, .. List(values["otherControlIds"])], values["description"]);
        var firstAction = new CorrectiveActionCreate(values["ownerUpn"], values["correction"], due);

        // The first action is checked with the finding, so a refused owner stores nothing; it is opened once the finding is stored.
        var raised = await findings.RaiseAsync(post.Page.Caller, id, finding, firstAction, cancellationToken).ConfigureAwait(false);
        if (!raised.IsSuccess)
        {
            return await RefusedAsync(request, post.Page, id, "finding", values, FindingFields, raised.Refusal, cancellationToken).ConfigureAwait(false);
        }

        if (!raised.Value.Type.RequiresCorrectiveAction())
        {
            return PageRenderer.SeeOther(PathOf(id), "raised");
        }

        var opened = await actions.OpenAsync(post.Page.Caller, raised.Value.Id, firstAction, cancellationToken).ConfigureAwait(false);
        if (opened.IsSuccess)
        {
            return PageRenderer.SeeOther(PathOf(id), "finding");
        }

        // Checked a moment ago, refused now (the day turned past the due date, say): the finding is stored, so the page
        // says so and shows the form for its first action again, with what the person typed.
        var actionValues = ActionFields.ToDictionary(f => f, f => values[f], StringComparer.Ordinal);
        return await RenderAsync(
            request,
            post.Page,
            id,
            new FormEcho(ActionForm(raised.Value.Id), actionValues, opened.Refusal.Errors, false,
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
        var (post, audit, refusal) = await ReadPostForTeamAsync(request, id, "open corrective actions on its findings", cancellationToken).ConfigureAwait(false);
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
            return await RenderAsync(request, post.Page, id, FormEcho.Unreadable(ActionForm(findingId), values, "dueDate", "Give the due date as yyyy-mm-dd, or leave it empty for the policy default."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var opened = await actions.OpenAsync(post.Page.Caller, findingId, new CorrectiveActionCreate(values["ownerUpn"], values["correction"], due), cancellationToken).ConfigureAwait(false);
        return opened.IsSuccess
            ? PageRenderer.SeeOther(PathOf(id), "opened")
            : await RefusedAsync(request, post.Page, id, ActionForm(findingId), values, ActionFields, opened.Refusal, cancellationToken).ConfigureAwait(false);
    }

    [Function("AuditPageReview")]
    public async Task<IActionResult> Review(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "audits/{id}/actions/{actionId}/review")] HttpRequest request,
        string id,
        string actionId,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
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
            ? PageRenderer.SeeOther(PathOf(id), "reviewed")
            : await RefusedAsync(request, post.Page, id, ReviewForm(actionId), values, ReviewFields, outcome.Refusal, cancellationToken).ConfigureAwait(false);
    }

    public static string PathOf(string id) => "/audits/" + Uri.EscapeDataString(id);

    /// <summary>The name, in a <see cref="FormEcho"/>, of the form that opens a corrective action on a finding.</summary>
    public static string ActionForm(string findingId) => "action:" + findingId;

    /// <summary>The name, in a <see cref="FormEcho"/>, of the form that reviews one action.</summary>
    public static string ReviewForm(string actionId) => "review:" + actionId;

    /// <summary>A form posted by the audit's team (or an ISMS admin), with the audit as it is now; otherwise the page to answer.</summary>
    private async Task<(PagePost? Post, AuditResponse? Audit, IActionResult? Refusal)> ReadPostForTeamAsync(HttpRequest request, string id, string what, CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return (null, null, refusal);
        }

        var audit = await audits.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (!audit.IsSuccess)
        {
            return (null, null, await PageRenderer.RefusedAsync(request, post.Page, audit.Refusal).ConfigureAwait(false));
        }

        if (AuditTeam.RefuseUnlessConducting(audit.Value, post.Page.Caller, what) is { } notOnTeam)
        {
            return (null, null, await PageRenderer.RefusedAsync(request, post.Page, notOnTeam).ConfigureAwait(false));
        }

        return (post, audit.Value, null);
    }

    private Task<IActionResult> RefusedAsync(HttpRequest request, PageContext page, string id, string form, IReadOnlyDictionary<string, string?> values, IReadOnlyCollection<string> shown, Refusal refusal, CancellationToken cancellationToken) =>
        PageRenderer.AnswerRefusalAsync(request, page, refusal, form, values, shown, (echo, status) => RenderAsync(request, page, id, echo, status, cancellationToken));

    private async Task<IActionResult> RenderAsync(HttpRequest request, PageContext page, string id, FormEcho? echo, int status, CancellationToken cancellationToken)
    {
        var detail = await audits.GetWithFindingsAsync(id, cancellationToken).ConfigureAwait(false);
        if (!detail.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, page, detail.Refusal).ConfigureAwait(false);
        }

        if (!AuditTeam.MayRead(detail.Value.Audit, page.Caller))
        {
            return await PageRenderer.MessageAsync(request, page, StatusCodes.Status403Forbidden, "Not yours to see",
                "This audit is read by its team and by people with an ISMS role. Your own actions are on My work.").ConfigureAwait(false);
        }

        var withActions = await Task.WhenAll(detail.Value.Findings.Select(async f => new FindingWithActions(f, await ActionsOfAsync(f, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        var model = new AuditPageModel(detail.Value.Audit, withActions, policy.Value.MajorDueDays, policy.Value.MinorDueDays);
        return await PageRenderer.RenderAsync<AuditPage>(request, page, new Dictionary<string, object?> { ["Model"] = model, ["Echo"] = echo }, status).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<CorrectiveActionResponse>> ActionsOfAsync(FindingResponse finding, CancellationToken cancellationToken)
    {
        var found = new List<CorrectiveActionResponse>();
        foreach (var actionId in finding.CorrectiveActionIds)
        {
            var action = await actions.GetAsync(actionId, cancellationToken).ConfigureAwait(false);
            if (action.IsSuccess)
            {
                found.Add(action.Value);
            }
        }

        return [.. found.OrderBy(a => a.CreatedAt)];
    }

    /// <summary>A planned date from its field: required, as yyyy-mm-dd (the form always shows one).</summary>
    private static DateOnly? PlannedDate(Dictionary<string, string?> values, string field, string which, Dictionary<string, string[]> errors)
    {
        var day = Dates.Parse(values[field], out var ok);
        if (!ok || day is null)
        {
            errors[field] = [$"Give the planned {which} as yyyy-mm-dd."];
        }

        return day;
    }

    /// <summary>Ids or sign-in names typed into one field, separated by commas, semicolons, spaces or lines.</summary>
    private static List<string> List(string? text) =>
        text is null ? [] : [.. text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static bool SameTeam(List<string> sent, IReadOnlyList<string> current) =>
        sent.Count == current.Count && sent.All(s => current.Any(c => UserPrincipalName.AreSame(s, c)));
}
