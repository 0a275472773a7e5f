using Isms.Core.Audits;

namespace Isms.Core.Programme;

/// <summary>An auditor on an audit of an area they own (ISO/IEC 27001 clause 9.2: nobody audits their own area).</summary>
public sealed record IndependenceConflict(string AuditKey, string AuditorUpn, string ControlId)
{
    public string Message => $"{AuditorUpn} owns {ControlId} and so cannot audit it in {AuditKey}.";

    /// <summary>
    /// The conflicts on audits that are not finished, under the one independence rule; completed and cancelled
    /// audits are history. After staffing, only audits already started can have any: the programme never plans one.
    /// </summary>
    public static IReadOnlyList<IndependenceConflict> Find(IEnumerable<PlannedAudit> audits, AuditorIndependence independence)
    {
        ArgumentNullException.ThrowIfNull(audits);
        ArgumentNullException.ThrowIfNull(independence);
        return [.. audits
            .Where(a => a.Action != PlanAction.Cancel && a.Status is AuditStatus.Planned or AuditStatus.InProgress)
            .SelectMany(a => independence.Conflicts(Audit.TeamOf(a.LeadAuditorUpn, a.Auditors), a.Scope)
                .SelectMany(c => c.Owned.Select(id => new IndependenceConflict(a.Key, c.AuditorUpn, id))))];
    }
}
