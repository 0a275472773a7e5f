using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.CorrectiveActions;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>
/// Findings: raise one in an audit, list them, read one, each with the status its corrective actions give it
/// (<see cref="Finding.Status(int, int)"/> decides; nothing here restates the rule).
/// </summary>
public sealed class FindingService(AuditRegister audits, FindingRegister findings, CorrectiveActionRegister actions, CorrectiveActionLifecycle lifecycle, People.Assignees assignees, OrganisationClock clock)
{
    /// <summary>Raises a finding in an audit; it must concern controls in the catalogue.</summary>
    public Task<Outcome<FindingResponse>> RaiseAsync(Caller caller, string auditId, FindingCreate input, CancellationToken cancellationToken) =>
        RaiseAsync(caller, auditId, input, null, cancellationToken);

    /// <summary>
    /// Raises a finding whose first corrective action the caller opens right after (<see cref="CorrectiveActionService.OpenAsync"/>),
    /// as the audit page does in one form (an opportunity for improvement may take an improvement action the same way). The action is checked first, by the lifecycle's own rules for opening it on
    /// this finding, and its errors come with the finding's: a refused owner or correction stores nothing, rather than
    /// a nonconformity without the action the person meant to give it. An observation or opportunity for improvement
    /// takes no action, so one given with it is refused too.
    /// </summary>
    /// <param name="firstAction">The action to check (its fields may be empty: they are then named as missing), or null to check none.</param>
    public async Task<Outcome<FindingResponse>> RaiseAsync(Caller caller, string auditId, FindingCreate input, CorrectiveActionCreate? firstAction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var audit = await audits.GetAsync(auditId, cancellationToken).ConfigureAwait(false);
        if (audit is null)
        {
            return Outcome.Refused<FindingResponse>(RefusalCode.NotFound, "auditId", $"There is no audit '{auditId}' to raise a finding in.");
        }

        if (AuditTeam.RefuseUnlessConducting(audit.Value, caller, "raise a finding in it") is { } notOnTeam)
        {
            return Outcome.Refused<FindingResponse>(notOnTeam);
        }

        var finding = new Finding
        {
            Id = RecordIds.NewFinding(audit.Value.Id),
            AuditId = audit.Value.Id,
            Type = input.Type ?? (FindingType)(-1),
            ControlIds = ControlCatalogue.Canonical(input.ControlIds ?? []),
            Description = input.Description?.Trim() ?? string.Empty,
            RaisedBy = caller.Upn,
            RaisedAt = clock.Now,
        };
        var errors = FindingValidator.Validate(finding, audit.Value);
        if (firstAction is not null)
        {
            await CheckFirstActionAsync(finding, firstAction, errors, cancellationToken).ConfigureAwait(false);
        }

        if (!errors.IsValid)
        {
            return Outcome.Invalid<FindingResponse>(errors);
        }

        var saved = await findings.InsertAsync(finding, caller, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(FindingResponse.From(saved, [], openActions: 0));
    }

    /// <summary>
    /// Raises a nonconformity or an opportunity for improvement found outside audits (clause 10.2 applies however a
    /// nonconformity comes to light): from an incident, monitoring, a complaint, a management review or elsewhere, with
    /// the reference it traces to. With <paramref name="firstAction"/> its first action is checked first, as in an audit.
    /// </summary>
    public async Task<Outcome<FindingResponse>> RaiseOutsideAuditsAsync(Caller caller, FindingOutsideAuditCreate input, CorrectiveActionCreate? firstAction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var finding = new Finding
        {
            Id = RecordIds.NewFindingOutsideAudits(),
            Source = input.Source ?? (FindingSource)(-1),
            Reference = string.IsNullOrWhiteSpace(input.Reference) ? null : input.Reference.Trim(),
            Type = input.Type ?? (FindingType)(-1),
            ControlIds = ControlCatalogue.Canonical(input.ControlIds ?? []),
            Description = input.Description?.Trim() ?? string.Empty,
            RaisedBy = caller.Upn,
            RaisedAt = clock.Now,
        };
        var errors = FindingValidator.Validate(finding);
        if (input.Source is null)
        {
            errors.Add("source", $"source is required: one of {string.Join(", ", FindingValidator.OutsideAudits)}. A finding from an audit is raised on the audit (POST /api/audits/{{auditId}}/findings).");
        }
        else if (input.Source == FindingSource.Audit)
        {
            errors.Add("source", "source: a finding from an audit is raised on that audit (POST /api/audits/{auditId}/findings), where its audit team is checked.");
        }

        if (firstAction is not null)
        {
            await CheckFirstActionAsync(finding, firstAction, errors, cancellationToken).ConfigureAwait(false);
        }

        if (!errors.IsValid)
        {
            return Outcome.Invalid<FindingResponse>(errors);
        }

        var saved = await findings.InsertAsync(finding, caller, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(FindingResponse.From(saved, [], openActions: 0));
    }

    /// <summary>
    /// Records a later monitoring check on a finding (a collector's run after the failures that raised it); a record
    /// changed meanwhile is read again. False when the finding is gone.
    /// </summary>
    public async Task<bool> RecordCheckAsync(Caller caller, string findingId, FindingCheck check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        for (var attempt = 0; ; attempt++)
        {
            var before = await findings.GetAsync(findingId, cancellationToken).ConfigureAwait(false);
            if (before is null)
            {
                return false;
            }

            if (before.Value.Checks.Any(c => c.Reference is not null && c.Reference == check.Reference))
            {
                return true;
            }

            try
            {
                await findings.ReplaceAsync(before, before.Value with { Checks = [.. before.Value.Checks, check] }, caller, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (StaleRecordException) when (attempt < 3)
            {
                // Changed meanwhile: read it again.
            }
        }
    }

    /// <summary>
    /// The improvement log (clause 10.1): every opportunity for improvement, from audits, reviews or elsewhere, newest
    /// first, with the improvement actions taken on it and where each stands.
    /// </summary>
    public async Task<IReadOnlyList<ImprovementLogEntry>> ImprovementLogAsync(CancellationToken cancellationToken)
    {
        var found = await findings.ListAsync(null, FindingType.OpportunityForImprovement, cancellationToken).ConfigureAwait(false);
        var links = await actions.ActionIdsByFindingAsync(cancellationToken).ConfigureAwait(false);
        var today = clock.Today;
        var entries = new List<ImprovementLogEntry>(found.Count);
        foreach (var finding in found.OrderByDescending(f => f.Value.RaisedAt))
        {
            var taken = new List<ImprovementLogAction>();
            foreach (var id in links[finding.Value.Id])
            {
                if (await actions.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } action)
                {
                    var a = action.Value;
                    taken.Add(new ImprovementLogAction(a.Id, a.OwnerUpn, a.Correction, a.DueDate, a.Status, a.DaysOverdue(today)));
                }
            }

            var f = finding.Value;
            entries.Add(new ImprovementLogEntry(f.Id, f.AuditId, f.Source, f.Reference, f.Origin(), f.ControlIds, f.Description, f.RaisedBy, f.RaisedAt, taken));
        }

        return entries;
    }

    /// <summary>Findings (of one audit, of one type, of one status, or all), each with its actions and the status they give it.</summary>
    /// <param name="source">Only those from this source (<see cref="FindingSource.Audit"/>: only those raised in audits).</param>
    /// <param name="outsideAudits">Only those raised outside audits, whatever their source (one partition's read).</param>
    public async Task<IReadOnlyList<FindingResponse>> ListAsync(string? auditId, FindingType? type, FindingStatus? status, CancellationToken cancellationToken, FindingSource? source = null, bool outsideAudits = false)
    {
        outsideAudits |= source is not null && source != FindingSource.Audit;
        if (outsideAudits && auditId is not null)
        {
            return []; // a finding raised outside audits belongs to no audit
        }

        var found = await findings.ListAsync(outsideAudits ? null : auditId, type, cancellationToken, outsideAudits).ConfigureAwait(false);
        found = [.. found.Where(f => source is null || f.Value.Source == source)];
        if (found.Count == 0)
        {
            return [];
        }

        var links = await actions.ActionIdsByFindingAsync(cancellationToken).ConfigureAwait(false);
        var open = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var action in actions.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            if (action.Value.FindingId is { } findingId)
            {
                open[findingId] = open.GetValueOrDefault(findingId) + 1;
            }
        }

        return [.. found
            .Select(f => FindingResponse.From(f, [.. links[f.Value.Id]], open.GetValueOrDefault(f.Value.Id)))
            .Where(f => status is null || f.Status == status)];
    }

    public async Task<Outcome<FindingResponse>> GetAsync(string findingId, CancellationToken cancellationToken)
    {
        var found = await GetWithActionsAsync(findingId, cancellationToken).ConfigureAwait(false);
        return found.IsSuccess ? Outcome.Success(found.Value.Finding) : Outcome.Refused<FindingResponse>(found.Refusal);
    }

    /// <summary>One finding with its actions, each read once: the finding's status is derived from the same reads.</summary>
    public async Task<Outcome<FindingWithActions>> GetWithActionsAsync(string findingId, CancellationToken cancellationToken)
    {
        var finding = await findings.GetAsync(findingId, cancellationToken).ConfigureAwait(false);
        if (finding is null)
        {
            return NotFound<FindingWithActions>(findingId);
        }

        var links = await actions.ActionIdsByFindingAsync(cancellationToken).ConfigureAwait(false);
        var own = new List<Stored<CorrectiveAction>>();
        foreach (var id in links[finding.Value.Id])
        {
            if (await actions.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } action)
            {
                own.Add(action);
            }
        }

        var today = clock.Today;
        return Outcome.Success(new FindingWithActions(
            FindingResponse.From(finding, [.. own.Select(a => a.Value.Id)], own.Count(a => a.Value.Status != CorrectiveActionStatus.Closed)),
            [.. own.Select(a => CorrectiveActionResponse.From(a, today))]));
    }

    /// <summary>Adds what would refuse <paramref name="firstAction"/> on <paramref name="finding"/> to <paramref name="errors"/>.</summary>
    private async Task CheckFirstActionAsync(Finding finding, CorrectiveActionCreate firstAction, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(finding.Type))
        {
            return; // the type is named already; which action it needs is not known
        }

        var given = IsGiven(firstAction);
        if (finding.Type == FindingType.Observation)
        {
            if (given)
            {
                errors.Add("type", $"type: an {finding.Type.Describe().ToLowerInvariant()} takes no corrective action; choose a major or minor nonconformity, or leave the action's owner, correction and due date empty.");
            }

            return;
        }

        if (finding.Type == FindingType.OpportunityForImprovement && !given)
        {
            return; // an improvement action is the organisation's choice (10.1), so none is asked for
        }

        // The id is a placeholder: nothing is stored, the lifecycle only judges the fields.
        var opened = lifecycle.Create("CA-CHECK", finding, firstAction.OwnerUpn ?? string.Empty, firstAction.Correction ?? string.Empty, firstAction.DueDate);
        if (!opened.IsSuccess)
        {
            foreach (var (field, messages) in opened.Refusal.Errors)
            {
                foreach (var message in messages)
                {
                    errors.Add(field, message);
                }
            }

            return;
        }

        // The owner must be someone the directory confirms, as opening the action will ask again.
        var owner = await assignees.ResolveAsync("ownerUpn", opened.Value.OwnerUpn, cancellationToken).ConfigureAwait(false);
        if (!owner.IsSuccess)
        {
            errors.Add("ownerUpn", owner.Refusal.Message);
        }
    }

    /// <summary>
    /// Whether a finding raised with <paramref name="firstAction"/> (as a page's one form raises it) gets that action
    /// opened: a nonconformity always does; an opportunity for improvement when the form names one.
    /// </summary>
    public static bool TakesFirstAction(FindingType type, CorrectiveActionCreate firstAction) =>
        type.RequiresCorrectiveAction() || (type == FindingType.OpportunityForImprovement && IsGiven(firstAction));

    private static bool IsGiven(CorrectiveActionCreate action) =>
        !string.IsNullOrWhiteSpace(action.OwnerUpn) || !string.IsNullOrWhiteSpace(action.Correction) || action.DueDate is not null;

    internal static Outcome<T> NotFound<T>(string findingId)
        where T : notnull =>
        Outcome.Refused<T>(RefusalCode.NotFound, "findingId", $"There is no finding '{findingId}'. GET /api/findings lists them.");
}
