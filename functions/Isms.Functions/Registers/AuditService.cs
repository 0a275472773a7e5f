using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>An audit with the findings raised in it and the status their corrective actions give them.</summary>
public sealed record AuditDetail(AuditResponse Audit, IReadOnlyList<FindingResponse> Findings);

/// <summary>
/// Every operation on the audits of the programme, for the API, the pages and the timers alike: plan one, read,
/// list, and change its plan or status. The rules (what may change when, who is independent) are the domain's;
/// this class reads what they need, asks them, and stores what they decide.
/// </summary>
public sealed class AuditService(AuditRegister audits, SoaRegister soa, FindingService findings, OrganisationClock clock)
{
    public async Task<IReadOnlyList<AuditResponse>> ListAsync(AuditType? type, AuditStatus? status, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var found = await audits.ListAsync(type, status, from, to, cancellationToken).ConfigureAwait(false);
        var today = clock.Today;
        return [.. found.Select(a => AuditResponse.From(a, today))];
    }

    public async Task<Outcome<AuditResponse>> GetAsync(string auditId, CancellationToken cancellationToken) =>
        await audits.GetAsync(auditId, cancellationToken).ConfigureAwait(false) is { } audit
            ? Outcome.Success(AuditResponse.From(audit, clock.Today))
            : NotFound(auditId);

    /// <summary>The audit and its findings, as its page shows them.</summary>
    public async Task<Outcome<AuditDetail>> GetWithFindingsAsync(string auditId, CancellationToken cancellationToken)
    {
        var audit = await audits.GetAsync(auditId, cancellationToken).ConfigureAwait(false);
        if (audit is null)
        {
            return NotFound<AuditDetail>(auditId);
        }

        var raised = await findings.ListAsync(audit.Value.Id, null, null, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(new AuditDetail(AuditResponse.From(audit, clock.Today), raised));
    }

    /// <summary>Plans an audit; an auditor who owns a control in its scope is refused (clause 9.2).</summary>
    public async Task<Outcome<AuditResponse>> PlanAsync(Caller caller, AuditCreate input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var missing = new ValidationErrors();
        if (input.Type is null)
        {
            missing.Add("type", $"type is required: one of {string.Join(", ", Enum.GetNames<AuditType>())}.");
        }

        if (input.PlannedStart is null)
        {
            missing.Add("plannedStart", "plannedStart is required (a date like 2026-03-31).");
        }

        if (input.PlannedEnd is null)
        {
            missing.Add("plannedEnd", "plannedEnd is required (a date like 2026-03-31).");
        }

        var audit = new Audit
        {
            Id = RecordIds.New("AUD"),
            Type = input.Type ?? AuditType.Internal,
            Title = input.Title?.Trim() ?? string.Empty,
            PlannedStart = input.PlannedStart ?? default,
            PlannedEnd = input.PlannedEnd ?? input.PlannedStart ?? default,
            LeadAuditorUpn = input.LeadAuditorUpn ?? string.Empty,
            Auditors = input.Auditors ?? [],
            Scope = ControlCatalogue.Canonical(input.Scope ?? []),
        };
        var errors = await ValidateAsync(audit, cancellationToken).ConfigureAwait(false);
        foreach (var field in missing.Fields)
        {
            foreach (var message in missing.For(field))
            {
                errors.Add(field, message);
            }
        }

        if (!errors.IsValid)
        {
            return Outcome.Invalid<AuditResponse>(Without(errors, missing));
        }

        var saved = await audits.InsertAsync(audit, caller, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(AuditResponse.From(saved, clock.Today));
    }

    /// <summary>
    /// Changes an audit's plan (title, dates, team, scope) and or status, as the version <paramref name="ifMatch"/>
    /// names. A completed or cancelled audit's plan can no longer change; status moves only as AuditLifecycle allows.
    /// </summary>
    public async Task<Outcome<AuditResponse>> ChangeAsync(Caller caller, string auditId, AuditPatch patch, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(patch);
        var before = await audits.GetAsync(auditId, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return NotFound(auditId);
        }

        if (!ifMatch.Matches(before.ETag))
        {
            return Outcome.Refused<AuditResponse>(ETags.Stale($"Audit {auditId}"));
        }

        var current = before.Value;
        var edited = patch.Title is not null || patch.PlannedStart is not null || patch.PlannedEnd is not null
            || patch.LeadAuditorUpn is not null || patch.Auditors is not null || patch.Scope is not null;
        if (edited && current.Status is AuditStatus.Completed or AuditStatus.Cancelled)
        {
            return Outcome.Refused<AuditResponse>(new Refusal(
                RefusalCode.InvalidTransition,
                $"Audit {auditId} is {current.Status}; its plan can no longer change.",
                new Dictionary<string, string[]> { ["status"] = [$"The audit is {current.Status}."] }));
        }

        var after = current with
        {
            Title = patch.Title?.Trim() ?? current.Title,
            PlannedStart = patch.PlannedStart ?? current.PlannedStart,
            PlannedEnd = patch.PlannedEnd ?? current.PlannedEnd,
            LeadAuditorUpn = patch.LeadAuditorUpn ?? current.LeadAuditorUpn,
            Auditors = patch.Auditors ?? current.Auditors,
            Scope = patch.Scope is null ? current.Scope : ControlCatalogue.Canonical(patch.Scope),
        };
        if (edited)
        {
            var errors = await ValidateAsync(after, cancellationToken).ConfigureAwait(false);
            if (!errors.IsValid)
            {
                return Outcome.Invalid<AuditResponse>(errors);
            }
        }

        if (patch.Status is { } status)
        {
            var moved = AuditLifecycle.ChangeStatus(after, status, clock.Today);
            if (!moved.IsSuccess)
            {
                return Outcome.Refused<AuditResponse>(moved.Refusal);
            }

            after = moved.Value;
        }

        try
        {
            var saved = await audits.ReplaceAsync(before, after, caller, cancellationToken).ConfigureAwait(false);
            return Outcome.Success(AuditResponse.From(saved, clock.Today));
        }
        catch (StaleRecordException ex)
        {
            return Outcome.Refused<AuditResponse>(ETags.Stale(ex.EntityPath));
        }
    }

    private async Task<ValidationErrors> ValidateAsync(Audit audit, CancellationToken cancellationToken)
    {
        var owners = await soa.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        return AuditValidator.Validate(audit, owners.Values.Select(r => r.Value));
    }

    /// <summary>Drops the errors the domain raised about placeholder values where the request simply lacked the field.</summary>
    private static ValidationErrors Without(ValidationErrors errors, ValidationErrors missing)
    {
        if (missing.IsValid)
        {
            return errors;
        }

        var result = new ValidationErrors();
        foreach (var field in errors.Fields)
        {
            var messages = missing.Has(field) ? missing.For(field) : errors.For(field);
            foreach (var message in messages)
            {
                result.Add(field, message);
            }
        }

        return result;
    }

    private static Outcome<AuditResponse> NotFound(string auditId) => NotFound<AuditResponse>(auditId);

    private static Outcome<T> NotFound<T>(string auditId)
        where T : notnull =>
        Outcome.Refused<T>(RefusalCode.NotFound, "auditId", $"There is no audit '{auditId}'. GET /api/audits lists them.");
}
