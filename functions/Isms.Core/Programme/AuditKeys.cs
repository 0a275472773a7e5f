using System.Globalization;
using Isms.Core.Audits;

namespace Isms.Core.Programme;

/// <summary>
/// Deterministic keys of planned audits and notices. A key is derived only from the cycle, the type and
/// the period, so planning any number of times yields the same keys and conditional inserts stay idempotent.
/// Keys contain only letters, digits, '-' and ':' so they are valid Table Storage row keys.
/// </summary>
public static class AuditKeys
{
    public static string Cycle(DateOnly decisionDate) =>
        "cycle-" + decisionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Surveillance(string cycleKey, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{cycleKey}:{AuditType.Surveillance}:{number}");

    public static string Recertification(string cycleKey) => $"{cycleKey}:{AuditType.Recertification}";

    /// <summary>Internal audit of a period of a cycle year, e.g. "cycle-2026-03-15:Internal:Y1Q2".</summary>
    public static string Internal(string cycleKey, int cycleYear, int period, int periodsPerYear) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{cycleKey}:{AuditType.Internal}:Y{cycleYear}{(periodsPerYear == 4 ? "Q" : "P")}{period}");

    public static string ManagementReview(string cycleKey, int cycleYear) =>
        string.Create(CultureInfo.InvariantCulture, $"{cycleKey}:{AuditType.ManagementReview}:Y{cycleYear}");

    /// <summary>Follow-up audits belong to a finding, not to a cycle.</summary>
    public static string FollowUp(string findingId) => $"finding-{findingId}:{AuditType.FollowUp}";

    public static string Notice(string auditKey, int daysBefore) =>
        string.Create(CultureInfo.InvariantCulture, $"{auditKey}:notice-{daysBefore}");

    public static string Overdue(string auditKey) => $"{auditKey}:overdue";

    /// <summary>Whether an audit id is a key the programme derived for some cycle.</summary>
    public static bool IsCycleKey(string auditId) => auditId.StartsWith("cycle-", StringComparison.Ordinal);

    public static bool BelongsTo(string auditId, string cycleKey) =>
        auditId.StartsWith(cycleKey + ":", StringComparison.Ordinal);
}
