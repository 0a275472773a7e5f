using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.CorrectiveActions;
using Isms.Core.Evidence;
using Isms.Core.Snapshots;
using Isms.Core.Time;
using Isms.Functions.Evidence;
using Isms.Functions.Registers;
using Isms.Functions.Snapshots;
using Isms.Functions.Storage;

namespace Isms.Functions.Pages.Home;

/// <summary>The next external audit and how far away it is.</summary>
public sealed record AuditAhead(string Id, AuditType Type, string Title, DateOnly PlannedStart, int DaysLeft);

/// <summary>An open nonconformity as the home page names it.</summary>
/// <param name="AuditId">The audit it was raised in; null when raised outside audits.</param>
/// <param name="Origin">Where it was found, as <see cref="Finding.Origin"/> words it.</param>
public sealed record OpenNonconformity(string Id, string? AuditId, FindingType Type, string Description, string Origin);

/// <summary>One owner's overdue actions: how many, the worst, and the actions themselves (most overdue first).</summary>
public sealed record OwnerOverdue(string OwnerUpn, int Count, int MostDaysOverdue, IReadOnlyList<string> ActionIds);

/// <summary>Evidence freshness of the applicable controls of one theme (clauses count as their own theme).</summary>
public sealed record ThemeFreshness(ControlTheme Theme, int Fresh, int DueSoon, int Stale, int Missing)
{
    public int Total => Fresh + DueSoon + Stale + Missing;
}

/// <summary>What the home page shows: readiness for the next external audit first, then what stands in its way.</summary>
public sealed record HomeModel(
    DateOnly Today,
    AuditAhead? NextExternalAudit,
    ReadinessReport Readiness,
    IReadOnlyList<OpenNonconformity> OpenNonconformities,
    int OpenActions,
    IReadOnlyList<OwnerOverdue> OverdueByOwner,
    IReadOnlyList<ThemeFreshness> FreshnessByTheme,
    IReadOnlyList<AuditResponse> NextAudits,
    SnapshotSummary? LastSnapshot)
{
    public int OpenMajors => OpenNonconformities.Count(f => f.Type == FindingType.MajorNonconformity);

    public int OpenMinors => OpenNonconformities.Count(f => f.Type == FindingType.MinorNonconformity);

    public int OverdueActions => OverdueByOwner.Sum(o => o.Count);
}

/// <summary>
/// The figures of the home page, read once from the registers: open actions and nonconformities, evidence freshness,
/// the audits ahead, the last snapshot, and readiness judged by the one checklist (<see cref="ReadinessChecklist"/>)
/// the snapshots use. A clause counts as evidenced when any evidence is linked to it (freshness not Missing).
/// </summary>
public sealed class HomeFigures(
    Reviews.ReviewRegister reviews,
    CorrectiveActionRegister actions,
    FindingRegister findings,
    AuditRegister audits,
    SoaRegister soa,
    EvidenceFreshnessReport freshness,
    SnapshotService snapshots,
    Isms.Functions.Risks.RiskRegister risks,
    Isms.Core.Risks.RiskRules riskRules,
    OrganisationClock clock)
{
    /// <summary>How many audits ahead the page lists.</summary>
    public const int AuditsShown = 5;

    public async Task<HomeModel> ReadAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var open = new List<CorrectiveAction>();
        await foreach (var action in actions.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            open.Add(action.Value);
        }

        var overdueByOwner = open.Where(a => a.IsOverdue(today))
            .GroupBy(a => a.OwnerUpn, StringComparer.OrdinalIgnoreCase)
            .Select(g => new OwnerOverdue(
                g.Key,
                g.Count(),
                g.Max(a => a.DaysOverdue(today)),
                [.. g.OrderByDescending(a => a.DaysOverdue(today)).ThenBy(a => a.Id, StringComparer.Ordinal).Select(a => a.Id)]))
            .OrderByDescending(o => o.MostDaysOverdue).ThenByDescending(o => o.Count).ThenBy(o => o.OwnerUpn, StringComparer.OrdinalIgnoreCase)
            .ToList();

        // A finding's status from its actions, as the registers and the weekly card judge it.
        var openByFinding = CorrectiveActionCounts.PerFinding(open);
        var actionsByFinding = await actions.ActionIdsByFindingAsync(cancellationToken).ConfigureAwait(false);
        var raised = await findings.ListAsync(null, null, cancellationToken).ConfigureAwait(false);
        var openNonconformities = raised.Select(f => f.Value)
            .Where(f => f.Type.RequiresCorrectiveAction() && f.Status(actionsByFinding[f.Id].Count(), openByFinding.GetValueOrDefault(f.Id)) == FindingStatus.Open)
            .OrderBy(f => f.Type).ThenBy(f => f.RaisedAt)
            .Select(f => new OpenNonconformity(f.Id, f.AuditId, f.Type, f.Description, f.Origin()))
            .ToList();

        var recorded = await audits.ListAsync(null, null, null, null, cancellationToken).ConfigureAwait(false);
        var ahead = recorded
            .Where(a => a.Value.Status is AuditStatus.Planned or AuditStatus.InProgress && a.Value.PlannedEnd >= today)
            .OrderBy(a => a.Value.PlannedStart).ThenBy(a => a.Value.Id, StringComparer.Ordinal)
            .ToList();
        var external = ahead.Select(a => a.Value).FirstOrDefault(a => a.Type.IsExternal());

        var assessed = await freshness.AssessAsync(cancellationToken).ConfigureAwait(false);
        var byTheme = assessed
            .GroupBy(c => ControlCatalogue.TryGet(c.ControlId, out var control) ? control.Theme : ControlTheme.Clause)
            .OrderBy(g => g.Key)
            .Select(g => new ThemeFreshness(
                g.Key,
                g.Count(c => c.State == EvidenceFreshnessState.Fresh),
                g.Count(c => c.State == EvidenceFreshnessState.DueSoon),
                g.Count(c => c.State == EvidenceFreshnessState.Stale),
                g.Count(c => c.State == EvidenceFreshnessState.Missing)))
            .ToList();

        var entries = await soa.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var readiness = ReadinessChecklist.Assess(new ReadinessInputs(
            assessed.Where(c => c.State != EvidenceFreshnessState.Missing).ToDictionary(c => c.ControlId, _ => 1, StringComparer.OrdinalIgnoreCase),
            ControlCatalogue.All.Count(c => c.IsAnnexA && entries[c.Id].ETag == SoaRegister.Unsaved),
            recorded.Count(a => a.Value.Type == AuditType.Internal && a.Value.Status == AuditStatus.Completed),
            Isms.Core.Reviews.ManagementReviewRules.CompletedInLastYear((await reviews.ListAsync(cancellationToken).ConfigureAwait(false)).Select(r => r.Value), today),
            actionsByFinding.Sum(g => g.Count()),
            [.. openNonconformities.Where(f => f.Type == FindingType.MajorNonconformity).Select(f => new OpenMajorNonconformity(f.Id, f.Origin, f.Description))],
            riskRules.Readiness((await risks.ListAsync(cancellationToken).ConfigureAwait(false)).Select(r => r.Value))));

        var sealedSnapshots = await snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
        return new HomeModel(
            today,
            external is null ? null : new AuditAhead(external.Id, external.Type, external.Title, external.PlannedStart, external.PlannedStart.DayNumber - today.DayNumber),
            readiness,
            openNonconformities,
            open.Count,
            overdueByOwner,
            byTheme,
            [.. ahead.Take(AuditsShown).Select(a => AuditResponse.From(a, today))],
            sealedSnapshots.MaxBy(s => s.Sequence));
    }
}
