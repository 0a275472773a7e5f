using Isms.Core.CorrectiveActions;
using Isms.Core.Validation;
using Isms.Functions.Evidence;
using Isms.Functions.Pages.Parts;
using Isms.Functions.Platform;
using Isms.Functions.Registers;

namespace Isms.Functions.Pages.Actions;

/// <summary>
/// The action page's evidence form (<c>/actions/{id}/evidence</c>): the owner, or someone with a contributor role,
/// attaches a file linked to the action and its finding's controls, filed as the API files it.
/// </summary>
public sealed class ActionEvidencePages(ActionPageView view, EvidenceForm evidenceForm, CorrectiveActionService actions, FindingService findings)
{
    private static readonly string[] EvidenceFields = ["file", "description", "effectiveDate"];

    [Function("ActionPageEvidence")]
    public async Task<IActionResult> AttachEvidence(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "actions/{id}/evidence")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (page, refusal) = await view.Pages.CheckPostWithoutFormAsync(request).ConfigureAwait(false);
        if (page is null)
        {
            return refusal!;
        }

        var action = await actions.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (!action.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, page, action.Refusal).ConfigureAwait(false);
        }

        if (!page.Caller.Is(action.Value.OwnerUpn, action.Value.OwnerObjectId) && !page.CanContribute)
        {
            return await PageRenderer.MessageAsync(request, page, StatusCodes.Status403Forbidden, "Not yours to change",
                $"Evidence is attached here by the action's owner ({action.Value.OwnerUpn}) or by someone with a contributor role.").ConfigureAwait(false);
        }

        var finding = action.Value.FindingId is { } findingId ? await findings.GetAsync(findingId, cancellationToken).ConfigureAwait(false) : null;
        IReadOnlySet<string> controls = finding is { IsSuccess: true } ? finding.Value.ControlIds.ToHashSet(StringComparer.OrdinalIgnoreCase) : new HashSet<string>();
        return await evidenceForm.FileAsync(
            request,
            page,
            fields =>
            {
                if (!fields.TryGetValue("correctiveActionId", out var linked) || linked.Count != 1 || linked[0] != id)
                {
                    return Refusal.For(RefusalCode.Invalid, "correctiveActionId", $"Evidence attached on this page is linked to {id}.");
                }

                var named = fields.TryGetValue("controlIds", out var c) ? c.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)) : [];
                return named.All(controls.Contains) ? null : Refusal.For(RefusalCode.Invalid, "controlIds", $"Evidence attached on this page is linked only to the finding's controls ({string.Join(", ", controls)}).");
            },
            EvidenceFields,
            _ => PageRenderer.SeeOther(ActionPageView.PathOf(id), "evidence"),
            (echo, status) => view.RenderAsync(request, page, id, echo, status, cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }
}
