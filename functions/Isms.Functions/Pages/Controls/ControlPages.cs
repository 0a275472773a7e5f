using Isms.Core.Controls;
using Isms.Core.Validation;
using Isms.Functions.Evidence;
using Isms.Functions.Registers;

namespace Isms.Functions.Pages.Controls;

/// <summary>
/// The SoA as pages: <c>/controls</c> for everyone with an ISMS role (as <c>GET /api/controls</c>), <c>/controls/{id}</c>
/// for them and for the control's owner (whom My work and the freshness mail send there), with the ISMS admin's
/// editor, which saves through <see cref="ControlService"/> (the same validator as the API) with the version the
/// form was opened on.
/// </summary>
public sealed class ControlPages(PageRenderer pages, ControlService controls, EvidenceService evidence, EvidenceFreshnessReport freshness)
{
    [Function("ControlsPage")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "controls")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!pages.TrySignIn(request, out var page, out var refusal))
        {
            return refusal!;
        }

        if (!page.CanRead)
        {
            return await NotForAsync(request, page).ConfigureAwait(false);
        }

        // The whole statement for the counts; the filters (a value the form does not offer reads as "All") pick the rows.
        var statement = await controls.ListAsync(null, null, cancellationToken).ConfigureAwait(false);
        var themeText = request.Query["theme"].ToString();
        var theme = Enum.GetValues<ControlTheme>().Where(v => v.ToString() == themeText).Select(v => (ControlTheme?)v).FirstOrDefault();
        var applicable = request.Query["applicable"].ToString() switch { "true" => true, "false" => false, _ => (bool?)null };
        return await PageRenderer.RenderAsync<ControlsPage>(request, page, new Dictionary<string, object?>
        {
            ["Controls"] = statement,
            ["Theme"] = theme,
            ["Applicable"] = applicable,
        }).ConfigureAwait(false);
    }

    [Function("ControlPage")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "controls/{controlId}")] HttpRequest request,
        string controlId,
        CancellationToken cancellationToken)
    {
        if (!pages.TrySignIn(request, out var page, out var refusal))
        {
            return refusal!;
        }

        return await RenderAsync(request, page, controlId, null, StatusCodes.Status200OK, cancellationToken).ConfigureAwait(false);
    }

    [Function("ControlPageEdit")]
    public async Task<IActionResult> Edit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "controls/{controlId}")] HttpRequest request,
        string controlId,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        if (!post.Page.IsAdmin)
        {
            return await PageRenderer.MessageAsync(request, post.Page, StatusCodes.Status403Forbidden, "Not yours to change",
                $"The Statement of Applicability is edited by an ISMS admin; {post.Page.Caller.Upn} is not one. Nothing was changed.").ConfigureAwait(false);
        }

        var values = post.Values(EditFields);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var update = new ControlUpdate(
            post.Choice("applicable") ?? Fail<bool>(errors, "applicable", "Choose Yes or No."),
            values["justification"] ?? string.Empty,
            Parse<ImplementationStatus>(values["implementationStatus"], errors, "implementationStatus"),
            values["ownerUpn"] ?? string.Empty,
            Parse<ReviewFrequency>(values["reviewFrequency"], errors, "reviewFrequency"),
            Parse<RiskRating>(values["riskRating"], errors, "riskRating"))
        {
            RiskRatingReason = values["riskRatingReason"],
        };
        if (errors.Count > 0)
        {
            return await RenderAsync(request, post.Page, controlId, new FormEcho("control", values, errors, false, "Not saved: correct the fields marked below."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var outcome = await controls.UpdateAsync(post.Page.Caller, controlId, update, post.IfMatch, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            return PageRenderer.SeeOther("/" + PagePaths.Control(controlId), "saved");
        }

        return await PageRenderer.AnswerRefusalAsync(request, post.Page, outcome.Refusal, "control", values, EditFields,
            (echo, status) => RenderAsync(request, post.Page, controlId, echo, status, cancellationToken)).ConfigureAwait(false);
    }

    private static readonly string[] EditFields = ["applicable", "justification", "implementationStatus", "ownerUpn", "reviewFrequency", "riskRating", "riskRatingReason"];

    private async Task<IActionResult> RenderAsync(HttpRequest request, PageContext page, string controlId, FormEcho? echo, int status, CancellationToken cancellationToken)
    {
        var control = await controls.GetAsync(controlId, cancellationToken).ConfigureAwait(false);
        if (!control.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, page, control.Refusal).ConfigureAwait(false);
        }

        if (!page.CanRead && !page.Caller.Is(control.Value.OwnerUpn, control.Value.OwnerObjectId))
        {
            return await NotForAsync(request, page).ConfigureAwait(false);
        }

        var linked = evidence.ListAsync(page.Caller, control.Value.Id, null, null, cancellationToken);
        var judged = freshness.AssessAsync(control.Value.Id, cancellationToken);
        return await PageRenderer.RenderAsync<ControlPage>(request, page, new Dictionary<string, object?>
        {
            ["Control"] = control.Value,
            ["Evidence"] = await linked.ConfigureAwait(false),
            ["Freshness"] = await judged.ConfigureAwait(false),
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);
    }

    private static Task<IActionResult> NotForAsync(HttpRequest request, PageContext page) =>
        PageRenderer.MessageAsync(request, page, StatusCodes.Status403Forbidden, "Not for your role",
            $"The Statement of Applicability is read by people with an ISMS role, and a control's page by its owner too; {page.Caller.Upn} has no ISMS role. Ask the ISMS manager for one; the controls you own are on My work.");

    private static T? Parse<T>(string? text, Dictionary<string, string[]> errors, string field)
        where T : struct, Enum =>
        Enum.TryParse<T>(text, out var value) && Enum.IsDefined(value) ? value : Fail<T>(errors, field, $"Choose one of {string.Join(", ", Enum.GetNames<T>())}.");

    private static T? Fail<T>(Dictionary<string, string[]> errors, string field, string message)
        where T : struct
    {
        errors[field] = [message];
        return null;
    }
}
