using Isms.Core.Audits;
using Isms.Core.CorrectiveActions;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>Findings raised in audits, and the corrective actions that answer nonconformities.</summary>
public sealed class FindingsFunctions(
    CallerReader callers,
    AuditRegister audits,
    FindingRegister findings,
    CorrectiveActionRegister actions,
    CorrectiveActionLifecycle lifecycle,
    TimeProvider time)
{
    [Function("RaiseFinding")]
    [OpenApiOperation("Raise a finding in an audit (ISMS admin or auditor)", "Findings")]
    [OpenApiRequest(typeof(FindingCreate))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(FindingResponse))]
    public async Task<IActionResult> Raise(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "audits/{auditId}/findings")] HttpRequest request,
        string auditId,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Audit, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<FindingCreate>(request, cancellationToken).ConfigureAwait(false);
        if (!body.IsValid)
        {
            return body.Problem!;
        }

        var audit = await audits.GetAsync(auditId, cancellationToken).ConfigureAwait(false);
        if (audit is null)
        {
            return Problem.NotFound($"There is no audit '{auditId}' to raise a finding in.");
        }

        var input = body.Value!;
        var finding = new Finding
        {
            Id = RecordIds.NewFinding(audit.Value.Id),
            AuditId = audit.Value.Id,
            Type = input.Type ?? (FindingType)(-1),
            ControlIds = AuditsFunctions.Canonical(input.ControlIds ?? []),
            Description = input.Description?.Trim() ?? string.Empty,
            RaisedBy = caller.Upn,
            RaisedAt = time.GetUtcNow(),
        };
        var errors = FindingValidator.Validate(finding, audit.Value);
        if (!errors.IsValid)
        {
            return ApiResults.Invalid(errors);
        }

        var saved = await findings.InsertAsync(finding, caller, cancellationToken).ConfigureAwait(false);
        var response = FindingRegister.ToResponse(saved, [], openActions: 0);
        return ApiResults.Created(response, $"/api/findings/{finding.Id}", request.HttpContext.Response, saved.ETag);
    }

    [Function("ListFindings")]
    [OpenApiOperation("Findings, by type, status and audit", "Findings")]
    [OpenApiQuery("type", "MajorNonconformity, MinorNonconformity, Observation or OpportunityForImprovement")]
    [OpenApiQuery("status", "Open or Closed (derived from the corrective actions)")]
    [OpenApiQuery("auditId", "the audit the findings were raised in")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<FindingResponse>))]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "findings")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        var type = query.Enum<FindingType>("type");
        var status = query.Enum<FindingStatus>("status");
        var auditId = query.Text("auditId");
        if (auditId is not null && !RecordIds.IsWellFormed(auditId))
        {
            query.Fail("auditId", "auditId is not an audit id.");
        }

        if (query.Errors is { } errors)
        {
            return errors;
        }

        var responses = await findings.ListWithActionsAsync(actions, auditId, type, cancellationToken).ConfigureAwait(false);
        return new OkObjectResult(responses.Where(f => status is null || f.Status == status).ToList());
    }

    [Function("GetFinding")]
    [OpenApiOperation("One finding", "Findings")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(FindingResponse))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "findings/{findingId}")] HttpRequest request,
        string findingId,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var finding = await findings.GetAsync(findingId, cancellationToken).ConfigureAwait(false);
        if (finding is null)
        {
            return FindingNotFound(findingId);
        }

        var links = await actions.ActionIdsByFindingAsync(cancellationToken).ConfigureAwait(false);
        var own = new List<CorrectiveAction>();
        foreach (var id in links[finding.Value.Id])
        {
            if (await actions.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } action)
            {
                own.Add(action.Value);
            }
        }

        var response = FindingRegister.ToResponse(finding, [.. own.Select(a => a.Id)], own.Count(a => a.Status != CorrectiveActionStatus.Closed));
        return ApiResults.Ok(response, request.HttpContext.Response, finding.ETag);
    }

    [Function("CreateCorrectiveAction")]
    [OpenApiOperation("Open a corrective action for a nonconformity (ISMS admin or auditor)", "Corrective actions", Description = "Without dueDate the policy default applies: 30 days for a major, 90 for a minor nonconformity, from the finding.")]
    [OpenApiRequest(typeof(CorrectiveActionCreate))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(CorrectiveActionResponse))]
    public async Task<IActionResult> CreateAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "findings/{findingId}/corrective-actions")] HttpRequest request,
        string findingId,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Audit, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<CorrectiveActionCreate>(request, cancellationToken).ConfigureAwait(false);
        if (!body.IsValid)
        {
            return body.Problem!;
        }

        var finding = await findings.GetAsync(findingId, cancellationToken).ConfigureAwait(false);
        if (finding is null)
        {
            return FindingNotFound(findingId);
        }

        var input = body.Value!;
        var created = lifecycle.Create(RecordIds.New("CA"), finding.Value, input.OwnerUpn ?? string.Empty, input.Correction ?? string.Empty, input.DueDate);
        if (!created.IsSuccess)
        {
            return ApiResults.Refused(created.Refusal);
        }

        var saved = await actions.InsertAsync(created.Value, caller, cancellationToken).ConfigureAwait(false);
        return ApiResults.Created(actions.ToResponse(saved), $"/api/corrective-actions/{created.Value.Id}", request.HttpContext.Response, saved.ETag);
    }

    private static ObjectResult FindingNotFound(string findingId) =>
        Problem.NotFound($"There is no finding '{findingId}'. GET /api/findings lists them.");
}
