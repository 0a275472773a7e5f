using Isms.Core.Audits;
using Isms.Core.CorrectiveActions;
using Isms.Core.Validation;
using Isms.Functions.Pages.Parts;
using Isms.Functions.Platform;
using Isms.Functions.Registers;

namespace Isms.Functions.Pages.Audits;

/// <summary>
/// The audit page (<c>/audits/{id}</c>), where the audit notices lead: the audit, its scope and its findings with their
/// corrective actions (<see cref="AuditPageView"/>). Its team moves the audit's status and dates and changes its team
/// here; the forms for findings and actions are <see cref="AuditFindingPages"/>'s.
/// </summary>
public sealed class AuditPages(AuditPageView view, AuditService audits)
{
    /// <summary>The fields of the form that changes the audit's status, dates and team.</summary>
    public static readonly string[] PlanFields = ["status", "plannedStart", "plannedEnd", "leadAuditorUpn", "auditors"];

    [Function("AuditPage")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audits/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!view.Pages.TrySignIn(request, out var page, out var refusal))
        {
            return refusal!;
        }

        return await view.RenderAsync(request, page, id, null, StatusCodes.Status200OK, cancellationToken).ConfigureAwait(false);
    }

    [Function("AuditPageChange")]
    public async Task<IActionResult> Change(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "audits/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (post, audit, refusal) = await view.ReadPostForTeamAsync(request, id, "change its status, dates or team", cancellationToken).ConfigureAwait(false);
        if (post is null || audit is null)
        {
            return refusal!;
        }

        var values = post.Values(PlanFields);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        AuditStatus? status = null;
        if (values["status"] is { } chosen)
        {
            if (Enum.TryParse<AuditStatus>(chosen, out var parsed) && Enum.IsDefined(parsed))
            {
                status = parsed;
            }
            else
            {
                errors["status"] = [$"Choose one of {string.Join(", ", Enum.GetNames<AuditStatus>())}."];
            }
        }

        var start = PlannedDate(values, "plannedStart", "start", errors);
        var end = PlannedDate(values, "plannedEnd", "end", errors);
        if (errors.Count > 0)
        {
            return await view.RenderAsync(request, post.Page, id, new FormEcho("plan", values, errors, false, null), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var patch = AuditPatch.Edits(audit, status, start, end, values["leadAuditorUpn"] ?? string.Empty, AuditPageView.List(values["auditors"]));
        var outcome = await audits.ChangeAsync(post.Page.Caller, id, patch, post.IfMatch, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther(AuditPageView.PathOf(id), "saved")
            : await view.RefusedAsync(request, post.Page, id, "plan", values, PlanFields, outcome.Refusal, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A planned date from its field: required, as yyyy-mm-dd (the form always shows one).</summary>
    private static DateOnly? PlannedDate(Dictionary<string, string?> values, string field, string which, Dictionary<string, string[]> errors)
    {
        var day = Dates.Parse(values[field], out var ok);
        if (!ok || day is null)
        {
            errors[field] = [$"Give the planned {which} as yyyy-mm-dd."];
        }

        return day;
    }
}
