using Isms.Core.Risks;
using Isms.Functions.Registers;
using Isms.Functions.Risks;

namespace Isms.Functions.Pages.Risks;

/// <summary>
/// The forms of a risk's page: its owner (or an ISMS admin) records the treatment and raises treatment actions, its
/// owner accepts the residual risk, the ISMS manager approves retaining it above the criteria. Each saves through
/// <see cref="RiskService"/> with the version the page was opened on, then 303 to the page.
/// </summary>
public sealed class RiskPageForms(PageRenderer pages, RiskService risks, RiskPageView view)
{
    private static readonly string[] TreatmentFields = ["option", "controlIds", "residualLikelihood", "residualImpact", "reviewDate"];
    private static readonly string[] ActionFields = ["ownerUpn", "description", "dueDate"];

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
        var residualLikelihood = RiskPageView.Level(values["residualLikelihood"], "residualLikelihood", errors);
        var residualImpact = RiskPageView.Level(values["residualImpact"], "residualImpact", errors);
        var review = Parts.Dates.Parse(values["reviewDate"], "reviewDate", errors);
        if (errors.Count > 0)
        {
            return await view.RenderAsync(request, post.Page, riskId, new FormEcho("treatment", values, errors, false, "Not saved: correct the fields marked below."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var patch = new RiskInput(null, null, null, null, null, null, null, null, review, new RiskTreatmentInput(option, controls, residualLikelihood, residualImpact));
        var outcome = await risks.UpdateAsync(post.Page.Caller, riskId, patch, post.IfMatch, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.Risk(riskId), "saved")
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, outcome.Refusal, "treatment", values, TreatmentFields,
                (echo, status) => view.RenderAsync(request, post.Page, riskId, echo, status, cancellationToken)).ConfigureAwait(false);
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
        var due = Parts.Dates.Parse(values["dueDate"], "dueDate", errors);
        if (errors.Count > 0)
        {
            return await view.RenderAsync(request, post.Page, riskId, new FormEcho("action", values, errors, false, "Not raised: correct the fields marked below."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var outcome = await risks.RaiseTreatmentActionAsync(post.Page.Caller, riskId, new OriginActionCreate(values["ownerUpn"], values["description"], due), cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            return PageRenderer.SeeOther("/" + PagePaths.Risk(riskId), "action-raised");
        }

        return await PageRenderer.AnswerRefusalAsync(request, post.Page, outcome.Refusal, "action", values, ActionFields,
            (echo, status) => view.RenderAsync(request, post.Page, riskId, echo, status, cancellationToken)).ConfigureAwait(false);
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
                (echo, status) => view.RenderAsync(request, post.Page, riskId, echo, status, cancellationToken)).ConfigureAwait(false);
    }
}
