using Isms.Core.CorrectiveActions;
using Isms.Core.Evidence;
using Isms.Core.Reviews;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Evidence;
using Isms.Functions.Platform;
using Isms.Functions.Registers;
using Isms.Functions.Snapshots;
using Isms.Functions.Storage;

namespace Isms.Functions.Reviews;

/// <summary>
/// Management reviews (9.3) for the API and the pages: plan one, record it held and completed with its minutes and
/// decisions (<see cref="ManagementReviewRules"/> decide), compile its inputs pack from the registers
/// (<see cref="ReviewPackCompiler"/>), and raise output actions, chased like corrective actions. Completing a review
/// seals a snapshot, whose manifest carries it as the last review.
/// </summary>
public sealed class ManagementReviewService(
    ReviewRegister register,
    ReviewPackCompiler compiler,
    FindingRegister findings,
    CorrectiveActionRegister actions,
    CorrectiveActionService actionService,
    AuditRegister audits,
    SnapshotStore snapshots,
    SnapshotTaker taker,
    EvidenceFreshnessReport freshness,
    Risks.RiskRegister risks,
    OrganisationClock clock)
{
    private const string OriginPrefix = "management-reviews/";

    /// <summary>The origin of a review's output actions.</summary>
    public static string Origin(string reviewId) => OriginPrefix + reviewId;

    /// <summary>Every review, the latest planned first.</summary>
    public async Task<IReadOnlyList<ManagementReviewResponse>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await register.ListAsync(cancellationToken).ConfigureAwait(false);
        var raised = await actions.ActionIdsByOriginAsync(OriginPrefix, cancellationToken).ConfigureAwait(false);
        return [.. all.OrderByDescending(r => r.Value.PlannedDate).ThenBy(r => r.Value.Id, StringComparer.Ordinal)
            .Select(r => ManagementReviewResponse.From(r, raised[Origin(r.Value.Id)]))];
    }

    public async Task<Outcome<ManagementReviewResponse>> GetAsync(string id, CancellationToken cancellationToken) =>
        await register.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } stored
            ? Outcome.Success(await ResponseAsync(stored, cancellationToken).ConfigureAwait(false))
            : NotFound<ManagementReviewResponse>(id);

    public async Task<Outcome<ManagementReviewResponse>> CreateAsync(Caller caller, ManagementReviewCreate input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var created = ManagementReviewRules.Create(RecordIds.New("MR"), new ReviewChange { PlannedDate = input.PlannedDate, Attendees = input.Attendees }, clock.Today, caller.Upn, clock.Now);
        if (!created.IsSuccess)
        {
            return Outcome.Refused<ManagementReviewResponse>(created.Refusal);
        }

        // The programme's planned review this one fulfils, so the programme sees it held and done.
        var planned = await audits.ListAsync(Isms.Core.Audits.AuditType.ManagementReview, null, null, null, cancellationToken).ConfigureAwait(false);
        var others = await register.ListAsync(cancellationToken).ConfigureAwait(false);
        var link = ManagementReviewRules.ProgrammeEntry(planned.Select(a => a.Value), others.Select(r => r.Value), created.Value.PlannedDate, string.IsNullOrWhiteSpace(input.AuditId) ? null : input.AuditId.Trim());
        if (!link.IsSuccess)
        {
            return Outcome.Refused<ManagementReviewResponse>(link.Refusal);
        }

        var saved = await register.InsertAsync(created.Value with { AuditId = link.Value.AuditId }, caller, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(ManagementReviewResponse.From(saved, []));
    }

    /// <summary>Changes a review; completing it seals a snapshot and records which.</summary>
    public async Task<Outcome<ManagementReviewResponse>> UpdateAsync(Caller caller, string id, ManagementReviewUpdate input, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var before = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return NotFound<ManagementReviewResponse>(id);
        }

        if (!ifMatch.Matches(before.ETag))
        {
            return Outcome.Refused<ManagementReviewResponse>(ETags.Stale($"Management review {id}"));
        }

        var change = new ReviewChange
        {
            PlannedDate = input.PlannedDate,
            HeldOn = input.HeldOn,
            Status = input.Status,
            Attendees = input.Attendees,
            ChangesInIssues = input.ChangesInIssues,
            InterestedPartiesChanges = input.InterestedPartiesChanges,
            Objectives = input.Objectives,
            Feedback = input.Feedback,
            Minutes = input.Minutes,
            Decisions = input.Decisions,
        };
        var changed = ManagementReviewRules.Change(before.Value, change, clock.Today, caller.Upn, clock.Now);
        if (!changed.IsSuccess)
        {
            return Outcome.Refused<ManagementReviewResponse>(changed.Refusal);
        }

        Stored<ManagementReview> saved;
        try
        {
            saved = await register.ReplaceAsync(before, changed.Value, caller, cancellationToken).ConfigureAwait(false);
        }
        catch (StaleRecordException ex)
        {
            return Outcome.Refused<ManagementReviewResponse>(ETags.Stale(ex.EntityPath));
        }

        if (saved.Value.Status != before.Value.Status)
        {
            await AdvanceProgrammeAsync(saved.Value, caller, cancellationToken).ConfigureAwait(false);
        }

        if (before.Value.Status != ReviewStatus.Completed && saved.Value.Status == ReviewStatus.Completed)
        {
            // Sealed after the review is stored, so the manifest reads it as the last review. Should this process stop
            // in between, the review is completed without a snapshot id, and the next snapshot carries it all the same.
            var snapshot = await taker.TakeAsync(caller.Upn, "ManagementReview", cancellationToken).ConfigureAwait(false);
            saved = await register.ReplaceAsync(saved, saved.Value with { SnapshotId = snapshot.Id }, caller, cancellationToken).ConfigureAwait(false);
        }

        return Outcome.Success(await ResponseAsync(saved, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>An output action of a held or completed review (9.3.3), chased like a corrective action.</summary>
    public async Task<Outcome<CorrectiveActionResponse>> RaiseOutputActionAsync(Caller caller, string id, OriginActionCreate input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var review = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (review is null)
        {
            return NotFound<CorrectiveActionResponse>(id);
        }

        if (review.Value.Status == ReviewStatus.Planned)
        {
            return Outcome.Refused<CorrectiveActionResponse>(RefusalCode.GateNotMet, "status",
                $"Management review {id} has not been held yet: output actions follow from what it decided. Record it as held first.");
        }

        return await actionService.OpenForAsync(caller, ActionKind.ReviewOutput, Origin(id), input, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A review's output actions, as the API shows them (one read of the actions' origin index).</summary>
    public async Task<IReadOnlyList<CorrectiveActionResponse>> OutputActionsAsync(string id, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        return [.. (await actions.ForOriginAsync(Origin(id), cancellationToken).ConfigureAwait(false))
            .OrderBy(a => a.Value.CreatedAt).ThenBy(a => a.Value.Id, StringComparer.Ordinal)
            .Select(a => CorrectiveActionResponse.From(a, today))];
    }

    /// <summary>The 9.3.2 inputs for the review's period, compiled from the registers (each read once).</summary>
    public async Task<Outcome<ReviewPack>> PackAsync(string id, CancellationToken cancellationToken)
    {
        var reviews = await register.ListAsync(cancellationToken).ConfigureAwait(false);
        var review = reviews.FirstOrDefault(r => string.Equals(r.Value.Id, id, StringComparison.Ordinal));
        if (review is null)
        {
            return NotFound<ReviewPack>(id);
        }

        var findingsTask = findings.ListAsync(null, null, cancellationToken);
        var auditsTask = audits.ListAsync(null, null, null, null, cancellationToken);
        var snapshotsTask = snapshots.ListAsync(cancellationToken);
        var freshnessTask = freshness.AssessAsync(cancellationToken);
        var risksTask = risks.ListAsync(cancellationToken);
        var all = new List<CorrectiveAction>();
        await foreach (var action in actions.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            all.Add(action.Value);
        }

        await foreach (var action in actions.ClosedAsync(cancellationToken).ConfigureAwait(false))
        {
            all.Add(action.Value);
        }

        return Outcome.Success(compiler.Compile(new ReviewPackInputs(
            review.Value,
            [.. reviews.Select(r => r.Value)],
            [.. (await findingsTask.ConfigureAwait(false)).Select(f => f.Value)],
            all,
            [.. (await auditsTask.ConfigureAwait(false)).Select(a => a.Value)],
            [.. (await snapshotsTask.ConfigureAwait(false)).Select(s => new SnapshotPoint(s.Id, s.TakenAt, s.Headline, s.Ready))],
            [.. (await freshnessTask.ConfigureAwait(false)).Select(f => f.State)],
            [.. (await risksTask.ConfigureAwait(false)).Select(r => r.Value)],
            Origin,
            Risks.RiskService.Origin(string.Empty))));
    }

    /// <summary>How many reviews were completed in the twelve months up to today (9.3 readiness).</summary>
    public async Task<int> CompletedInLastYearAsync(CancellationToken cancellationToken) =>
        ManagementReviewRules.CompletedInLastYear((await register.ListAsync(cancellationToken).ConfigureAwait(false)).Select(r => r.Value), clock.Today);

    /// <summary>
    /// Moves the programme's planned review along with the record: running once held, completed once completed, on the
    /// day it was held (AuditLifecycle's moves). An entry cancelled or changed meanwhile is left as it is: the record stands.
    /// </summary>
    private async Task AdvanceProgrammeAsync(ManagementReview review, Caller caller, CancellationToken cancellationToken)
    {
        if (review.AuditId is null || await audits.GetAsync(review.AuditId, cancellationToken).ConfigureAwait(false) is not { } audit)
        {
            return;
        }

        var moved = audit.Value;
        foreach (var step in ManagementReviewRules.ProgrammeSteps(review.Status))
        {
            var next = Isms.Core.Audits.AuditLifecycle.ChangeStatus(moved, step, review.HeldOn ?? clock.Today);
            if (!next.IsSuccess)
            {
                return;
            }

            moved = next.Value;
        }

        if (moved != audit.Value)
        {
            try
            {
                await audits.ReplaceAsync(audit, moved, caller, cancellationToken).ConfigureAwait(false);
            }
            catch (StaleRecordException)
            {
                // Changed by someone meanwhile; their change stands and the next change of the review moves it again.
            }
        }
    }

    private async Task<ManagementReviewResponse> ResponseAsync(Stored<ManagementReview> stored, CancellationToken cancellationToken)
    {
        var raised = await actions.ActionIdsByOriginAsync(Origin(stored.Value.Id), cancellationToken).ConfigureAwait(false);
        return ManagementReviewResponse.From(stored, raised[Origin(stored.Value.Id)]);
    }

    private static Outcome<T> NotFound<T>(string id)
        where T : notnull =>
        Outcome.Refused<T>(RefusalCode.NotFound, "id", $"There is no management review '{id}'. GET /api/management-reviews lists them.");
}
