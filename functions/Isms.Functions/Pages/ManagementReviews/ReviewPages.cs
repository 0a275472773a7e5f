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
public sealed class ReviewPages(PageRenderer pages, ManagementReviewService reviews, ReviewPageView view)
{
    private static readonly string[] PlanFields = ["plannedDate", "topManagement", "otherAttendees"];

    [Function("ManagementReviewsPage")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "management-reviews")] HttpRequest request,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, p => p.CanRead, ReviewPageView.WhoReads, page => RenderListAsync(request, page, null, StatusCodes.Status200OK, cancellationToken));

    [Function("ManagementReviewsPagePlan")]
    public async Task<IActionResult> Plan(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "management-reviews")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostForAsync(request, p => p.IsAdmin, ReviewPageView.WhoRecords, cancellationToken).ConfigureAwait(false);
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

        var outcome = await reviews.CreateAsync(post.Page.Caller, new ManagementReviewCreate(planned, ReviewPageView.Attendees(values)), cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.ManagementReview(outcome.Value.Id), "review-planned")
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, ReviewPageView.ForFields(outcome.Refusal), "plan", values, PlanFields,
                (echo, status) => RenderListAsync(request, post.Page, echo, status, cancellationToken)).ConfigureAwait(false);
    }

    [Function("ManagementReviewPage")]
    public Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "management-reviews/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, p => p.CanRead, ReviewPageView.WhoReads, page => view.RenderAsync(request, page, id, null, StatusCodes.Status200OK, cancellationToken));

    [Function("ManagementReviewPackPage")]
    public Task<IActionResult> Pack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "management-reviews/{id}/pack")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, p => p.CanRead, ReviewPageView.WhoReads, page => RenderPackAsync(request, page, id, cancellationToken));

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

    private async Task<IActionResult> RenderListAsync(HttpRequest request, PageContext page, FormEcho? echo, int status, CancellationToken cancellationToken) =>
        await PageRenderer.RenderAsync<ReviewsPage>(request, page, new Dictionary<string, object?>
        {
            ["Reviews"] = await reviews.ListAsync(cancellationToken).ConfigureAwait(false),
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);
}
