using Isms.Core.Audits;

namespace Isms.Core.Programme;

/// <summary>What the caller must do with a planned audit in the register.</summary>
public enum PlanAction
{
    /// <summary>No audit with this key exists: insert it (conditional insert on the key).</summary>
    Create,

    /// <summary>Exists, not started, and its dates, scope or auditors changed: update it.</summary>
    Update,

    /// <summary>Exists, not started, nothing to change.</summary>
    Keep,

    /// <summary>Started, completed or cancelled: history, never changed by the programme.</summary>
    Locked,

    /// <summary>Exists, not started, and no longer needed (superseded cycle, empty scope): cancel it.</summary>
    Cancel,
}

/// <summary>One audit of the programme as it should be in the register after this run.</summary>
public sealed record PlannedAudit(
    string Key,
    AuditType Type,
    string Title,
    DateWindow Target,
    DateOnly PlannedStart,
    DateOnly PlannedEnd,
    IReadOnlyList<string> Scope,
    string? LeadAuditorUpn,
    IReadOnlyList<string> Auditors,
    AuditStatus Status,
    PlanAction Action)
{
    /// <summary>Whether the planned dates meet the target window.</summary>
    public bool WithinTarget => Target.Contains(PlannedStart, PlannedEnd);

    /// <summary>Whether this is the same as a recorded audit in everything the programme controls.</summary>
    public bool SameAs(RecordedAudit recorded) =>
        recorded.Start == PlannedStart
        && recorded.End == PlannedEnd
        && recorded.Scope.SequenceEqual(Scope, StringComparer.OrdinalIgnoreCase)
        && string.Equals(recorded.LeadAuditorUpn, LeadAuditorUpn, StringComparison.OrdinalIgnoreCase)
        && recorded.Auditors.SequenceEqual(Auditors, StringComparer.OrdinalIgnoreCase);

    /// <summary>The audit to insert for <see cref="PlanAction.Create"/>: the key is its id, no lead is a blank lead.</summary>
    public Audit ToAudit() => new()
    {
        Id = Key,
        Type = Type,
        Title = Title,
        PlannedStart = PlannedStart,
        PlannedEnd = PlannedEnd,
        LeadAuditorUpn = LeadAuditorUpn ?? string.Empty,
        Auditors = Auditors,
        Scope = Scope,
    };

    /// <summary>
    /// <paramref name="current"/> moved to this plan for <see cref="PlanAction.Update"/>: title, dates, scope and
    /// auditors as planned (no lead is a blank lead, so one the assigner took off leaves the register too);
    /// everything else as recorded.
    /// </summary>
    public Audit ApplyTo(Audit current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current with
        {
            Title = Title,
            PlannedStart = PlannedStart,
            PlannedEnd = PlannedEnd,
            Scope = Scope,
            LeadAuditorUpn = LeadAuditorUpn ?? string.Empty,
            Auditors = Auditors,
        };
    }

    /// <summary>The audit as the register holds it once this plan is applied (cancelled when Action is Cancel).</summary>
    public RecordedAudit ToRecorded() =>
        new(Key, Type, PlannedStart, PlannedEnd, Action == PlanAction.Cancel ? AuditStatus.Cancelled : Status, Scope, LeadAuditorUpn, Auditors);
}
