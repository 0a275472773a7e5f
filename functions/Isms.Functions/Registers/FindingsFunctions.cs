using Isms.Core.Audits;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>Findings raised in audits or outside them, the corrective and improvement actions that answer them, and the improvement log, over HTTP.</summary>
public sealed class FindingsFunctions(CallerReader callers, FindingService findings, CorrectiveActionService actions)
{
    [Function("RaiseFinding")]
    [OpenApiOperation("Raise a finding in an audit (ISMS admin or auditor)", "Findings")]
    [OpenApiRequest(typeof(FindingCreate))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(FindingResponse))]
    public async Task<IActionResult> Raise(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/audits/{auditId}/findings")] HttpRequest request,
        string auditId,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Audit, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<FindingCreate>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Created(await findings.RaiseAsync(caller, auditId, body.Value!, cancellationToken).ConfigureAwait(false), request, f => $"/api/findings/{f.Id}")
            : body.Problem!;
    }

    [Function("RaiseFindingOutsideAudits")]
    [OpenApiOperation("Raise a nonconformity or an opportunity for improvement found outside audits (ISMS admin or auditor)", "Findings",
        Description = "source: Incident, Monitoring, Complaint, ManagementReview or Other; reference: what it traces to (required unless Other). It takes corrective or improvement actions as an audit finding does.")]
    [OpenApiRequest(typeof(FindingOutsideAuditCreate))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(FindingResponse))]
    public async Task<IActionResult> RaiseOutsideAudits(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/findings")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Audit, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<FindingOutsideAuditCreate>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Created(await findings.RaiseOutsideAuditsAsync(caller, body.Value!, null, cancellationToken).ConfigureAwait(false), request, f => $"/api/findings/{f.Id}")
            : body.Problem!;
    }

    [Function("ImprovementLog")]
    [OpenApiOperation("The improvement log: every opportunity for improvement with its improvement actions (10.1)", "Findings")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<ImprovementLogEntry>))]
    [OpenApiQuery("pageSize", "items per page, 1 to 1000 (100 when absent); the next page is in the Link header")]
    [OpenApiQuery("page", "the page, from 1")]
    public async Task<IActionResult> ImprovementLog(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/improvement-log")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        var page = query.Page();
        return query.Errors ?? page.Answer(await findings.ImprovementLogAsync(cancellationToken).ConfigureAwait(false), request);
    }

    [Function("ListFindings")]
    [OpenApiOperation("Findings, by type, status and audit", "Findings")]
    [OpenApiQuery("type", "MajorNonconformity, MinorNonconformity, Observation or OpportunityForImprovement")]
    [OpenApiQuery("status", "Open or Closed (derived from the corrective actions)")]
    [OpenApiQuery("auditId", "the audit the findings were raised in")]
    [OpenApiQuery("source", "Audit, Incident, Monitoring, Complaint, ManagementReview or Other")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<FindingResponse>))]
    [OpenApiQuery("pageSize", "items per page, 1 to 1000 (100 when absent); the next page is in the Link header")]
    [OpenApiQuery("page", "the page, from 1")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/findings")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        var type = query.Enum<FindingType>("type");
        var status = query.Enum<FindingStatus>("status");
        var auditId = query.Id("auditId");
        var source = query.Enum<FindingSource>("source");

        var page = query.Page();
        return query.Errors ?? page.Answer(await findings.ListAsync(auditId, type, status, cancellationToken, source).ConfigureAwait(false), request);
    }

    [Function("GetFinding")]
    [OpenApiOperation("One finding", "Findings")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(FindingResponse))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/findings/{findingId}")] HttpRequest request,
        string findingId,
        CancellationToken cancellationToken) =>
        callers.TryAuthorize(request, Access.Read, out _, out var refusal)
            ? ApiResults.Ok(await findings.GetAsync(findingId, cancellationToken).ConfigureAwait(false), request)
            : refusal!;

    [Function("CreateCorrectiveAction")]
    [OpenApiOperation("Open a corrective action for a nonconformity, or an improvement action for an opportunity for improvement (ISMS admin or auditor)", "Corrective actions", Description = "Without dueDate the policy default applies: 30 days for a major, 90 for a minor nonconformity, from the finding; 90 days from today for an improvement action.")]
    [OpenApiRequest(typeof(CorrectiveActionCreate))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(CorrectiveActionResponse))]
    public async Task<IActionResult> CreateAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/findings/{findingId}/corrective-actions")] HttpRequest request,
        string findingId,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Audit, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<CorrectiveActionCreate>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Created(await actions.OpenAsync(caller, findingId, body.Value!, cancellationToken).ConfigureAwait(false), request, a => $"/api/corrective-actions/{a.Id}")
            : body.Problem!;
    }
}
