using Isms.Core.CorrectiveActions;
using Isms.Core.Validation;
using Isms.Functions.Pages;
using Isms.Functions.Platform;

namespace Isms.Functions.Registers;

/// <summary>Corrective actions (ISO/IEC 27001 10.2) over HTTP: their owners update them; auditors review their effectiveness.</summary>
public sealed class CorrectiveActionsFunctions(CallerReader callers, CorrectiveActionService actions)
{
    [Function("ListCorrectiveActions")]
    [OpenApiOperation("Corrective actions, by owner, status, or overdue", "Corrective actions")]
    [OpenApiQuery("ownerUpn", "the owner's UPN")]
    [OpenApiQuery("status", "Open, InProgress, Implemented or Closed")]
    [OpenApiQuery("overdue", "true: only actions past their due date and not done")]
    [OpenApiQuery("format", "json (default); html answers 301 to the page for people (/my for an owner's list, / for the rest)")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<CorrectiveActionResponse>))]
    [OpenApiQuery("pageSize", "items per page, 1 to 1000 (100 when absent); the next page is in the Link header")]
    [OpenApiQuery("page", "the page, from 1")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/corrective-actions")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var query = Query.Of(request);
        if (query.Format("json", "html") == "html")
        {
            // The pages moved out of the API: an owner's list (the link of older digests) is their own work; the
            // overdue list (the weekly card's older button) is on the home page, overdue actions by owner.
            return PageRenderer.MovedTo(query.Text("ownerUpn") is null ? PagePaths.Home : PagePaths.MyWork);
        }

        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var owner = query.Text("ownerUpn");
        var status = query.Enum<CorrectiveActionStatus>("status");
        var overdue = query.Bool("overdue");
        if (owner is not null && !UserPrincipalName.IsWellFormed(owner))
        {
            query.Fail("ownerUpn", $"ownerUpn '{owner}' is not a user principal name (name@contoso.com).");
        }

        var page = query.Page();
        if (query.Errors is { } errors)
        {
            return errors;
        }

        return page.Answer(await actions.ListAsync(owner, status, overdue, cancellationToken).ConfigureAwait(false), request);
    }

    [Function("GetCorrectiveAction")]
    [OpenApiOperation("One corrective action", "Corrective actions")]
    [OpenApiQuery("format", "json (default); html answers 301 to the action's page, /actions/{id}")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(CorrectiveActionResponse))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/corrective-actions/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var query = Query.Of(request);
        var html = query.Format("json", "html") == "html";
        if (query.Errors is { } errors)
        {
            return errors;
        }

        if (html)
        {
            // The page moved out of the API; links in reminders sent before still lead here.
            return PageRenderer.MovedTo(PagePaths.Action(id));
        }

        return callers.TryAuthorize(request, Access.Read, out _, out var refusal)
            ? ApiResults.Ok(await actions.GetAsync(id, cancellationToken).ConfigureAwait(false), request)
            : refusal!;
    }

    [Function("UpdateCorrectiveAction")]
    [OpenApiOperation("Update a corrective action (its owner or an ISMS admin)", "Corrective actions", Description = "Implemented needs a root cause and an action plan (409 otherwise); snoozing needs a written reason.")]
    [OpenApiRequest(typeof(CorrectiveActionUpdate))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(CorrectiveActionResponse))]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/corrective-actions/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Person, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<CorrectiveActionUpdate>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Ok(await actions.UpdateAsync(caller, id, body.Value!, IfMatch.From(request), cancellationToken).ConfigureAwait(false), request)
            : body.Problem!;
    }

    [Function("ReviewCorrectiveActionEffectiveness")]
    [OpenApiOperation("Record an effectiveness review (ISMS admin or auditor, never the owner)", "Corrective actions", Description = "Effective closes an Implemented action; ineffective reopens it with a new due date.")]
    [OpenApiRequest(typeof(EffectivenessReviewCreate))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(CorrectiveActionResponse))]
    public async Task<IActionResult> Review(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/corrective-actions/{id}/effectiveness-reviews")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Audit, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<EffectivenessReviewCreate>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Created(await actions.ReviewAsync(caller, id, body.Value!, IfMatch.From(request), cancellationToken).ConfigureAwait(false), request, a => $"/api/corrective-actions/{a.Id}")
            : body.Problem!;
    }
}
