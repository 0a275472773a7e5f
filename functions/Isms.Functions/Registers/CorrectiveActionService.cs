using Isms.Core.CorrectiveActions;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>
/// Every change to a corrective action (clause 10.2), for the API and the pages: open one on a nonconformity,
/// update it as its owner, review its effectiveness as someone else. The gates are CorrectiveActionLifecycle's;
/// who may touch which action is decided here, because it needs the record.
/// </summary>
public sealed class CorrectiveActionService(FindingRegister findings, AuditRegister audits, CorrectiveActionRegister actions, CorrectiveActionLifecycle lifecycle, People.Assignees assignees, OrganisationClock clock)
{
    /// <summary>Actions, by owner, status or overdue, the most overdue first.</summary>
    public async Task<IReadOnlyList<CorrectiveActionResponse>> ListAsync(string? ownerUpn, CorrectiveActionStatus? status, bool? overdue, CancellationToken cancellationToken)
    {
        var wantsClosed = status is null or CorrectiveActionStatus.Closed && overdue != true;
        var wantsOpen = status is not CorrectiveActionStatus.Closed;
        var source = ownerUpn is not null
            ? actions.OwnedByAsync(ownerUpn, wantsClosed, cancellationToken)
            : Concat(wantsOpen ? actions.OpenAsync(cancellationToken) : null, wantsClosed ? actions.ClosedAsync(cancellationToken) : null);
        var today = clock.Today;
        var found = new List<CorrectiveActionResponse>();
        await foreach (var action in source.ConfigureAwait(false))
        {
            if ((status is null || action.Value.Status == status) && (overdue is null || action.Value.IsOverdue(today) == overdue))
            {
                found.Add(CorrectiveActionResponse.From(action, today));
            }
        }

        return [.. found.OrderByDescending(a => a.DaysOverdue).ThenBy(a => a.DueDate).ThenBy(a => a.Id, StringComparer.Ordinal)];
    }

