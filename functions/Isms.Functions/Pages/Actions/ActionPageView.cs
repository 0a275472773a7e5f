using Isms.Core.CorrectiveActions;
using Isms.Core.Validation;
using Isms.Functions.Evidence;
using Isms.Functions.Pages.Parts;
using Isms.Functions.Platform;
using Isms.Functions.Registers;

namespace Isms.Functions.Pages.Actions;

/// <summary>The action page as its forms show it again: the action, its finding and evidence, a form's errors beside its fields.</summary>
public sealed class ActionPageView(PageRenderer pages, CorrectiveActionService actions, FindingService findings, EvidenceService evidence, IOptions<CorrectiveActionPolicy> policy)
{
    public static string PathOf(string id) => "/actions/" + Uri.EscapeDataString(id);

    public PageRenderer Pages => pages;

    public Task<IActionResult> RefusedAsync(HttpRequest request, PageContext page, string id, string form, IReadOnlyDictionary<string, string?> values, IReadOnlyCollection<string> shown, Refusal refusal, CancellationToken cancellationToken) =>
        PageRenderer.AnswerRefusalAsync(request, page, refusal, form, values, shown, (echo, status) => RenderAsync(request, page, id, echo, status, cancellationToken));

    public async Task<IActionResult> RenderAsync(HttpRequest request, PageContext page, string id, FormEcho? echo, int status, CancellationToken cancellationToken)
    {
        var action = await actions.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (!action.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, page, action.Refusal).ConfigureAwait(false);
        }

        if (!page.CanRead && !page.Caller.Is(action.Value.OwnerUpn, action.Value.OwnerObjectId))
        {
            return await PageRenderer.MessageAsync(request, page, StatusCodes.Status403Forbidden, "Not yours to see",
                $"This action belongs to someone else. Your own actions are on My work; an ISMS role shows them all.").ConfigureAwait(false);
        }

        var finding = action.Value.FindingId is { } findingId ? await findings.GetAsync(findingId, cancellationToken).ConfigureAwait(false) : null;
        var linked = await evidence.ListAsync(page.Caller, null, id, null, cancellationToken).ConfigureAwait(false);
        var model = new ActionPageModel(action.Value, finding is { IsSuccess: true } ? finding.Value : null, linked, policy.Value.MaxSnoozeDays);
        return await PageRenderer.RenderAsync<ActionPage>(request, page, new Dictionary<string, object?> { ["Model"] = model, ["Echo"] = echo }, status).ConfigureAwait(false);
    }
}
