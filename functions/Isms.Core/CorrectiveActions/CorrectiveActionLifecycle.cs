using System.Diagnostics.CodeAnalysis;
using Isms.Core.Audits;
using Isms.Core.Time;
using Isms.Core.Validation;

namespace Isms.Core.CorrectiveActions;

/// <summary>
/// Every change to a corrective action, with the gates of clause 10.2: no Implemented without a root cause
/// and an action plan; Closed only by an effective review from someone other than the owner; an
/// ineffective review reopens the action with a new due date. Each method returns the new state or a
/// refusal naming the field; none mutates its input. Who may call which method is the HTTP layer's
/// decision.
/// </summary>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "One instance API for every change; callers should not need to know which rules read the clock or the policy.")]
public sealed class CorrectiveActionLifecycle(CorrectiveActionPolicy policy, OrganisationClock clock)
{
    /// <summary>Snooze reasons shorter than this say nothing ("busy"); the reason is kept as a record.</summary>
    public const int MinSnoozeReasonLength = 10;

    private readonly CorrectiveActionPolicy _policy = policy ?? throw new ArgumentNullException(nameof(policy));
    private readonly OrganisationClock _clock = clock ?? throw new ArgumentNullException(nameof(clock));

    /// <summary>
    /// The policy's due date for a finding: major or minor days from the day it was raised. The clock starts
    /// at the finding, not at the action, so a late-created action does not buy extra time.
    /// </summary>
    public DateOnly DefaultDueDate(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var raisedOn = _clock.DateOf(finding.RaisedAt);
        return raisedOn.AddDays(finding.Type == FindingType.MajorNonconformity ? _policy.MajorDueDays : _policy.MinorDueDays);
    }

    /// <summary>
    /// Opens a corrective action on a nonconformity, due on <paramref name="dueDate"/> or the policy default; or an
    /// improvement action on an opportunity for improvement (clause 10.1), due on the date given or in the policy's
    /// minor-nonconformity days from today. An observation takes neither.
    /// </summary>
    public Outcome<CorrectiveAction> Create(string id, Finding finding, string ownerUpn, string correction, DateOnly? dueDate = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(finding);

        var improvement = finding.Type == FindingType.OpportunityForImprovement;
        if (!finding.Type.RequiresCorrectiveAction() && !improvement)
        {
            return Outcome.Refused<CorrectiveAction>(RefusalCode.Invalid, "findingId",
                $"findingId '{finding.Id}' is an {finding.Type}; only nonconformities take corrective actions, and opportunities for improvement improvement actions.");
        }

        var today = _clock.Today;
        var errors = new ValidationErrors();
        errors.Upn("ownerUpn", ownerUpn, required: true);
        errors.Required("correction", correction).MaxLength("correction", correction, FieldLimits.LongText);
        if (dueDate is { } due && due < today)
        {
            errors.Add("dueDate", $"dueDate {due:yyyy-MM-dd} is in the past; choose today ({today:yyyy-MM-dd}) or later, or leave it out for the policy default.");
        }

        if (!errors.IsValid)
        {
            return Outcome.Invalid<CorrectiveAction>(errors);
        }

        return Outcome.Success(new CorrectiveAction
        {
            Id = id,
            Kind = improvement ? ActionKind.Improvement : ActionKind.Corrective,
            FindingId = finding.Id,
            OwnerUpn = ownerUpn,
            Correction = correction,
            DueDate = dueDate ?? (improvement ? today.AddDays(_policy.MinorDueDays) : DefaultDueDate(finding)),
            CreatedAt = _clock.Now,
        });
    }

