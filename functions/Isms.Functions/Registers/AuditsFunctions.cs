using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.Validation;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>The audit programme's audits: plan, list, read, and move through their lifecycle.</summary>
public sealed class AuditsFunctions(CallerReader callers, AuditRegister audits, SoaRegister soa, FindingRegister findings, CorrectiveActionRegister actions, TimeProvider time)
{
    [Function("ListAudits")]
    [OpenApiOperation("Audits, filtered by type, status and a date range they overlap", "Audits")]
    [OpenApiQuery("type", "Stage1, Stage2, Surveillance, Recertification, Internal, FollowUp or ManagementReview")]
    [OpenApiQuery("status", "Planned, InProgress, Completed or Cancelled")]
    [OpenApiQuery("from", "a date: audits ending on or after it")]
    [OpenApiQuery("to", "a date: audits starting on or before it")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<AuditResponse>))]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audits")] HttpRequest request,
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

        if (query.Errors is { } errors)
        {
            return errors;
        }

        var found = await audits.ListAsync(type, status, from, to, cancellationToken).ConfigureAwait(false);
        return new OkObjectResult(found.Select(audits.ToResponse).ToList());
    }

    [Function("CreateAudit")]
    [OpenApiOperation("Plan an audit (ISMS admin or auditor)", "Audits", Description = "Nobody may audit a control they own: such an auditor is refused.")]
    [OpenApiRequest(typeof(AuditCreate))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(AuditResponse))]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "audits")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Audit, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<AuditCreate>(request, cancellationToken).ConfigureAwait(false);
        if (!body.IsValid)
        {
            return body.Problem!;
        }

        var input = body.Value!;
        var missing = new ValidationErrors();
        if (input.Type is null)
        {
            missing.Add("type", $"type is required: one of {string.Join(", ", Enum.GetNames<AuditType>())}.");
        }

        if (input.PlannedStart is null)
        {
            missing.Add("plannedStart", "plannedStart is required (a date like 2026-03-31).");
        }

        if (input.PlannedEnd is null)
        {
            missing.Add("plannedEnd", "plannedEnd is required (a date like 2026-03-31).");
        }

        var audit = new Audit
        {
            Id = RecordIds.New("AUD"),
            Type = input.Type ?? AuditType.Internal,
            Title = input.Title?.Trim() ?? string.Empty,
            PlannedStart = input.PlannedStart ?? default,
            PlannedEnd = input.PlannedEnd ?? input.PlannedStart ?? default,
            LeadAuditorUpn = input.LeadAuditorUpn ?? string.Empty,
            Auditors = input.Auditors ?? [],
            Scope = Canonical(input.Scope ?? []),
        };
        var errors = await ValidateAsync(audit, cancellationToken).ConfigureAwait(false);
        foreach (var field in missing.Fields)
        {
            foreach (var message in missing.For(field))
            {
                errors.Add(field, message);
            }
        }

        if (!errors.IsValid)
        {
            return ApiResults.Invalid(Without(errors, missing));
        }

        var saved = await audits.InsertAsync(audit, caller, cancellationToken).ConfigureAwait(false);
        return ApiResults.Created(audits.ToResponse(saved), $"/api/audits/{audit.Id}", request.HttpContext.Response, saved.ETag);
    }

    [Function("GetAudit")]
    [OpenApiOperation("One audit", "Audits")]
    [OpenApiQuery("format", "json (default) or html: a page to read, as the link in audit notices opens")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(AuditResponse))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audits/{auditId}")] HttpRequest request,
        string auditId,
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

        var audit = await audits.GetAsync(auditId, cancellationToken).ConfigureAwait(false);
        if (audit is null)
        {
            return NotFound(auditId);
        }

        var response = audits.ToResponse(audit);
        if (!html)
        {
            return ApiResults.Ok(response, request.HttpContext.Response, audit.ETag);
        }

        var raised = await findings.ListWithActionsAsync(actions, audit.Value.Id, null, cancellationToken).ConfigureAwait(false);
        return HtmlPage.Result(AuditDocuments.Detail(response, raised), request.HttpContext.Response);
    }

    [Function("UpdateAudit")]
    [OpenApiOperation("Change an audit's status, dates, title, scope or auditors (ISMS admin or auditor)", "Audits", Description = "Status moves Planned → InProgress → Completed, or to Cancelled; Completed and Cancelled are final.")]
    [OpenApiRequest(typeof(AuditPatch))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(AuditResponse))]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "audits/{auditId}")] HttpRequest request,
        string auditId,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Audit, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<AuditPatch>(request, cancellationToken).ConfigureAwait(false);
        if (!body.IsValid)
        {
            return body.Problem!;
        }

        var before = await audits.GetAsync(auditId, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return NotFound(auditId);
        }

        if (!ETags.Matches(request, before.ETag))
        {
            return ETags.Stale($"Audit {auditId}");
        }

        var patch = body.Value!;
        var current = before.Value;
        var edited = patch.Title is not null || patch.PlannedStart is not null || patch.PlannedEnd is not null
            || patch.LeadAuditorUpn is not null || patch.Auditors is not null || patch.Scope is not null;
        if (edited && current.Status is AuditStatus.Completed or AuditStatus.Cancelled)
        {
            return Problem.Conflict($"Audit {auditId} is {current.Status}; its plan can no longer change.", new Dictionary<string, string[]> { ["status"] = [$"The audit is {current.Status}."] });
        }

        var after = current with
        {
            Title = patch.Title?.Trim() ?? current.Title,
            PlannedStart = patch.PlannedStart ?? current.PlannedStart,
            PlannedEnd = patch.PlannedEnd ?? current.PlannedEnd,
            LeadAuditorUpn = patch.LeadAuditorUpn ?? current.LeadAuditorUpn,
            Auditors = patch.Auditors ?? current.Auditors,
            Scope = patch.Scope is null ? current.Scope : Canonical(patch.Scope),
        };
        if (edited)
        {
            var errors = await ValidateAsync(after, cancellationToken).ConfigureAwait(false);
            if (!errors.IsValid)
            {
                return ApiResults.Invalid(errors);
            }
        }

        if (patch.Status is { } status)
        {
            var moved = AuditLifecycle.ChangeStatus(after, status, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
            if (!moved.IsSuccess)
            {
                return ApiResults.Refused(moved.Refusal);
            }

            after = moved.Value;
        }

        try
        {
            var saved = await audits.ReplaceAsync(before, after, caller, cancellationToken).ConfigureAwait(false);
            return ApiResults.Ok(audits.ToResponse(saved), request.HttpContext.Response, saved.ETag);
        }
        catch (StaleRecordException ex)
        {
            return ApiResults.Stale(ex);
        }
    }

    private async Task<ValidationErrors> ValidateAsync(Audit audit, CancellationToken cancellationToken)
    {
        var owners = await soa.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        return AuditValidator.Validate(audit, owners.Values.Select(r => r.Value));
    }

    /// <summary>Drops the errors the domain raised about placeholder values where the request simply lacked the field.</summary>
    private static ValidationErrors Without(ValidationErrors errors, ValidationErrors missing)
    {
        if (missing.IsValid)
        {
            return errors;
        }

        var result = new ValidationErrors();
        foreach (var field in errors.Fields)
        {
            var messages = missing.Has(field) ? missing.For(field) : errors.For(field);
            foreach (var message in messages)
            {
                result.Add(field, message);
            }
        }

        return result;
    }

    /// <summary>Control ids as the catalogue spells them ("a.5.1" → "A.5.1"); unknown ones are left for validation to name.</summary>
    internal static IReadOnlyList<string> Canonical(IEnumerable<string> ids) =>
        [.. ids.Select(id => ControlCatalogue.TryGet(id, out var control) ? control.Id : id).Distinct(StringComparer.Ordinal)];

    private static ObjectResult NotFound(string auditId) => Problem.NotFound($"There is no audit '{auditId}'. GET /api/audits lists them.");
}
