using Isms.Core.Audits;
using Isms.Core.CorrectiveActions;
using Isms.Core.Validation;
using Isms.Functions.Pages.Parts;
using Isms.Functions.Platform;
using Isms.Functions.Registers;

namespace Isms.Functions.Pages.Audits;

/// <summary>
/// What the audit page's forms share: the page itself (the audit, its findings and their actions, with a form's
/// errors beside their fields), reading a form posted by the audit's team, and the names of the page's forms.
/// <see cref="AuditPages"/> shows the page and changes the audit; <see cref="AuditFindingPages"/> raises findings,
/// opens and reviews their actions.
/// </summary>
public sealed class AuditPageView(PageRenderer pages, AuditService audits, CorrectiveActionService actions, IOptions<CorrectiveActionPolicy> policy)
{
    private static readonly char[] ListSeparators = [',', ';', '\n', '\r', '\t', ' '];

    public static string PathOf(string id) => "/audits/" + Uri.EscapeDataString(id);

    /// <summary>The name, in a <see cref="FormEcho"/>, of the form that opens a corrective action on a finding.</summary>
    public static string ActionForm(string findingId) => "action:" + findingId;

    /// <summary>The name, in a <see cref="FormEcho"/>, of the form that reviews one action.</summary>
    public static string ReviewForm(string actionId) => "review:" + actionId;

    public PageRenderer Pages => pages;

    /// <summary>A form posted by the audit's team (or an ISMS admin), with the audit as it is now; otherwise the page to answer.</summary>
    public async Task<(PagePost? Post, AuditResponse? Audit, IActionResult? Refusal)> ReadPostForTeamAsync(HttpRequest request, string id, string what, CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return (null, null, refusal);
        }

        var audit = await audits.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (!audit.IsSuccess)
        {
            return (null, null, await PageRenderer.RefusedAsync(request, post.Page, audit.Refusal).ConfigureAwait(false));
        }

        if (AuditTeam.RefuseUnlessConducting(audit.Value, post.Page.Caller, what) is { } notOnTeam)
        {
            return (null, null, await PageRenderer.RefusedAsync(request, post.Page, notOnTeam).ConfigureAwait(false));
        }

        return (post, audit.Value, null);
    }

    public Task<IActionResult> RefusedAsync(HttpRequest request, PageContext page, string id, string form, IReadOnlyDictionary<string, string?> values, IReadOnlyCollection<string> shown, Refusal refusal, CancellationToken cancellationToken) =>
        PageRenderer.AnswerRefusalAsync(request, page, refusal, form, values, shown, (echo, status) => RenderAsync(request, page, id, echo, status, cancellationToken));

    public async Task<IActionResult> RenderAsync(HttpRequest request, PageContext page, string id, FormEcho? echo, int status, CancellationToken cancellationToken)
    {
        var detail = await audits.GetWithFindingsAsync(id, cancellationToken).ConfigureAwait(false);
        if (!detail.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, page, detail.Refusal).ConfigureAwait(false);
        }

        if (!AuditTeam.MayRead(detail.Value.Audit, page.Caller))
        {
            return await PageRenderer.MessageAsync(request, page, StatusCodes.Status403Forbidden, "Not yours to see",
                "This audit is read by its team and by people with an ISMS role. Your own actions are on My work.").ConfigureAwait(false);
        }

        var withActions = await Task.WhenAll(detail.Value.Findings.Select(async f => new FindingWithActions(f, await ActionsOfAsync(f, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        var model = new AuditPageModel(detail.Value.Audit, withActions, policy.Value.MajorDueDays, policy.Value.MinorDueDays);
        return await PageRenderer.RenderAsync<AuditPage>(request, page, new Dictionary<string, object?> { ["Model"] = model, ["Echo"] = echo }, status).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<CorrectiveActionResponse>> ActionsOfAsync(FindingResponse finding, CancellationToken cancellationToken)
    {
        var found = new List<CorrectiveActionResponse>();
        foreach (var actionId in finding.CorrectiveActionIds)
        {
            var action = await actions.GetAsync(actionId, cancellationToken).ConfigureAwait(false);
            if (action.IsSuccess)
            {
                found.Add(action.Value);
            }
        }

        return [.. found.OrderBy(a => a.CreatedAt)];
    }

    /// <summary>Ids or sign-in names typed into one field, separated by commas, semicolons, spaces or lines.</summary>
    public static List<string> List(string? text) =>
        text is null ? [] : [.. text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