    /// <summary>
    /// Opens an action that answers a record other than a finding (<paramref name="origin"/>, such as
    /// <c>risks/RISK-…</c>): a risk's treatment, a management review's decision, a gap to close. It is due on
    /// <paramref name="dueDate"/> or, without one, in the policy's minor-nonconformity days.
    /// </summary>
    public Outcome<CorrectiveAction> CreateFor(string id, ActionKind kind, string origin, string ownerUpn, string description, DateOnly? dueDate = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(origin);
        if (kind is ActionKind.Corrective or ActionKind.Improvement || !Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Corrective and improvement actions answer a finding: use Create.");
        }

        var today = _clock.Today;
        var errors = new ValidationErrors();
        errors.Upn("ownerUpn", ownerUpn, required: true);
        errors.Required("description", description).MaxLength("description", description, FieldLimits.LongText);
        if (dueDate is { } due && due < today)
        {
            errors.Add("dueDate", $"dueDate {due:yyyy-MM-dd} is in the past; choose today ({today:yyyy-MM-dd}) or later, or leave it out for {_policy.MinorDueDays} days from today.");
        }

        if (!errors.IsValid)
        {
            return Outcome.Invalid<CorrectiveAction>(errors);
        }

        return Outcome.Success(new CorrectiveAction
        {
            Id = id,
            Kind = kind,
            Origin = origin,
            OwnerUpn = ownerUpn,
            Correction = description,
            DueDate = dueDate ?? today.AddDays(_policy.MinorDueDays),
            CreatedAt = _clock.Now,
        });
    }

    /// <summary>
    /// Applies a PATCH in the order a person means it: text first, then the snooze, then the status, so
    /// one request can fill in the root cause and action plan and mark the action Implemented.
    /// </summary>
    public Outcome<CorrectiveAction> Apply(CorrectiveAction action, CorrectiveActionPatch patch)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(patch);

        var outcome = Outcome.Success(action);
        if (patch.Correction is not null || patch.RootCause is not null || patch.ActionPlan is not null)
        {
            outcome = UpdateDetails(action, patch.Correction, patch.RootCause, patch.ActionPlan);
        }

        if (outcome.IsSuccess && (patch.SnoozeUntil is not null || patch.SnoozeReason is not null))
        {
            outcome = patch.SnoozeUntil is { } until
                ? Snooze(outcome.Value, until, patch.SnoozeReason)
                : Outcome.Refused<CorrectiveAction>(RefusalCode.Invalid, "snoozeUntil", "snoozeUntil is required with snoozeReason: say until which date reminders should pause.");
        }

        if (outcome.IsSuccess && patch.Status is { } status)
        {
            outcome = ChangeStatus(outcome.Value, status);
        }

