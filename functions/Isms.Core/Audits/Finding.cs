using Isms.Core.CorrectiveActions;

namespace Isms.Core.Audits;

/// <summary>
/// A nonconformity, observation or opportunity for improvement, linked to the clauses or controls it concerns: raised
/// by an auditor in an audit, or outside any audit from an incident, monitoring, a complaint or a management review.
/// </summary>
public sealed record Finding
{
    public required string Id { get; init; }

    /// <summary>The audit it was raised in; null for a finding raised outside audits (see <see cref="Source"/>).</summary>
    public string? AuditId { get; init; }

    /// <summary>Where it came from: <see cref="FindingSource.Audit"/> for every finding raised in an audit.</summary>
    public FindingSource Source { get; init; } = FindingSource.Audit;

    /// <summary>What it traces to outside audits: the incident number, the complaint, the review or the monitoring check.</summary>
    public string? Reference { get; init; }

    public required FindingType Type { get; init; }

    /// <summary>Clause and control ids ("6.1.2", "A.8.8"); at least one.</summary>
    public required IReadOnlyList<string> ControlIds { get; init; }

    public required string Description { get; init; }

    /// <summary>The UPN of the person who raised it: the auditor in an audit.</summary>
    public required string RaisedBy { get; init; }

    public required DateTimeOffset RaisedAt { get; init; }

    /// <summary>
    /// For a nonconformity raised by monitoring: the later checks recorded on it (a collector's passing run), oldest
    /// first. They do not close it: clause 10.2 still wants its corrective action.
    /// </summary>
    public IReadOnlyList<FindingCheck> Checks { get; init; } = [];

    /// <summary>Where it was found, as people say it: "audit AUD-…", or "Incident INC-42" for one raised outside audits.</summary>
    public string Origin() => DescribeOrigin(AuditId, Source, Reference);

    /// <summary>The one wording of where a finding was found, for the records that copy a finding's fields.</summary>
    public static string DescribeOrigin(string? auditId, FindingSource source, string? reference) =>
        auditId is not null ? $"audit {auditId}"
        : string.IsNullOrWhiteSpace(reference) ? Describe(source)
        : $"{Describe(source)} {reference}";

    /// <summary>A source as people say it: "Management review", not "ManagementReview".</summary>
    public static string Describe(FindingSource source) => source switch
    {
        FindingSource.ManagementReview => "Management review",
        _ => source.ToString(),
    };

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
