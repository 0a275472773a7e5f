using Isms.Core.Audits;
using Isms.Functions.Pages;
using Isms.Functions.Platform;

namespace Isms.Functions.Registers;

/// <summary>The audit programme's audits over HTTP: plan, list, read, and move through their lifecycle.</summary>
public sealed class AuditsFunctions(CallerReader callers, AuditService audits)
{
    [Function("ListAudits")]
    [OpenApiOperation("Audits, filtered by type, status and a date range they overlap", "Audits")]
    [OpenApiQuery("type", "Stage1, Stage2, Surveillance, Recertification, Internal, FollowUp or ManagementReview")]
    [OpenApiQuery("status", "Planned, InProgress, Completed or Cancelled")]
    [OpenApiQuery("from", "a date: audits ending on or after it")]
    [OpenApiQuery("to", "a date: audits starting on or before it")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<AuditResponse>))]
    [OpenApiQuery("pageSize", "items per page, 1 to 1000 (100 when absent); the next page is in the Link header")]
    [OpenApiQuery("page", "the page, from 1")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audits")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        var type = query.Enum<AuditType>("type");
        var status = query.Enum<AuditStatus>("status");
        var from = query.Date("from");
        var to = query.Date("to");
        if (from is not null && to is not null && to < from)
        {
            query.Fail("to", "to must not be before from.");
        }

        var page = query.Page();
        return query.Errors ?? page.Answer(await audits.ListAsync(type, status, from, to, cancellationToken).ConfigureAwait(false), request);
    }

    [Function("CreateAudit")]
    [OpenApiOperation("Plan an audit (ISMS admin or auditor)", "Audits", Description = "Nobody may audit a control they own: such an auditor is refused.")]
    [OpenApiRequest(typeof(AuditDraft))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(AuditResponse))]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/audits")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Audit, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<AuditDraft>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Created(await audits.PlanAsync(caller, body.Value!, cancellationToken).ConfigureAwait(false), request, a => $"/api/audits/{a.Id}")
            : body.Problem!;
    }

    [Function("GetAudit")]
    [OpenApiOperation("One audit", "Audits")]
    [OpenApiQuery("format", "json (default); html answers 301 to the audit's page, /audits/{auditId}")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(AuditResponse))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audits/{auditId}")] HttpRequest request,
        string auditId,
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
            // The page for people moved out of the API (links in older notices still lead here).
            return PageRenderer.MovedTo(PagePaths.Audit(auditId));
        }

        return callers.TryAuthorize(request, Access.Read, out _, out var refusal)
            ? ApiResults.Ok(await audits.GetAsync(auditId, cancellationToken).ConfigureAwait(false), request)
            : refusal!;
    }

    [Function("UpdateAudit")]
    [OpenApiOperation("Change an audit's status, dates, title, scope or auditors (ISMS admin or auditor)", "Audits", Description = "Status moves Planned → InProgress → Completed, or to Cancelled; Completed and Cancelled are final.")]
    [OpenApiRequest(typeof(AuditPatch))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(AuditResponse))]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/audits/{auditId}")] HttpRequest request,
        string auditId,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Audit, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<AuditPatch>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Ok(await audits.ChangeAsync(caller, auditId, body.Value!, IfMatch.From(request), cancellationToken).ConfigureAwait(false), request)
            : body.Problem!;
    }
}