        return outcome;
    }

    /// <summary>Changes the correction, root cause or action plan; a null argument leaves that field as it is.</summary>
    public Outcome<CorrectiveAction> UpdateDetails(CorrectiveAction action, string? correction, string? rootCause, string? actionPlan)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.Status == CorrectiveActionStatus.Closed)
        {
            return ClosedIsFinal<CorrectiveAction>("status");
        }

        var updated = action with
        {
            Correction = correction ?? action.Correction,
            RootCause = rootCause ?? action.RootCause,
            ActionPlan = actionPlan ?? action.ActionPlan,
        };

        var errors = new ValidationErrors();
        errors.Required("correction", updated.Correction).MaxLength("correction", updated.Correction, FieldLimits.LongText);
        errors.MaxLength("rootCause", updated.RootCause, FieldLimits.LongText);
        errors.MaxLength("actionPlan", updated.ActionPlan, FieldLimits.LongText);
        if (!errors.IsValid)
        {
            return Outcome.Invalid<CorrectiveAction>(errors);
        }

        // An Implemented action must keep what made it Implemented.
        if (updated.Status == CorrectiveActionStatus.Implemented && ImplementedGate(updated) is { } refusal)
        {
            return Outcome.Refused<CorrectiveAction>(refusal);
        }

        return Outcome.Success(updated);
    }

    /// <summary>Hands the action to another owner, e.g. when the owner leaves.</summary>
    public Outcome<CorrectiveAction> Reassign(CorrectiveAction action, string ownerUpn, string? ownerObjectId = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.Status == CorrectiveActionStatus.Closed)
        {
            return ClosedIsFinal<CorrectiveAction>("ownerUpn");
        }

        var errors = new ValidationErrors().Upn("ownerUpn", ownerUpn, required: true);
        return errors.IsValid
            ? Outcome.Success(action with { OwnerUpn = ownerUpn, OwnerObjectId = ownerObjectId })
            : Outcome.Invalid<CorrectiveAction>(errors);
    }

    /// <summary>Moves the due date; like at creation, it cannot be set in the past.</summary>
    public Outcome<CorrectiveAction> Reschedule(CorrectiveAction action, DateOnly dueDate)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.Status == CorrectiveActionStatus.Closed)
        {
            return ClosedIsFinal<CorrectiveAction>("dueDate");
        }

        var today = _clock.Today;
        return dueDate < today
            ? Outcome.Refused<CorrectiveAction>(RefusalCode.Invalid, "dueDate", $"dueDate {dueDate:yyyy-MM-dd} is in the past; choose today ({today:yyyy-MM-dd}) or later.")
            : Outcome.Success(action with { DueDate = dueDate });
    }

    /// <summary>
    /// Moves between Open, InProgress and Implemented. Implemented needs a root cause and an action plan.
    /// Closed is refused here: it is reached only through <see cref="Review"/>. Asking for the current
    /// status changes nothing.
    /// </summary>
    public Outcome<CorrectiveAction> ChangeStatus(CorrectiveAction action, CorrectiveActionStatus to)
    {
        ArgumentNullException.ThrowIfNull(action);

        if (!Enum.IsDefined(to))
        {
            return Outcome.Refused<CorrectiveAction>(RefusalCode.Invalid, "status",
                $"status must be one of {string.Join(", ", Enum.GetNames<CorrectiveActionStatus>())}.");
        }

        if (to == action.Status)
        {
            return Outcome.Success(action);
        }

        if (action.Status == CorrectiveActionStatus.Closed)
        {
            return ClosedIsFinal<CorrectiveAction>("status");
        }

        if (to == CorrectiveActionStatus.Closed)
        {
            return Outcome.Refused<CorrectiveAction>(RefusalCode.GateNotMet, "status",
                "status cannot be set to Closed directly: once the action is Implemented, someone other than the owner records an effectiveness review, and an effective review closes it.");
        }

        if (to == CorrectiveActionStatus.Implemented && ImplementedGate(action) is { } refusal)
        {
            return Outcome.Refused<CorrectiveAction>(refusal);
        }

        return Outcome.Success(action with { Status = to });
    }

    /// <summary>
    /// Pauses reminders until <paramref name="until"/> (exclusive) for a written reason. The due date and
    /// the overdue count do not move: a snooze silences the chase, it does not extend the deadline.
    /// </summary>
    public Outcome<CorrectiveAction> Snooze(CorrectiveAction action, DateOnly until, string? reason)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.Status == CorrectiveActionStatus.Closed)
        {
            return ClosedIsFinal<CorrectiveAction>("snoozeUntil");
        }

        var today = _clock.Today;
        var latest = today.AddDays(_policy.MaxSnoozeDays);
        var errors = new ValidationErrors();
        if (until <= today)
        {
            errors.Add("snoozeUntil", $"snoozeUntil {until:yyyy-MM-dd} must be in the future (after {today:yyyy-MM-dd}).");
        }
        else if (until > latest)
        {
            errors.Add("snoozeUntil", $"snoozeUntil {until:yyyy-MM-dd} is more than {_policy.MaxSnoozeDays} days ahead; the latest allowed is {latest:yyyy-MM-dd}. For a longer delay, agree a new due date.");
        }

        var trimmed = reason?.Trim() ?? string.Empty;
        if (trimmed.Length < MinSnoozeReasonLength)
        {
            errors.Add("snoozeReason", $"snoozeReason must say why the reminders should pause, in at least {MinSnoozeReasonLength} characters.");
        }

        errors.MaxLength("snoozeReason", trimmed, FieldLimits.SnoozeReason);
        return errors.IsValid
            ? Outcome.Success(action with { SnoozeUntil = until, SnoozeReason = trimmed })
            : Outcome.Invalid<CorrectiveAction>(errors);
    }

    /// <summary>Resumes reminders at once.</summary>
    public Outcome<CorrectiveAction> Unsnooze(CorrectiveAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Outcome.Success(action with { SnoozeUntil = null, SnoozeReason = null });
    }

    /// <summary>
    /// Records an effectiveness review of an Implemented action. Effective closes it; ineffective reopens
    /// it, due <see cref="CorrectiveActionPolicy.ReopenDueDays"/> days from today, with the snooze cleared
    /// so that the chase starts again. The owner cannot review their own action.
    /// </summary>
    public Outcome<CorrectiveAction> Review(CorrectiveAction action, string reviewerUpn, bool effective, string? notes, string? reviewerObjectId = null)
    {
        ArgumentNullException.ThrowIfNull(action);

        if (action.Status == CorrectiveActionStatus.Closed)
        {
            return Outcome.Refused<CorrectiveAction>(RefusalCode.InvalidTransition, "status",
                "status is Closed: the action was already found effective. If the problem is back, raise a new finding.");
        }

        if (action.Status != CorrectiveActionStatus.Implemented)
        {
            return Outcome.Refused<CorrectiveAction>(RefusalCode.GateNotMet, "status",
                $"status is {action.Status}: an effectiveness review needs the action to be Implemented first, which the owner sets once the root cause and action plan are recorded and carried out.");
        }

        var errors = new ValidationErrors().Upn("reviewerUpn", reviewerUpn, required: true);
        if (!effective && string.IsNullOrWhiteSpace(notes))
        {
            errors.Add("notes", "notes are required when the action is not effective: tell the owner what still fails.");
        }

        errors.MaxLength("notes", notes, FieldLimits.LongText);
        if (!errors.IsValid)
        {
            return Outcome.Invalid<CorrectiveAction>(errors);
        }

        if (UserPrincipalName.AreSamePerson(reviewerUpn, reviewerObjectId, action.OwnerUpn, action.OwnerObjectId))
        {
            return Outcome.Refused<CorrectiveAction>(RefusalCode.IndependenceRequired, "reviewerUpn",
                $"reviewerUpn {reviewerUpn} owns this action; its effectiveness must be reviewed by someone other than the owner, such as an auditor.");
        }

        var now = _clock.Now;
        var reviewed = action with
        {
            EffectivenessReviews = [.. action.EffectivenessReviews, new EffectivenessReview(reviewerUpn, now, effective, notes) { ReviewerObjectId = reviewerObjectId }],
        };

        return Outcome.Success(effective
            ? reviewed with { Status = CorrectiveActionStatus.Closed, ClosedAt = now }
            : reviewed with
            {
                Status = CorrectiveActionStatus.Open,
                DueDate = _clock.Today.AddDays(_policy.ReopenDueDays),
                SnoozeUntil = null,
                SnoozeReason = null,
                ClosedAt = null,
            });
    }

    /// <summary>
    /// What an action still needs before it can be Implemented (clause 10.2 b and c), per field, in words; empty when
    /// nothing. The pages show it beside the fields before anyone tries.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ImplementedNeeds(string? rootCause, string? actionPlan, ActionKind kind = ActionKind.Corrective)
    {
        var needs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (kind == ActionKind.Corrective && string.IsNullOrWhiteSpace(rootCause))
        {
            needs["rootCause"] = "rootCause is required before the action can be Implemented: record why the nonconformity happened (clause 10.2 b).";
        }

        if (string.IsNullOrWhiteSpace(actionPlan))
        {
            needs["actionPlan"] = kind == ActionKind.Corrective
                ? "actionPlan is required before the action can be Implemented: record what was done to remove the cause (clause 10.2 c)."
                : "actionPlan is required before the action can be Implemented: record what was done.";
        }

        return needs;
    }

    private static Refusal? ImplementedGate(CorrectiveAction action)
    {
        var errors = new ValidationErrors();
        foreach (var (field, message) in ImplementedNeeds(action.RootCause, action.ActionPlan, action.Kind))
        {
            errors.Add(field, message);
        }

        return errors.IsValid ? null : Refusal.FromErrors(errors) with { Code = RefusalCode.GateNotMet };
    }

    private static Outcome<T> ClosedIsFinal<T>(string field)
        where T : notnull =>
        Outcome.Refused<T>(RefusalCode.InvalidTransition, field,
            "status is Closed: a closed corrective action is a record and cannot change. If the problem is back, raise a new finding.");
}
