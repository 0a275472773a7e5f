using Isms.Core.Audits;
using Isms.Core.Time;
using Isms.Core.Programme;
using Microsoft.Extensions.Time.Testing;

namespace Isms.Core.Tests.Programme;

internal static class ProgrammeFixtures
{
    public static readonly DateOnly Decision = new(2026, 3, 15);
    public static readonly DateOnly Expiry = new(2029, 3, 14);
    public static readonly CertificationCycle Cycle = new(Decision, Expiry);

    public static RecordedAudit Audit(
        string id,
        AuditType type,
        DateOnly start,
        DateOnly end,
        AuditStatus status = AuditStatus.Completed,
        IReadOnlyList<string>? scope = null,
        string? lead = null) =>
        new(id, type, start, end, status, scope ?? [], lead, []);

    public static RecordedAudit Stage2Before(DateOnly decision) =>
        Audit("stage2", AuditType.Stage2, decision.AddDays(-30), decision.AddDays(-28));

    public static OrganisationClock At(DateOnly day) =>
        OrganisationClock.Utc(new FakeTimeProvider(new DateTimeOffset(day.ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero)));

    /// <summary>The register after a plan is applied, as ScheduleAudits would leave it.</summary>
    public static List<RecordedAudit> Applied(IEnumerable<RecordedAudit> register, IEnumerable<PlannedAudit> plan)
    {
        var byId = register.ToDictionary(a => a.Id);
        foreach (var audit in plan.Where(a => a.Action is PlanAction.Create or PlanAction.Update or PlanAction.Cancel))
        {
            byId[audit.Key] = audit.ToRecorded();
        }

        return byId.Values.ToList();
    }
}
