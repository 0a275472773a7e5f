using Isms.Core.CorrectiveActions;
using Isms.Core.Validation;
using Isms.Functions.Evidence;
using Isms.Functions.Pages.Parts;
using Isms.Functions.Platform;
using Isms.Functions.Registers;

namespace Isms.Functions.Pages.Actions;

/// <summary>
/// The action page (<c>/actions/{id}</c>), where a reminder's link leads: its owner records the correction, root cause
/// and plan, marks it implemented, pauses reminders and attaches evidence; an auditor reviews its effectiveness.
/// Each form posts to a sub-route, calls the same service as the API and answers 303 to the page, or the page
/// again with the errors beside their fields.
/// </summary>
public sealed class ActionPages(
    PageRenderer pages,
    EvidenceForm evidenceForm,
    CorrectiveActionService actions,
    FindingService findings,
    EvidenceService evidence,
    IOptions<CorrectiveActionPolicy> policy)
{
    [Function("ActionPage")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "actions/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!pages.TrySignIn(request, out var page, out var refusal))
        {
            return refusal!;
        }

        return await RenderAsync(request, page, id, null, StatusCodes.Status200OK, cancellationToken).ConfigureAwait(false);
    }

    [Function("ActionPageRecord")]
    public async Task<IActionResult> Record(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "actions/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(DetailFields);
        CorrectiveActionStatus? status = null;
        if (values["status"] is { } chosen)
        {
            if (!Enum.TryParse<CorrectiveActionStatus>(chosen, out var parsed) || !Enum.IsDefined(parsed))
            {
                return await RenderAsync(request, post.Page, id, FormEcho.Unreadable("details", values, "status", "Choose Open, In progress or Implemented."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
            }

            status = parsed;
        }

        // A field the form sent empty is cleared; the service refuses what may not be empty (the correction).
        var update = new CorrectiveActionUpdate(values["correction"] ?? string.Empty, values["rootCause"] ?? string.Empty, values["actionPlan"] ?? string.Empty, status, null, null);
        var outcome = await actions.UpdateAsync(post.Page.Caller, id, update, post.IfMatch, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther(PathOf(id), outcome.Value.Status == CorrectiveActionStatus.Implemented && status == CorrectiveActionStatus.Implemented ? "implemented" : "saved")
            : await RefusedAsync(request, post.Page, id, "details", values, DetailFields, outcome.Refusal, cancellationToken).ConfigureAwait(false);
    }

    [Function("ActionPageSnooze")]
    public async Task<IActionResult> Snooze(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "actions/{id}/snooze")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(SnoozeFields);
        var until = Dates.Parse(values["snoozeUntil"], out var ok);
        if (!ok || until is null)
        {
            return await RenderAsync(request, post.Page, id, FormEcho.Unreadable("snooze", values, "snoozeUntil", "Give the date until which reminders pause, as yyyy-mm-dd."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var outcome = await actions.UpdateAsync(post.Page.Caller, id, new CorrectiveActionUpdate(null, null, null, null, until, values["snoozeReason"] ?? string.Empty), post.IfMatch, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther(PathOf(id), "snoozed")
            : await RefusedAsync(request, post.Page, id, "snooze", values, SnoozeFields, outcome.Refusal, cancellationToken).ConfigureAwait(false);
    }

    [Function("ActionPageReview")]
    public async Task<IActionResult> Review(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "actions/{id}/review")] HttpRequest request,
        string id,
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

        var values = post.Values(ReviewFields);
        var outcome = await actions.ReviewAsync(post.Page.Caller, id, new EffectivenessReviewCreate(post.Choice("effective"), values["notes"]), post.IfMatch, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther(PathOf(id), "reviewed")
            : await RefusedAsync(request, post.Page, id, "review", values, ReviewFields, outcome.Refusal, cancellationToken).ConfigureAwait(false);
    }

    [Function("ActionPageEvidence")]
    public async Task<IActionResult> AttachEvidence(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "actions/{id}/evidence")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (page, refusal) = await pages.CheckPostWithoutFormAsync(request).ConfigureAwait(false);
        if (page is null)
        {
            return refusal!;
        }

        var action = await actions.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (!action.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, page, action.Refusal).ConfigureAwait(false);
        }

        if (!page.Caller.Is(action.Value.OwnerUpn, action.Value.OwnerObjectId) && !page.CanContribute)
        {
            return await PageRenderer.MessageAsync(request, page, StatusCodes.Status403Forbidden, "Not yours to change",
                $"Evidence is attached here by the action's owner ({action.Value.OwnerUpn}) or by someone with a contributor role.").ConfigureAwait(false);
        }

        var finding = await findings.GetAsync(action.Value.FindingId, cancellationToken).ConfigureAwait(false);
        IReadOnlySet<string> controls = finding.IsSuccess ? finding.Value.ControlIds.ToHashSet(StringComparer.OrdinalIgnoreCase) : new HashSet<string>();
        return await evidenceForm.FileAsync(
            request,
            page,
            fields =>
            {
                if (!fields.TryGetValue("correctiveActionId", out var linked) || linked.Count != 1 || linked[0] != id)
                {
                    return Refusal.For(RefusalCode.Invalid, "correctiveActionId", $"Evidence attached on this page is linked to {id}.");
                }

                var named = fields.TryGetValue("controlIds", out var c) ? c.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)) : [];
                return named.All(controls.Contains) ? null : Refusal.For(RefusalCode.Invalid, "controlIds", $"Evidence attached on this page is linked only to the finding's controls ({string.Join(", ", controls)}).");
            },
            EvidenceFields,
            _ => PageRenderer.SeeOther(PathOf(id), "evidence"),
            (echo, status) => RenderAsync(request, page, id, echo, status, cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    private static readonly string[] DetailFields = ["correction", "rootCause", "actionPlan", "status"];
    private static readonly string[] SnoozeFields = ["snoozeUntil", "snoozeReason"];
    private static readonly string[] ReviewFields = ["effective", "notes"];
    private static readonly string[] EvidenceFields = ["file", "description", "effectiveDate"];

    public static string PathOf(string id) => "/actions/" + Uri.EscapeDataString(id);

    private Task<IActionResult> RefusedAsync(HttpRequest request, PageContext page, string id, string form, IReadOnlyDictionary<string, string?> values, IReadOnlyCollection<string> shown, Refusal refusal, CancellationToken cancellationToken) =>
        PageRenderer.AnswerRefusalAsync(request, page, refusal, form, values, shown, (echo, status) => RenderAsync(request, page, id, echo, status, cancellationToken));

    private async Task<IActionResult> RenderAsync(HttpRequest request, PageContext page, string id, FormEcho? echo, int status, CancellationToken cancellationToken)
    {
        var action = await actions.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (!action.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, page, action.Refusal).ConfigureAwait(false);
        }

        if (!page.CanRead && !page.Caller.Is(action.Value.OwnerUpn, action.Value.OwnerObjectId))
        {
            return await PageRenderer.MessageAsync(request, page, StatusCodes.Status403Forbidden, "Not yours to see",
                $"This action belongs to someone else. Your own actions are on My work; an ISMS role shows them all.").ConfigureAwait(false);
        }

        var finding = await findings.GetAsync(action.Value.FindingId, cancellationToken).ConfigureAwait(false);
        var linked = await evidence.ListAsync(page.Caller, null, id, null, cancellationToken).ConfigureAwait(false);
        var model = new ActionPageModel(action.Value, finding.IsSuccess ? finding.Value : null, linked, policy.Value.MaxSnoozeDays);
        return await PageRenderer.RenderAsync<ActionPage>(request, page, new Dictionary<string, object?> { ["Model"] = model, ["Echo"] = echo }, status).ConfigureAwait(false);
    }
}
