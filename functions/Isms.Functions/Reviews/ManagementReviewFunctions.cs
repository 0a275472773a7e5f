using Isms.Core.Reviews;
using Isms.Functions.Pages;
using Isms.Functions.Platform;
using Isms.Functions.Registers;

namespace Isms.Functions.Reviews;

/// <summary>Management reviews over HTTP (9.3): plan, hold and complete them, their inputs pack, and their output actions.</summary>
public sealed class ManagementReviewFunctions(CallerReader callers, ManagementReviewService reviews)
{
    [Function("ListManagementReviews")]
    [OpenApiOperation("Every management review, the latest planned first", "Management review")]
    [OpenApiQuery("pageSize", "items per page, 1 to 1000 (100 when absent); the next page is in the Link header")]
    [OpenApiQuery("page", "the page, from 1")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<ManagementReviewResponse>))]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/management-reviews")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        var page = query.Page();
        return query.Errors ?? page.Answer(await reviews.ListAsync(cancellationToken).ConfigureAwait(false), request);
    }

    [Function("CreateManagementReview")]
    [OpenApiOperation("Plan a management review (ISMS admin)", "Management review", Description = "plannedDate, attendees: [{upn, topManagement}].")]
    [OpenApiRequest(typeof(ManagementReviewCreate))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(ManagementReviewResponse))]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/management-reviews")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Admin, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<ManagementReviewCreate>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Created(await reviews.CreateAsync(caller, body.Value!, cancellationToken).ConfigureAwait(false), request, r => $"/api/management-reviews/{r.Id}")
            : body.Problem!;
    }

    [Function("GetManagementReview")]
    [OpenApiOperation("One management review with its output actions and what it still needs before completion", "Management review")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(ManagementReviewResponse))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/management-reviews/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        callers.TryAuthorize(request, Access.Read, out _, out var refusal)
            ? ApiResults.Ok(await reviews.GetAsync(id, cancellationToken).ConfigureAwait(false), request)
            : refusal!;

    [Function("UpdateManagementReview")]
    [OpenApiOperation("Record a management review held or completed, its inputs, minutes and decisions (ISMS admin)", "Management review",
        Description = "status Planned, Held or Completed (never back); completing needs top management among the attendees, minutes and a decision, and seals a snapshot. A completed review no longer changes.")]
    [OpenApiRequest(typeof(ManagementReviewUpdate))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(ManagementReviewResponse))]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/management-reviews/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Admin, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<ManagementReviewUpdate>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Ok(await reviews.UpdateAsync(caller, id, body.Value!, IfMatch.From(request), cancellationToken).ConfigureAwait(false), request)
            : body.Problem!;
    }

    [Function("ManagementReviewPack")]
    [OpenApiOperation("The 9.3.2 inputs (a) to (g), (d) in its four parts, compiled for the review's period", "Management review",
        Description = "?format=json (default); html answers 301 to the review's printable pack page.")]
    [OpenApiQuery("format", "json, or html (301 to /management-reviews/{id}/pack)")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(ReviewPack))]
    public async Task<IActionResult> Pack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/management-reviews/{id}/pack")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var query = Query.Of(request);
        var format = query.Format("json", "html");
        if (query.Errors is { } errors)
        {
            return errors;
        }

        if (format == "html")
        {
            return PageRenderer.MovedTo(PagePaths.ReviewPack(id));
        }

        return callers.TryAuthorize(request, Access.Read, out _, out var refusal)
            ? ApiResults.Ok(await reviews.PackAsync(id, cancellationToken).ConfigureAwait(false), request)
            : refusal!;
    }

    [Function("RaiseReviewOutputAction")]
    [OpenApiOperation("Raise an output action of a held or completed review (ISMS admin)", "Management review",
        Description = "ownerUpn, description, optional dueDate (90 days by default): an action of kind ReviewOutput with the corrective-action lifecycle, chased like the rest.")]
    [OpenApiRequest(typeof(OriginActionCreate))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(CorrectiveActionResponse))]
    public async Task<IActionResult> RaiseAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/management-reviews/{id}/actions")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Admin, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<OriginActionCreate>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Created(await reviews.RaiseOutputActionAsync(caller, id, body.Value!, cancellationToken).ConfigureAwait(false), request, a => $"/api/corrective-actions/{a.Id}")
            : body.Problem!;
    }
}
