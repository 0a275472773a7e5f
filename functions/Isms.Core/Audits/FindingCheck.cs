namespace Isms.Core.Audits;

/// <summary>A later monitoring check recorded on a finding: when, whether it passed, what it measured, and the run it was.</summary>
public sealed record FindingCheck(DateTimeOffset At, bool Passed, string Note, string? Reference);
