using Isms.Core.CorrectiveActions;

namespace Isms.Core.Audits;

/// <summary>What an auditor found, linked to its audit and to the clauses or controls it concerns.</summary>
public sealed record Finding
{
    public required string Id { get; init; }

    public required string AuditId { get; init; }

    public required FindingType Type { get; init; }

    /// <summary>Clause and control ids ("6.1.2", "A.8.8"); at least one.</summary>
    public required IReadOnlyList<string> ControlIds { get; init; }

    public required string Description { get; init; }

    /// <summary>The UPN of the auditor who raised it.</summary>
    public required string RaisedBy { get; init; }

    public required DateTimeOffset RaisedAt { get; init; }

    /// <summary>
    /// Derived, never stored, so it cannot disagree with the actions: a nonconformity is closed once it has
    /// corrective actions and every one of them is closed; without any it is open, since clause 10.2 needs
    /// one. Observations and opportunities for improvement need no action, so nothing keeps them open.
    /// </summary>
    /// <param name="actions">This finding's corrective actions (others are ignored).</param>
    public FindingStatus Status(IEnumerable<CorrectiveAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (!Type.RequiresCorrectiveAction())
        {
            return FindingStatus.Closed;
        }

        var own = actions.Where(a => a.FindingId == Id).ToList();
        return Status(own.Count, own.Count(a => a.Status != CorrectiveActionStatus.Closed));
    }

    /// <summary>The same rule from counts, for callers that tallied this finding's actions rather than hold them.</summary>
    /// <param name="actions">How many corrective actions the finding has.</param>
    /// <param name="openActions">How many of them are not closed.</param>
    public FindingStatus Status(int actions, int openActions) =>
        Type.RequiresCorrectiveAction() && (actions == 0 || openActions > 0) ? FindingStatus.Open : FindingStatus.Closed;
}
