using Isms.Core.CorrectiveActions;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>Corrective actions (ISO/IEC 27001 10.2): their owners update them; auditors review their effectiveness.</summary>
public sealed class CorrectiveActionsFunctions(CallerReader callers, CorrectiveActionRegister actions, CorrectiveActionLifecycle lifecycle, TimeProvider time)
{
    [Function("ListCorrectiveActions")]
    [OpenApiOperation("Corrective actions, by owner, status, or overdue", "Corrective actions")]
    [OpenApiQuery("ownerUpn", "the owner's UPN")]
    [OpenApiQuery("status", "Open, InProgress, Implemented or Closed")]
    [OpenApiQuery("overdue", "true: only actions past their due date and not done")]
    [OpenApiQuery("format", "json (default) or html: a page to read, as the links in reminders and the weekly card open")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<CorrectiveActionResponse>))]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "corrective-actions")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        var owner = query.Text("ownerUpn");
        var status = query.Enum<CorrectiveActionStatus>("status");
        var overdue = query.Bool("overdue");
        var html = query.Format("json", "html") == "html";
        if (owner is not null && !Isms.Core.Validation.UserPrincipalName.IsWellFormed(owner))
        {
            query.Fail("ownerUpn", $"ownerUpn '{owner}' is not a user principal name (name@contoso.com).");
        }

        if (query.Errors is { } errors)
        {
            return errors;
        }

        var wantsClosed = status is null or CorrectiveActionStatus.Closed && overdue != true;
        var wantsOpen = status is not CorrectiveActionStatus.Closed;
        var source = owner is not null
            ? actions.OwnedByAsync(owner, wantsClosed, cancellationToken)
            : Concat(wantsOpen ? actions.OpenAsync(cancellationToken) : null, wantsClosed ? actions.ClosedAsync(cancellationToken) : null);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var found = new List<CorrectiveActionResponse>();
        await foreach (var action in source.ConfigureAwait(false))
        {
            if ((status is null || action.Value.Status == status) && (overdue is null || (action.Value.DaysOverdue(today) > 0) == overdue))
            {
                found.Add(actions.ToResponse(action));
            }
        }

        var sorted = found.OrderByDescending(a => a.DaysOverdue).ThenBy(a => a.DueDate).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        if (html)
        {
            string[] filter = [overdue is { } late ? (late ? "overdue" : "not overdue") : string.Empty, status?.ToString() ?? string.Empty, owner is null ? string.Empty : $"owned by {owner}"];
            return HtmlPage.Result(CorrectiveActionDocuments.List(sorted, string.Join(", ", filter.Where(f => f.Length > 0))), request.HttpContext.Response);
        }

        return new OkObjectResult(sorted);
    }

    [Function("GetCorrectiveAction")]
    [OpenApiOperation("One corrective action", "Corrective actions")]
    [OpenApiQuery("format", "json (default) or html: a page to read, as the links in reminders open")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(CorrectiveActionResponse))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "corrective-actions/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        var html = query.Format("json", "html") == "html";
        if (query.Errors is { } errors)
        {
            return errors;
        }

        var action = await actions.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (action is null)
        {
            return NotFound(id);
        }

        var response = actions.ToResponse(action);
        return html
            ? HtmlPage.Result(CorrectiveActionDocuments.Detail(response), request.HttpContext.Response)
            : ApiResults.Ok(response, request.HttpContext.Response, action.ETag);
    }

    [Function("UpdateCorrectiveAction")]
    [OpenApiOperation("Update a corrective action (its owner or an ISMS admin)", "Corrective actions", Description = "Implemented needs a root cause and an action plan (409 otherwise); snoozing needs a written reason.")]
    [OpenApiRequest(typeof(CorrectiveActionUpdate))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(CorrectiveActionResponse))]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "corrective-actions/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<CorrectiveActionUpdate>(request, cancellationToken).ConfigureAwait(false);
        if (!body.IsValid)
        {
            return body.Problem!;
        }

        var before = await actions.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return NotFound(id);
        }

        if (!caller.IsAdmin && !caller.Is(before.Value.OwnerUpn))
        {
            return Problem.Forbidden($"Only the action's owner ({before.Value.OwnerUpn}) or an ISMS admin may update it.");
        }

        if (!ETags.Matches(request, before.ETag))
        {
            return ETags.Stale($"Corrective action {id}");
        }

        var input = body.Value!;
        if (input.Status == CorrectiveActionStatus.Closed)
        {
            return Problem.Conflict(
                "An action is closed by an effectiveness review, not by setting its status: POST /api/corrective-actions/{id}/effectiveness-reviews.",
                new Dictionary<string, string[]> { ["status"] = ["Closed is reached through an effectiveness review by someone other than the owner."] });
        }

        var patch = new CorrectiveActionPatch
        {
            Correction = input.Correction,
            RootCause = input.RootCause,
            ActionPlan = input.ActionPlan,
            Status = input.Status,
            SnoozeUntil = input.SnoozeUntil,
            SnoozeReason = input.SnoozeReason,
        };
        var changed = lifecycle.Apply(before.Value, patch);
        if (!changed.IsSuccess)
        {
            return ApiResults.Refused(changed.Refusal);
        }

        try
        {
            var saved = await actions.ReplaceAsync(before, changed.Value, caller, cancellationToken).ConfigureAwait(false);
            return ApiResults.Ok(actions.ToResponse(saved), request.HttpContext.Response, saved.ETag);
        }
        catch (StaleRecordException ex)
        {
            return ApiResults.Stale(ex);
        }
    }

    [Function("ReviewCorrectiveActionEffectiveness")]
    [OpenApiOperation("Record an effectiveness review (ISMS admin or auditor, never the owner)", "Corrective actions", Description = "Effective closes an Implemented action; ineffective reopens it with a new due date.")]
    [OpenApiRequest(typeof(EffectivenessReviewCreate))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(CorrectiveActionResponse))]
    public async Task<IActionResult> Review(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "corrective-actions/{id}/effectiveness-reviews")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Audit, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<EffectivenessReviewCreate>(request, cancellationToken).ConfigureAwait(false);
        if (!body.IsValid)
        {
            return body.Problem!;
        }

        if (body.Value!.Effective is null)
        {
            return Problem.Field("effective", "effective is required: true when the action removed the cause, false when it did not.");
        }

        var before = await actions.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return NotFound(id);
        }

        if (!ETags.Matches(request, before.ETag))
        {
            return ETags.Stale($"Corrective action {id}");
        }

        var reviewed = lifecycle.Review(before.Value, caller.Upn, body.Value.Effective.Value, body.Value.Notes);
        if (!reviewed.IsSuccess)
        {
            return ApiResults.Refused(reviewed.Refusal);
        }

        try
        {
            var saved = await actions.ReplaceAsync(before, reviewed.Value, caller, cancellationToken).ConfigureAwait(false);
            return ApiResults.Created(actions.ToResponse(saved), $"/api/corrective-actions/{id}", request.HttpContext.Response, saved.ETag);
        }
        catch (StaleRecordException ex)
        {
            return ApiResults.Stale(ex);
        }
    }

    private static async IAsyncEnumerable<T> Concat<T>(IAsyncEnumerable<T>? first, IAsyncEnumerable<T>? second)
    {
        foreach (var source in new[] { first, second })
        {
            if (source is null)
            {
                continue;
            }

            await foreach (var item in source.ConfigureAwait(false))
            {
                yield return item;
            }
        }
    }

    private static ObjectResult NotFound(string id) => Problem.NotFound($"There is no corrective action '{id}'. GET /api/corrective-actions lists them.");
}
