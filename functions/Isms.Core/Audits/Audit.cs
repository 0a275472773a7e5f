namespace Isms.Core.Audits;

/// <summary>An audit of the programme: external, internal, follow-up or management review.</summary>
/// <remarks>
/// Planned dates are what the programme promised; actual dates are what happened, set when the audit
/// starts and completes, so that the coverage matrix can show both.
/// </remarks>
public sealed record Audit
{
    public required string Id { get; init; }

    public required AuditType Type { get; init; }

    public required string Title { get; init; }

    public required DateOnly PlannedStart { get; init; }

    public required DateOnly PlannedEnd { get; init; }

    public required string LeadAuditorUpn { get; init; }

    /// <summary>The other members of the audit team (the lead is not repeated here).</summary>
    public IReadOnlyList<string> Auditors { get; init; } = [];

    /// <summary>
    /// The Entra object id of each member of the team, by UPN as written above, from the directory when they were
    /// assigned; a member missing here (an audit planned before) is compared by UPN.
    /// </summary>
    public IReadOnlyDictionary<string, string> TeamObjectIds { get; init; } = new Dictionary<string, string>();

    /// <summary>The object id recorded for a member, if any.</summary>
    public string? ObjectIdOf(string upn) => ObjectIdOf(TeamObjectIds, upn);

    /// <summary>The object id a map of UPNs to object ids holds for <paramref name="upn"/>, whatever the case of the UPN.</summary>
    public static string? ObjectIdOf(IReadOnlyDictionary<string, string> objectIds, string upn) =>
        objectIds.FirstOrDefault(p => string.Equals(p.Key, upn, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The clause and control ids the audit covers ("4.1", "A.5.7").</summary>
    public IReadOnlyList<string> Scope { get; init; } = [];

    public AuditStatus Status { get; init; } = AuditStatus.Planned;

    public DateOnly? ActualStart { get; init; }

    public DateOnly? ActualEnd { get; init; }

    /// <summary>Past its planned end on <paramref name="today"/> and neither completed nor cancelled.</summary>
    public bool IsOverdue(DateOnly today) => Status is AuditStatus.Planned or AuditStatus.InProgress && PlannedEnd < today;

    /// <summary>The lead and the members, each once.</summary>
    public IEnumerable<string> Team => TeamOf(LeadAuditorUpn, Auditors);

    /// <summary>A lead and members as one team: blanks dropped, each person once whatever the case of their UPN.</summary>
    public static IEnumerable<string> TeamOf(string? leadAuditorUpn, IEnumerable<string>? auditors) =>
        new[] { leadAuditorUpn }.Concat(auditors ?? []).OfType<string>().Where(u => !string.IsNullOrWhiteSpace(u)).Distinct(StringComparer.OrdinalIgnoreCase);
}
