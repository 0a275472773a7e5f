using System.Globalization;
using Isms.Core.Risks;
using Isms.Functions.Registers;
using Isms.Functions.Risks;

namespace Isms.Functions.Pages.Risks;

/// <summary>
/// The risk register as pages: <c>/risks</c> (the register with its heat map, and a form to assess a new risk) and
/// <c>/risks/{id}</c> (one risk: its owner records the treatment, raises treatment actions and accepts the residual
/// risk; the ISMS manager approves retaining a risk above the criteria). Every form saves through
/// <see cref="RiskService"/> with the version it was opened on.
/// </summary>
public sealed class RiskPages(PageRenderer pages, RiskService risks)
{
    private static readonly string[] NewFields = ["title", "asset", "threat", "vulnerability", "description", "ownerUpn", "likelihood", "impact"];
    private static readonly string[] TreatmentFields = ["option", "controlIds", "residualLikelihood", "residualImpact", "reviewDate"];
    private static readonly string[] ActionFields = ["actionOwnerUpn", "actionDescription", "actionDueDate"];

    [Function("RisksPage")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "risks")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!pages.TrySignIn(request, out var page, out var refusal))
        {
            return refusal!;
        }

        return page.CanRead
            ? await RenderListAsync(request, page, null, StatusCodes.Status200OK, cancellationToken).ConfigureAwait(false)
            : await NotForAsync(request, page).ConfigureAwait(false);
    }

    [Function("RisksPageCreate")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "risks")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        if (!post.Page.CanContribute)
        {
            return await PageRenderer.MessageAsync(request, post.Page, StatusCodes.Status403Forbidden, "Not yours to add",
                $"Risks are assessed by an ISMS admin, auditor or contributor; {post.Page.Caller.Upn} is none of them. Nothing was changed.").ConfigureAwait(false);
        }

        var values = post.Values(NewFields);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var input = new RiskInput(values["title"], values["description"], values["asset"], values["threat"], values["vulnerability"], values["ownerUpn"],
            Level(values["likelihood"], "likelihood", errors), Level(values["impact"], "impact", errors), null, null);
        if (errors.Count > 0)
        {
            return await RenderListAsync(request, post.Page, new FormEcho("risk", values, errors, false, "Not added: correct the fields marked below."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var outcome = await risks.CreateAsync(post.Page.Caller, input, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.Risk(outcome.Value.Id), "risk-created")
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, outcome.Refusal, "risk", values, NewFields,
                (echo, status) => RenderListAsync(request, post.Page, echo, status, cancellationToken)).ConfigureAwait(false);
    }

    [Function("RiskPage")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "risks/{riskId}")] HttpRequest request,
        string riskId,
        CancellationToken cancellationToken)
    {
        if (!pages.TrySignIn(request, out var page, out var refusal))
        {
            return refusal!;
        }

        return await RenderAsync(request, page, riskId, null, StatusCodes.Status200OK, cancellationToken).ConfigureAwait(false);
    }

    [Function("RiskPageTreat")]
    public async Task<IActionResult> Treat(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "risks/{riskId}")] HttpRequest request,
        string riskId,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(TreatmentFields);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var option = Enum.TryParse<RiskTreatmentOption>(values["option"], out var chosen) && Enum.IsDefined(chosen) ? chosen : (RiskTreatmentOption?)null;
        if (option is null)
        {
            errors["option"] = ["Choose Modify, Retain, Avoid or Share."];
        }

        var controls = (values["controlIds"] ?? string.Empty).Split([',', ' ', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var residualLikelihood = Level(values["residualLikelihood"], "residualLikelihood", errors);
        var residualImpact = Level(values["residualImpact"], "residualImpact", errors);
        var review = Date(values["reviewDate"], "reviewDate", errors);
        if (errors.Count > 0)
        {
            return await RenderAsync(request, post.Page, riskId, new FormEcho("treatment", values, errors, false, "Not saved: correct the fields marked below."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var patch = new RiskInput(null, null, null, null, null, null, null, null, review, new RiskTreatmentInput(option, controls, residualLikelihood, residualImpact));
        var outcome = await risks.UpdateAsync(post.Page.Caller, riskId, patch, post.IfMatch, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.Risk(riskId), "saved")
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, outcome.Refusal, "treatment", values, TreatmentFields,
                (echo, status) => RenderAsync(request, post.Page, riskId, echo, status, cancellationToken)).ConfigureAwait(false);
    }

    [Function("RiskPageAccept")]
    public Task<IActionResult> Accept(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "risks/{riskId}/acceptance")] HttpRequest request,
        string riskId,
        CancellationToken cancellationToken) =>
        DecideAsync(request, riskId, "acceptance", "risk-accepted", (post, note) => risks.AcceptAsync(post.Page.Caller, riskId, new RiskDecisionInput(note), post.IfMatch, cancellationToken), cancellationToken);

    [Function("RiskPageApprove")]
    public Task<IActionResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "risks/{riskId}/approval")] HttpRequest request,
        string riskId,
        CancellationToken cancellationToken) =>
        DecideAsync(request, riskId, "approval", "risk-approved", (post, note) => risks.ApproveAsync(post.Page.Caller, riskId, new RiskDecisionInput(note), post.IfMatch, cancellationToken), cancellationToken);

    [Function("RiskPageRaiseAction")]
    public async Task<IActionResult> RaiseAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "risks/{riskId}/treatment-actions")] HttpRequest request,
        string riskId,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(ActionFields);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var due = Date(values["actionDueDate"], "actionDueDate", errors);
        if (errors.Count > 0)
        {
            return await RenderAsync(request, post.Page, riskId, new FormEcho("action", values, errors, false, "Not raised: correct the fields marked below."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var outcome = await risks.RaiseTreatmentActionAsync(post.Page.Caller, riskId, new OriginActionCreate(values["actionOwnerUpn"], values["actionDescription"], due), cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            return PageRenderer.SeeOther("/" + PagePaths.Risk(riskId), "action-raised");
        }

        // The service names the fields as the API does; the page's action fields carry a prefix.
        var refusalForPage = outcome.Refusal with { Errors = outcome.Refusal.Errors.ToDictionary(e => e.Key switch { "ownerUpn" => "actionOwnerUpn", "description" => "actionDescription", "dueDate" => "actionDueDate", var k => k }, e => e.Value, StringComparer.Ordinal) };
        return await PageRenderer.AnswerRefusalAsync(request, post.Page, refusalForPage, "action", values, ActionFields,
            (echo, status) => RenderAsync(request, post.Page, riskId, echo, status, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<IActionResult> DecideAsync(HttpRequest request, string riskId, string form, string notice, Func<PagePost, string?, Task<Core.Validation.Outcome<RiskResponse>>> decide, CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(["note"]);
        var outcome = await decide(post, values["note"]).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.Risk(riskId), notice)
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, outcome.Refusal, form, values, ["note"],
                (echo, status) => RenderAsync(request, post.Page, riskId, echo, status, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<IActionResult> RenderListAsync(HttpRequest request, PageContext page, FormEcho? echo, int status, CancellationToken cancellationToken) =>
        await PageRenderer.RenderAsync<RisksPage>(request, page, new Dictionary<string, object?>
        {
            ["Risks"] = await risks.ListAsync(null, null, null, cancellationToken).ConfigureAwait(false),
            ["Matrix"] = risks.Matrix(),
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);

    private async Task<IActionResult> RenderAsync(HttpRequest request, PageContext page, string riskId, FormEcho? echo, int status, CancellationToken cancellationToken)
    {
        var risk = await risks.GetAsync(page.Caller, riskId, cancellationToken).ConfigureAwait(false);
        if (!risk.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, page, risk.Refusal).ConfigureAwait(false);
        }

        return await PageRenderer.RenderAsync<RiskPage>(request, page, new Dictionary<string, object?>
        {
            ["Risk"] = risk.Value,
            ["Matrix"] = risks.Matrix(),
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);
    }

    private static int? Level(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var level))
        {
            return level;
        }

        errors[field] = ["Choose a level."];
        return null;
    }

    private static DateOnly? Date(string? text, string field, Dictionary<string, string[]> errors)
    {
        var date = Parts.Dates.Parse(text, out var ok);
        if (!ok)
        {
            errors[field] = ["Enter the date as YYYY-MM-DD."];
        }

        return date;
    }

    private static Task<IActionResult> NotForAsync(HttpRequest request, PageContext page) =>
        PageRenderer.MessageAsync(request, page, StatusCodes.Status403Forbidden, "Not for your role",
            $"The risk register is read by people with an ISMS role, and each risk by its owner too; {page.Caller.Upn} has no ISMS role. A risk you own opens from its own link.");
}
