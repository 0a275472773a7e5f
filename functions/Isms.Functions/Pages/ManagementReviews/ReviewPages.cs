using Isms.Core.Reviews;
using Isms.Core.Validation;
using Isms.Functions.Pages.Parts;
using Isms.Functions.Registers;
using Isms.Functions.Reviews;

namespace Isms.Functions.Pages.ManagementReviews;

/// <summary>
/// Management reviews as pages: <c>/management-reviews</c> (every review, and the form that plans one),
/// <c>/management-reviews/{id}</c> (the record with its inputs pack, the form that records it held and completed, and
/// the one that raises output actions) and <c>/management-reviews/{id}/pack</c> (the inputs pack, to print). Forms call
/// <see cref="ManagementReviewService"/> as the API does, then 303.
/// </summary>
public sealed class ReviewPages(PageRenderer pages, ManagementReviewService reviews, CorrectiveActionService actions)
{
    private static readonly string[] PlanFields = ["plannedDate", "topManagement", "otherAttendees"];

    /// <summary>The fields of the form that records a review; decisions are one per line, in a box per kind.</summary>
    public static readonly string[] RecordFields =
        ["status", "plannedDate", "heldOn", "topManagement", "otherAttendees", "changesInIssues", "interestedPartiesChanges", "objectives", "feedback", "minutes", "improvementDecisions", "changeDecisions", "resourceDecisions"];

    private static readonly string[] ActionFields = ["ownerUpn", "description", "dueDate"];

