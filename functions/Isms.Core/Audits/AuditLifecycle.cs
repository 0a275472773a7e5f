using Isms.Core.Controls;
using Isms.Core.Validation;

namespace Isms.Core.Audits;

/// <summary>
/// Every change a person makes to an audit, one method per change, refusals as values. The status moves
/// Planned -> InProgress -> Completed, and Planned or InProgress -> Cancelled. Completed and Cancelled are
/// final because findings and the coverage matrix rest on them: their plan (title, dates, auditors, scope)
/// can no longer change, and a cancelled audit is replaced by planning a new one. Every plan is validated
/// with the SoA, so nobody audits an area they own (<see cref="AuditorIndependence"/>). Who may call which
/// method is the caller's decision.
/// </summary>
public static class AuditLifecycle
{
    /// <summary>
    /// Plans a new audit from what a person asked for: title trimmed, scope ids as the catalogue spells them,
    /// each missing field (type, plannedStart, plannedEnd) named, and independence checked against
    /// <paramref name="soa"/>.
    /// </summary>
    public static Outcome<Audit> Plan(string id, AuditDraft draft, IEnumerable<SoaEntry> soa)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(soa);

        var missing = new ValidationErrors();
        if (draft.Type is null)
        {
            missing.Add("type", $"type is required: one of {string.Join(", ", Enum.GetNames<AuditType>())}.");
        }

        if (draft.PlannedStart is null)
        {
            missing.Add("plannedStart", "plannedStart is required (a date like 2026-03-31).");
        }

        if (draft.PlannedEnd is null)
        {
            missing.Add("plannedEnd", "plannedEnd is required (a date like 2026-03-31).");
        }

        // A missing field gets a placeholder, so the rest is still validated and every problem named at once.
        var audit = new Audit
        {
            Id = id,
            Type = draft.Type ?? AuditType.Internal,
            Title = draft.Title?.Trim() ?? string.Empty,
            PlannedStart = draft.PlannedStart ?? default,
            PlannedEnd = draft.PlannedEnd ?? draft.PlannedStart ?? default,
            LeadAuditorUpn = draft.LeadAuditorUpn ?? string.Empty,
            Auditors = draft.Auditors ?? [],
            Scope = ControlCatalogue.Canonical(draft.Scope ?? []),
        };
        var errors = WithMissing(AuditValidator.Validate(audit, soa), missing);
        return errors.IsValid ? Outcome.Success(audit) : Outcome.Invalid<Audit>(errors);
    }

    /// <summary>
    /// Changes the plan of an audit: title (trimmed), dates, lead, team and scope (ids as the catalogue spells
    /// them), then validates the result, independence included. Refused with <see cref="RefusalCode.InvalidTransition"/>
    /// on the status field once the audit is Completed or Cancelled. An empty change changes nothing and
    /// validates nothing, so <paramref name="soa"/> is not read.
    /// </summary>
    public static Outcome<Audit> ChangePlan(Audit current, AuditPlanChange change, IEnumerable<SoaEntry> soa)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(soa);

        if (change.IsEmpty)
        {
            return Outcome.Success(current);
        }

        if (current.Status is AuditStatus.Completed or AuditStatus.Cancelled)
        {
            return Outcome.Refused<Audit>(new Refusal(
                RefusalCode.InvalidTransition,
                $"Audit {current.Id} is {current.Status}; its plan can no longer change.",
                new Dictionary<string, string[]>(StringComparer.Ordinal) { ["status"] = [$"The audit is {current.Status}."] }));
        }

        var changed = current with
        {
            Title = change.Title?.Trim() ?? current.Title,
            PlannedStart = change.PlannedStart ?? current.PlannedStart,
            PlannedEnd = change.PlannedEnd ?? current.PlannedEnd,
            LeadAuditorUpn = change.LeadAuditorUpn ?? current.LeadAuditorUpn,
            Auditors = change.Auditors ?? current.Auditors,
            Scope = change.Scope is null ? current.Scope : ControlCatalogue.Canonical(change.Scope),
        };
        var errors = AuditValidator.Validate(changed, soa);
        return errors.IsValid ? Outcome.Success(changed) : Outcome.Invalid<Audit>(errors);
    }

    /// <summary>
    /// Applies a PATCH in the order a person means it: the plan first, judged by the status the audit has now,
    /// then the status, so one request can correct the dates and start the audit, and a request that both edits
    /// and completes an audit in progress succeeds.
    /// </summary>
    public static Outcome<Audit> Change(Audit current, AuditPlanChange change, AuditStatus? status, IEnumerable<SoaEntry> soa, DateOnly today)
    {
        var outcome = ChangePlan(current, change, soa);
        return outcome.IsSuccess && status is { } to ? ChangeStatus(outcome.Value, to, today) : outcome;
    }

    public static IReadOnlyList<AuditStatus> AllowedNext(AuditStatus from) => from switch
    {
        AuditStatus.Planned => [AuditStatus.InProgress, AuditStatus.Cancelled],
        AuditStatus.InProgress => [AuditStatus.Completed, AuditStatus.Cancelled],
        _ => [],
    };

    /// <summary>
    /// Moves the audit to <paramref name="to"/>, recording the actual start or end on
    /// <paramref name="today"/> unless already recorded. Asking for the current status changes nothing.
    /// </summary>
    public static Outcome<Audit> ChangeStatus(Audit audit, AuditStatus to, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(audit);

        if (!Enum.IsDefined(to))
        {
            return Outcome.Refused<Audit>(RefusalCode.Invalid, "status", $"status must be one of {string.Join(", ", Enum.GetNames<AuditStatus>())}.");
        }

        if (to == audit.Status)
        {
            return Outcome.Success(audit);
        }

        if (!AllowedNext(audit.Status).Contains(to))
        {
            return Outcome.Refused<Audit>(RefusalCode.InvalidTransition, "status", RefusalReason(audit.Status, to));
        }

        return Outcome.Success(to switch
        {
            AuditStatus.InProgress => audit with { Status = to, ActualStart = audit.ActualStart ?? today },
            AuditStatus.Completed => audit with { Status = to, ActualEnd = audit.ActualEnd ?? today },
            _ => audit with { Status = to },
        });
    }

    /// <summary>
    /// The domain's errors, except where the request simply lacked the field: there the placeholder's error
    /// gives way to the message that says the field is required. Fields keep the order they were first named.
    /// </summary>
    private static ValidationErrors WithMissing(ValidationErrors errors, ValidationErrors missing)
    {
        if (missing.IsValid)
        {
            return errors;
        }

        var result = new ValidationErrors();
        foreach (var field in errors.Fields.Concat(missing.Fields).Distinct(StringComparer.Ordinal))
        {
            foreach (var message in missing.Has(field) ? missing.For(field) : errors.For(field))
            {
                result.Add(field, message);
            }
        }

        return result;
    }

    private static string RefusalReason(AuditStatus from, AuditStatus to) => from switch
    {
        AuditStatus.Completed => $"status cannot change from Completed to {to}: a completed audit is final; plan a follow-up audit instead.",
        AuditStatus.Cancelled => $"status cannot change from Cancelled to {to}: a cancelled audit is final; plan a new audit instead.",
        AuditStatus.Planned when to == AuditStatus.Completed => "status cannot change from Planned to Completed: start the audit (InProgress) first, so that its actual start is recorded.",
        _ => $"status cannot change from {from} to {to}; allowed next: {string.Join(", ", AllowedNext(from))}.",
    };
}
