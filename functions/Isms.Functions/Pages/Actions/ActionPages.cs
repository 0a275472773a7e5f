using Isms.Core.CorrectiveActions;
using Isms.Core.Validation;
using Isms.Functions.Evidence;
using Isms.Functions.Pages.Parts;
using Isms.Functions.Platform;
using Isms.Functions.Registers;

namespace Isms.Functions.Pages.Actions;

/// <summary>
/// The action page (<c>/actions/{id}</c>), where a reminder's link leads: its owner records the correction, root cause
/// and plan, marks it implemented, pauses reminders and attaches evidence (<see cref="ActionEvidencePages"/>); an auditor reviews its effectiveness.
/// Each form posts to a sub-route, calls the same service as the API and answers 303 to the page, or the page
/// again with the errors beside their fields.
/// </summary>
public sealed class ActionPages(ActionPageView view, CorrectiveActionService actions)
{
    [Function("ActionPage")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "actions/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!view.Pages.TrySignIn(request, out var page, out var refusal))
        {
            return refusal!;
        }

        return await view.RenderAsync(request, page, id, null, StatusCodes.Status200OK, cancellationToken).ConfigureAwait(false);
    }

    [Function("ActionPageRecord")]
    public async Task<IActionResult> Record(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "actions/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await view.Pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
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
                return await view.RenderAsync(request, post.Page, id, FormEcho.Unreadable("details", values, "status", "Choose Open, In progress or Implemented."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
            }

            status = parsed;
        }

        // A field the form sent empty is cleared; the service refuses what may not be empty (the correction).
        var update = new CorrectiveActionUpdate(values["correction"] ?? string.Empty, values["rootCause"] ?? string.Empty, values["actionPlan"] ?? string.Empty, status, null, null);
        var outcome = await actions.UpdateAsync(post.Page.Caller, id, update, post.IfMatch, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther(ActionPageView.PathOf(id), outcome.Value.Status == CorrectiveActionStatus.Implemented && status == CorrectiveActionStatus.Implemented ? "implemented" : "saved")
            : await view.RefusedAsync(request, post.Page, id, "details", values, DetailFields, outcome.Refusal, cancellationToken).ConfigureAwait(false);
    }

    [Function("ActionPageSnooze")]
    public async Task<IActionResult> Snooze(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "actions/{id}/snooze")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await view.Pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(SnoozeFields);
        var until = Dates.Parse(values["snoozeUntil"], out var ok);
        if (!ok || until is null)
        {
            return await view.RenderAsync(request, post.Page, id, FormEcho.Unreadable("snooze", values, "snoozeUntil", "Give the date until which reminders pause, as yyyy-mm-dd."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var outcome = await actions.UpdateAsync(post.Page.Caller, id, new CorrectiveActionUpdate(null, null, null, null, until, values["snoozeReason"] ?? string.Empty), post.IfMatch, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther(ActionPageView.PathOf(id), "snoozed")
            : await view.RefusedAsync(request, post.Page, id, "snooze", values, SnoozeFields, outcome.Refusal, cancellationToken).ConfigureAwait(false);
    }

    [Function("ActionPageReview")]
    public async Task<IActionResult> Review(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "actions/{id}/review")] HttpRequest request,
        string id,
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

        var values = post.Values(ReviewFields);
        var outcome = await actions.ReviewAsync(post.Page.Caller, id, new EffectivenessReviewCreate(post.Choice("effective"), values["notes"]), post.IfMatch, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther(ActionPageView.PathOf(id), "reviewed")
            : await view.RefusedAsync(request, post.Page, id, "review", values, ReviewFields, outcome.Refusal, cancellationToken).ConfigureAwait(false);
    }

    private static readonly string[] DetailFields = ["correction", "rootCause", "actionPlan", "status"];
    private static readonly string[] SnoozeFields = ["snoozeUntil", "snoozeReason"];
    private static readonly string[] ReviewFields = ["effective", "notes"];
}
