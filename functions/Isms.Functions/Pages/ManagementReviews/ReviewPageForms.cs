using Isms.Core.Reviews;
using Isms.Functions.Pages.Parts;
using Isms.Functions.Registers;
using Isms.Functions.Reviews;

namespace Isms.Functions.Pages.ManagementReviews;

/// <summary>
/// The forms of a review's page: the ISMS admin records it held and completed (with the inputs a person writes, the
/// minutes and the decisions) and raises output actions. Each saves through <see cref="ManagementReviewService"/>, then
/// 303 to the page, or the page again with the errors beside their fields.
/// </summary>
public sealed class ReviewPageForms(PageRenderer pages, ManagementReviewService reviews, ReviewPageView view)
{
    /// <summary>The fields of the form that records a review; decisions are one per line, in a box per kind.</summary>
    public static readonly string[] RecordFields =
        ["status", "plannedDate", "heldOn", "topManagement", "otherAttendees", "changesInIssues", "interestedPartiesChanges", "objectives", "feedback", "minutes", "improvementDecisions", "changeDecisions", "resourceDecisions"];

    private static readonly string[] ActionFields = ["ownerUpn", "description", "dueDate"];

    [Function("ManagementReviewPageRecord")]
    public async Task<IActionResult> Record(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "management-reviews/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostForAsync(request, p => p.IsAdmin, ReviewPageView.WhoRecords, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(RecordFields);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var planned = Dates.Parse(values["plannedDate"], "plannedDate", errors);
        var held = Dates.Parse(values["heldOn"], "heldOn", errors);
        ReviewStatus? status = Enum.TryParse<ReviewStatus>(values["status"], out var chosen) && Enum.IsDefined(chosen) ? chosen : null;
        if (status is null)
        {
            errors["status"] = ["Choose Planned, Held or Completed."];
        }

        if (errors.Count > 0)
        {
            return await view.RenderAsync(request, post.Page, id, new FormEcho("record", values, errors, false, "Not saved: correct the fields marked below."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var update = new ManagementReviewUpdate(
            planned, held, status, ReviewPageView.Attendees(values),
            values["changesInIssues"] ?? string.Empty, values["interestedPartiesChanges"] ?? string.Empty, values["objectives"] ?? string.Empty, values["feedback"] ?? string.Empty,
            values["minutes"] ?? string.Empty,
            [.. ReviewPageView.Decisions(values["improvementDecisions"], DecisionKind.Improvement), .. ReviewPageView.Decisions(values["changeDecisions"], DecisionKind.ChangeToIsms), .. ReviewPageView.Decisions(values["resourceDecisions"], DecisionKind.Resources)]);
        var outcome = await reviews.UpdateAsync(post.Page.Caller, id, update, post.IfMatch, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.ManagementReview(id), outcome.Value.Status == ReviewStatus.Completed ? "review-completed" : "saved")
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, ReviewPageView.ForFields(outcome.Refusal), "record", values, RecordFields,
                (echo, code) => view.RenderAsync(request, post.Page, id, echo, code, cancellationToken)).ConfigureAwait(false);
    }

    [Function("ManagementReviewPageRaiseAction")]
    public async Task<IActionResult> RaiseAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "management-reviews/{id}/actions")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostForAsync(request, p => p.IsAdmin, ReviewPageView.WhoRecords, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(ActionFields);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var due = Dates.Parse(values["dueDate"], "dueDate", errors);
        if (errors.Count > 0)
        {
            return await view.RenderAsync(request, post.Page, id, new FormEcho("action", values, errors, false, "Not raised: correct the fields marked below."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var outcome = await reviews.RaiseOutputActionAsync(post.Page.Caller, id, new OriginActionCreate(values["ownerUpn"], values["description"], due), cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.ManagementReview(id), "action-raised")
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, outcome.Refusal, "action", values, ActionFields,
                (echo, code) => view.RenderAsync(request, post.Page, id, echo, code, cancellationToken)).ConfigureAwait(false);
    }
}