    public async Task<Outcome<CorrectiveActionResponse>> GetAsync(string id, CancellationToken cancellationToken) =>
        await actions.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } action
            ? Outcome.Success(CorrectiveActionResponse.From(action, clock.Today))
            : NotFound(id);

    /// <summary>Opens a corrective action on a nonconformity, due by the policy unless a date is given.</summary>
    public async Task<Outcome<CorrectiveActionResponse>> OpenAsync(Caller caller, string findingId, CorrectiveActionCreate input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var finding = await findings.GetAsync(findingId, cancellationToken).ConfigureAwait(false);
        if (finding is null)
        {
            return FindingService.NotFound<CorrectiveActionResponse>(findingId);
        }

        if (finding.Value.AuditId is { } auditId
            && await audits.GetAsync(auditId, cancellationToken).ConfigureAwait(false) is { } audit
            && AuditTeam.RefuseUnlessConducting(audit.Value, caller, "open corrective actions on its findings") is { } notOnTeam)
        {
            return Outcome.Refused<CorrectiveActionResponse>(notOnTeam);
        }

        var created = lifecycle.Create(RecordIds.New("CA"), finding.Value, input.OwnerUpn ?? string.Empty, input.Correction ?? string.Empty, input.DueDate);
        if (!created.IsSuccess)
        {
            return Outcome.Refused<CorrectiveActionResponse>(created.Refusal);
        }

        var owner = await assignees.ResolveAsync("ownerUpn", created.Value.OwnerUpn, cancellationToken).ConfigureAwait(false);
        if (!owner.IsSuccess)
        {
            return Outcome.Refused<CorrectiveActionResponse>(owner.Refusal);
        }

        var saved = await actions.InsertAsync(created.Value with { OwnerObjectId = owner.Value }, caller, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(CorrectiveActionResponse.From(saved, clock.Today));
    }

    /// <summary>
    /// Opens an action of <paramref name="kind"/> on a record other than a finding (<paramref name="origin"/>, such as
    /// <c>gap-analysis/6.1.2-1</c>): the caller's service has checked that the record exists and may take one.
    /// </summary>
    public async Task<Outcome<CorrectiveActionResponse>> OpenForAsync(Caller caller, ActionKind kind, string origin, OriginActionCreate input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var created = lifecycle.CreateFor(RecordIds.New("CA"), kind, origin, input.OwnerUpn ?? string.Empty, input.Description ?? string.Empty, input.DueDate);
        if (!created.IsSuccess)
        {
            return Outcome.Refused<CorrectiveActionResponse>(created.Refusal);
        }

        var owner = await assignees.ResolveAsync("ownerUpn", created.Value.OwnerUpn, cancellationToken).ConfigureAwait(false);
        if (!owner.IsSuccess)
        {
            return Outcome.Refused<CorrectiveActionResponse>(owner.Refusal);
        }

        var saved = await actions.InsertAsync(created.Value with { OwnerObjectId = owner.Value }, caller, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(CorrectiveActionResponse.From(saved, clock.Today));
    }

    /// <summary>
    /// The owner (or an ISMS admin) records the correction, root cause and plan, moves the status, or snoozes;
    /// Closed is reached only through an effectiveness review.
    /// </summary>
    public async Task<Outcome<CorrectiveActionResponse>> UpdateAsync(Caller caller, string id, CorrectiveActionUpdate input, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var before = await actions.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return NotFound(id);
        }

        if (!caller.IsAdmin && !caller.Is(before.Value.OwnerUpn, before.Value.OwnerObjectId))
        {
            return Outcome.Refused<CorrectiveActionResponse>(RefusalCode.Forbidden, "ownerUpn", $"Only the action's owner ({before.Value.OwnerUpn}) or an ISMS admin may update it.");
        }

        if (!ifMatch.Matches(before.ETag))
        {
            return Outcome.Refused<CorrectiveActionResponse>(ETags.Stale($"Corrective action {id}"));
        }

        if (input.Status == CorrectiveActionStatus.Closed)
        {
            return Outcome.Refused<CorrectiveActionResponse>(new Refusal(
                RefusalCode.InvalidTransition,
                "An action is closed by an effectiveness review, not by setting its status: POST /api/corrective-actions/{id}/effectiveness-reviews.",
                new Dictionary<string, string[]> { ["status"] = ["Closed is reached through an effectiveness review by someone other than the owner."] }));
        }

        var changed = lifecycle.Apply(before.Value, new CorrectiveActionPatch
        {
            Correction = input.Correction,
            RootCause = input.RootCause,
            ActionPlan = input.ActionPlan,
            Status = input.Status,
            SnoozeUntil = input.SnoozeUntil,
            SnoozeReason = input.SnoozeReason,
        });
        return changed.IsSuccess
            ? await SaveAsync(before, changed.Value, caller, cancellationToken).ConfigureAwait(false)
            : Outcome.Refused<CorrectiveActionResponse>(changed.Refusal);
    }

    /// <summary>An effectiveness review by someone other than the owner: effective closes, ineffective reopens.</summary>
    public async Task<Outcome<CorrectiveActionResponse>> ReviewAsync(Caller caller, string id, EffectivenessReviewCreate input, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        if (input.Effective is not { } effective)
        {
            return Outcome.Refused<CorrectiveActionResponse>(RefusalCode.Invalid, "effective", "effective is required: true when the action removed the cause, false when it did not.");
        }

        var before = await actions.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return NotFound(id);
        }

        if (!ifMatch.Matches(before.ETag))
        {
            return Outcome.Refused<CorrectiveActionResponse>(ETags.Stale($"Corrective action {id}"));
        }

        var reviewed = lifecycle.Review(before.Value, caller.Upn, effective, input.Notes, caller.ObjectId);
        return reviewed.IsSuccess
            ? await SaveAsync(before, reviewed.Value, caller, cancellationToken).ConfigureAwait(false)
            : Outcome.Refused<CorrectiveActionResponse>(reviewed.Refusal);
    }

    private async Task<Outcome<CorrectiveActionResponse>> SaveAsync(Stored<CorrectiveAction> before, CorrectiveAction after, Caller caller, CancellationToken cancellationToken)
    {
        try
        {
            var saved = await actions.ReplaceAsync(before, after, caller, cancellationToken).ConfigureAwait(false);
            return Outcome.Success(CorrectiveActionResponse.From(saved, clock.Today));
        }
        catch (StaleRecordException ex)
        {
            return Outcome.Refused<CorrectiveActionResponse>(ETags.Stale(ex.EntityPath));
        }
    }

    private static async IAsyncEnumerable<T> Concat<T>(IAsyncEnumerable<T>? first, IAsyncEnumerable<T>? second)
    {
        foreach (var source in new[] { first, second })
        {
            if (source is null)
            {
                continue;
            }

            await foreach (var item in source.ConfigureAwait(false))
            {
                yield return item;
            }
        }
    }

    private static Outcome<CorrectiveActionResponse> NotFound(string id) =>
        Outcome.Refused<CorrectiveActionResponse>(RefusalCode.NotFound, "id", $"There is no corrective action '{id}'. GET /api/corrective-actions lists them.");
}
