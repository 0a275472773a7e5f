using Isms.Core.Audits;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>Findings raised in audits, and the corrective actions that answer nonconformities, over HTTP.</summary>
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

    [Function("ListFindings")]
    [OpenApiOperation("Findings, by type, status and audit", "Findings")]
    [OpenApiQuery("type", "MajorNonconformity, MinorNonconformity, Observation or OpportunityForImprovement")]
    [OpenApiQuery("status", "Open or Closed (derived from the corrective actions)")]
    [OpenApiQuery("auditId", "the audit the findings were raised in")]
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

        var page = query.Page();
        return query.Errors ?? page.Answer(await findings.ListAsync(auditId, type, status, cancellationToken).ConfigureAwait(false), request);
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
    [OpenApiOperation("Open a corrective action for a nonconformity (ISMS admin or auditor)", "Corrective actions", Description = "Without dueDate the policy default applies: 30 days for a major, 90 for a minor nonconformity, from the finding.")]
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
