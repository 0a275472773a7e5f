using Isms.Functions.Registers;

namespace Isms.Functions.Pages.Audits;

/// <summary>Everything the audit page shows, read once by <see cref="AuditPages"/>.</summary>
/// <param name="Audit">The audit as it is now.</param>
/// <param name="Findings">The findings raised in it, each with its corrective actions.</param>
/// <param name="MajorDueDays">The policy's days from a major nonconformity to its action's default due date.</param>
/// <param name="MinorDueDays">The same for a minor nonconformity.</param>
public sealed record AuditPageModel(AuditResponse Audit, IReadOnlyList<FindingWithActions> Findings, int MajorDueDays, int MinorDueDays);

/// <summary>A finding with its corrective actions as they are now (an action that could not be read is left out).</summary>
public sealed record FindingWithActions(FindingResponse Finding, IReadOnlyList<CorrectiveActionResponse> Actions);
