using Isms.Functions.Risks;

namespace Isms.Functions.Pages.Risks;

/// <summary>
/// The risk register as pages: <c>/risks</c> (the register with its heat map, and a form to assess a new risk) and
/// <c>/risks/{id}</c>, whose forms are <see cref="RiskPageForms"/>'s.
/// </summary>
public sealed class RiskPages(PageRenderer pages, RiskService risks, RiskPageView view)
{
    private static readonly string[] NewFields = ["title", "asset", "threat", "vulnerability", "description", "ownerUpn", "likelihood", "impact"];

    [Function("RisksPage")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "risks")] HttpRequest request,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, p => p.CanRead, "The risk register is read by people with an ISMS role, and each risk by its owner too (a risk you own opens from its own link)",
            page => RenderListAsync(request, page, null, StatusCodes.Status200OK, cancellationToken));

    [Function("RisksPageCreate")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "risks")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostForAsync(request, p => p.CanContribute, "Risks are assessed by ISMS admins, auditors and contributors", cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(NewFields);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var input = new RiskInput(values["title"], values["description"], values["asset"], values["threat"], values["vulnerability"], values["ownerUpn"],
            RiskPageView.Level(values["likelihood"], "likelihood", errors), RiskPageView.Level(values["impact"], "impact", errors), null, null);
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

        return await view.RenderAsync(request, page, riskId, null, StatusCodes.Status200OK, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IActionResult> RenderListAsync(HttpRequest request, PageContext page, FormEcho? echo, int status, CancellationToken cancellationToken) =>
        await PageRenderer.RenderAsync<RisksPage>(request, page, new Dictionary<string, object?>
        {
            ["Risks"] = await risks.ListAsync(null, null, null, cancellationToken).ConfigureAwait(false),
            ["Matrix"] = risks.Matrix(),
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);
}