    [Function("ManagementReviewsPage")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "management-reviews")] HttpRequest request,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, p => p.CanRead, WhoReads, page => RenderListAsync(request, page, null, StatusCodes.Status200OK, cancellationToken));

    [Function("ManagementReviewsPagePlan")]
    public async Task<IActionResult> Plan(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "management-reviews")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostForAsync(request, p => p.IsAdmin, WhoRecords, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(PlanFields);
        var planned = Dates.Parse(values["plannedDate"], out var ok);
        if (!ok)
        {
            return await RenderListAsync(request, post.Page, FormEcho.Unreadable("plan", values, "plannedDate", "Give the date as yyyy-mm-dd."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var outcome = await reviews.CreateAsync(post.Page.Caller, new ManagementReviewCreate(planned, Attendees(values)), cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.ManagementReview(outcome.Value.Id), "review-planned")
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, ForFields(outcome.Refusal), "plan", values, PlanFields,
                (echo, status) => RenderListAsync(request, post.Page, echo, status, cancellationToken)).ConfigureAwait(false);
    }

    [Function("ManagementReviewPage")]
    public Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "management-reviews/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, p => p.CanRead, WhoReads, page => RenderReviewAsync(request, page, id, null, StatusCodes.Status200OK, cancellationToken));

    [Function("ManagementReviewPackPage")]
    public Task<IActionResult> Pack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "management-reviews/{id}/pack")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, p => p.CanRead, WhoReads, page => RenderPackAsync(request, page, id, cancellationToken));

    private async Task<IActionResult> RenderPackAsync(HttpRequest request, PageContext page, string id, CancellationToken cancellationToken)
    {
        var review = await reviews.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var pack = await reviews.PackAsync(id, cancellationToken).ConfigureAwait(false);
        if (!review.IsSuccess || !pack.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, page, (review.IsSuccess ? pack.Refusal : review.Refusal)!).ConfigureAwait(false);
        }

        return await PageRenderer.RenderAsync<ReviewPackPage>(request, page, new Dictionary<string, object?>
        {
            ["Review"] = review.Value,
            ["Pack"] = pack.Value,
        }, StatusCodes.Status200OK).ConfigureAwait(false);
    }

    [Function("ManagementReviewPageRecord")]
    public async Task<IActionResult> Record(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "management-reviews/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostForAsync(request, p => p.IsAdmin, WhoRecords, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(RecordFields);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var planned = Date(values, "plannedDate", errors);
        var held = Date(values, "heldOn", errors);
        ReviewStatus? status = Enum.TryParse<ReviewStatus>(values["status"], out var chosen) && Enum.IsDefined(chosen) ? chosen : null;
        if (status is null)
        {
            errors["status"] = ["Choose Planned, Held or Completed."];
        }

        if (errors.Count > 0)
        {
            return await RenderReviewAsync(request, post.Page, id, new FormEcho("record", values, errors, false, "Not saved: correct the fields marked below."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var update = new ManagementReviewUpdate(
            planned, held, status, Attendees(values),
            values["changesInIssues"] ?? string.Empty, values["interestedPartiesChanges"] ?? string.Empty, values["objectives"] ?? string.Empty, values["feedback"] ?? string.Empty,
            values["minutes"] ?? string.Empty,
            [.. Decisions(values["improvementDecisions"], DecisionKind.Improvement), .. Decisions(values["changeDecisions"], DecisionKind.ChangeToIsms), .. Decisions(values["resourceDecisions"], DecisionKind.Resources)]);
        var outcome = await reviews.UpdateAsync(post.Page.Caller, id, update, post.IfMatch, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.ManagementReview(id), outcome.Value.Status == ReviewStatus.Completed ? "review-completed" : "saved")
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, ForFields(outcome.Refusal), "record", values, RecordFields,
                (echo, code) => RenderReviewAsync(request, post.Page, id, echo, code, cancellationToken)).ConfigureAwait(false);
    }

    [Function("ManagementReviewPageRaiseAction")]
    public async Task<IActionResult> RaiseAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "management-reviews/{id}/actions")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostForAsync(request, p => p.IsAdmin, WhoRecords, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(ActionFields);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var due = Date(values, "dueDate", errors);
        if (errors.Count > 0)
        {
            return await RenderReviewAsync(request, post.Page, id, new FormEcho("action", values, errors, false, "Not raised: correct the fields marked below."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var outcome = await reviews.RaiseOutputActionAsync(post.Page.Caller, id, new OriginActionCreate(values["ownerUpn"], values["description"], due), cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.ManagementReview(id), "action-raised")
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, outcome.Refusal, "action", values, ActionFields,
                (echo, code) => RenderReviewAsync(request, post.Page, id, echo, code, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Attendees typed one per line (or separated by commas): top management in one box, the others in another.</summary>
    private static List<ReviewAttendee> Attendees(Dictionary<string, string?> values) =>
        [.. Lines(values["topManagement"]).Select(u => new ReviewAttendee(u, true)), .. Lines(values.GetValueOrDefault("otherAttendees")).Select(u => new ReviewAttendee(u, false))];

    private static IEnumerable<ReviewDecision> Decisions(string? text, DecisionKind kind) =>
        (text ?? string.Empty).Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => new ReviewDecision(kind, line));

    private static string[] Lines(string? text) =>
        (text ?? string.Empty).Split(['\n', '\r', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static DateOnly? Date(Dictionary<string, string?> values, string field, Dictionary<string, string[]> errors)
    {
        var date = Dates.Parse(values[field], out var ok);
        if (!ok)
        {
            errors[field] = ["Enter the date as YYYY-MM-DD."];
        }

        return date;
    }

    /// <summary>The API's item errors ("attendees[1].upn", "decisions[0].text") beside the boxes they were typed in.</summary>
    private static Refusal ForFields(Refusal refusal)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, messages) in refusal.Errors)
        {
            var box = field.StartsWith("attendees", StringComparison.Ordinal) ? "topManagement"
                : field.StartsWith("decisions", StringComparison.Ordinal) ? "improvementDecisions"
                : field;
            errors[box] = [.. errors.GetValueOrDefault(box) ?? [], .. messages];
        }

        return refusal with { Errors = errors };
    }

    private async Task<IActionResult> RenderListAsync(HttpRequest request, PageContext page, FormEcho? echo, int status, CancellationToken cancellationToken) =>
        await PageRenderer.RenderAsync<ReviewsPage>(request, page, new Dictionary<string, object?>
        {
            ["Reviews"] = await reviews.ListAsync(cancellationToken).ConfigureAwait(false),
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);

    private async Task<IActionResult> RenderReviewAsync(HttpRequest request, PageContext page, string id, FormEcho? echo, int status, CancellationToken cancellationToken)
    {
        var review = await reviews.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (!review.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, page, review.Refusal).ConfigureAwait(false);
        }

        var outputs = new List<CorrectiveActionResponse>();
        foreach (var actionId in review.Value.OutputActionIds)
        {
            if (await actions.GetAsync(actionId, cancellationToken).ConfigureAwait(false) is { IsSuccess: true } action)
            {
                outputs.Add(action.Value);
            }
        }

        var pack = await reviews.PackAsync(id, cancellationToken).ConfigureAwait(false);
        return await PageRenderer.RenderAsync<ReviewPage>(request, page, new Dictionary<string, object?>
        {
            ["Review"] = review.Value,
            ["Pack"] = pack.Value,
            ["Outputs"] = outputs,
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);
    }

    private const string WhoReads = "Management reviews are read by people with an ISMS role (an output action you own opens from its own link)";

    private const string WhoRecords = "Management reviews are planned and recorded by ISMS admins";
}
