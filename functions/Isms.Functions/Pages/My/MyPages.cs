using Isms.Core.Evidence;
using Isms.Functions.Evidence;
using Isms.Functions.Registers;

namespace Isms.Functions.Pages.My;

/// <summary>What the signed-in person has to do, whatever their role.</summary>
/// <param name="Actions">Their corrective actions, the most overdue first; closed ones last.</param>
/// <param name="Controls">The controls they own whose evidence is missing, stale or due soon.</param>
/// <param name="Audits">The audits they lead or are on the team of, the latest first.</param>
public sealed record MyWorkModel(IReadOnlyList<CorrectiveActionResponse> Actions, IReadOnlyList<EvidenceFreshnessResponse> Controls, IReadOnlyList<AuditResponse> Audits)
{
    /// <summary>The risks the person owns, those waiting on them (treatment to choose, or acceptance) first.</summary>
    public IReadOnlyList<Isms.Functions.Risks.RiskResponse> Risks { get; init; } = [];

    /// <summary>The documents they are asked to acknowledge and the training asked of them, what is owed first.</summary>
    public IReadOnlyList<Isms.Functions.People.RequirementResponse> Asked { get; init; } = [];
}

/// <summary><c>/my</c>: the signed-in person's actions, the controls they own that need evidence, their audits.</summary>
public sealed class MyPages(PageRenderer pages, CorrectiveActionService actions, EvidenceFreshnessReport freshness, AuditService audits, Isms.Functions.Risks.RiskService risks, Isms.Functions.People.PeopleReports people)
{
    [Function("MyWorkPage")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "my")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!pages.TrySignIn(request, out var page, out var refusal))
        {
            return refusal!;
        }

        var me = page.Caller;
        // Listed by the name the actions are filed under, kept only where the record names this person (a UPN once
        // held by someone else does not bring their actions with it).
        var owned = (await actions.ListAsync(me.Upn, null, null, cancellationToken).ConfigureAwait(false)).Where(a => me.Is(a.OwnerUpn, a.OwnerObjectId)).ToList();
        var controls = (await freshness.AssessAsync(cancellationToken).ConfigureAwait(false))
            .Where(c => me.Is(c.OwnerUpn, c.OwnerObjectId) && c.State != EvidenceFreshnessState.Fresh)
            .OrderBy(c => c.State switch { EvidenceFreshnessState.Missing => 0, EvidenceFreshnessState.Stale => 1, _ => 2 })
            .ThenBy(c => c.ControlId, StringComparer.Ordinal)
            .ToList();
        var mine = (await audits.ListAsync(null, null, null, null, cancellationToken).ConfigureAwait(false))
            .Where(a => Registers.AuditTeam.Includes(a, me))
            .OrderByDescending(a => a.PlannedStart).ThenBy(a => a.Id, StringComparer.Ordinal)
            .ToList();
        // Risk owners need no ISMS role to treat and accept their risks: this is where they find them.
        var ownedRisks = (await risks.ListAsync(me.Upn, null, null, cancellationToken).ConfigureAwait(false))
            .Where(r => me.Is(r.OwnerUpn, r.OwnerObjectId))
            .OrderBy(r => r.Status == Core.Risks.RiskStatus.Accepted)
            .ToList();
        var model = new MyWorkModel(
            [.. owned.Where(a => a.Status != Core.CorrectiveActions.CorrectiveActionStatus.Closed), .. owned.Where(a => a.Status == Core.CorrectiveActions.CorrectiveActionStatus.Closed).OrderByDescending(a => a.ClosedAt)],
            controls,
            mine)
        {
            Risks = ownedRisks,
            Asked = [.. (await people.PersonAsync(me.Upn, cancellationToken).ConfigureAwait(false)).Requirements
                .Where(r => r.State != Core.People.RequirementState.NoLongerRequired)
                .OrderBy(r => r.State == Core.People.RequirementState.Done).ThenBy(r => r.DueDate)],
        };
        return await PageRenderer.RenderAsync<MyPage>(request, page, new Dictionary<string, object?> { ["Model"] = model }).ConfigureAwait(false);
    }
}
