using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.CorrectiveActions;
using Isms.Core.Evidence;
using Isms.Core.GapAnalysis;
using Isms.Core.Risks;

namespace Isms.Core.Snapshots;

// The sections and rows of SnapshotManifest (format isms-snapshot/1). Like the manifest itself they are the sealed
// format: a member added, renamed or retyped here would change what every new manifest hashes and stop old ones
// reading. The headline is HeadlineFigures and the readiness section ReadinessReport.

/// <summary>The snapshot this one follows in the chain, and the SHA-256 that snapshot was sealed with.</summary>
public sealed record ManifestLink(string Id, string Sha256);

/// <summary>One clause or control as the SoA stood; <paramref name="Decided"/> is false for an Annex A control nobody has set yet.</summary>
public sealed record ManifestControl(
    string ControlId,
    string Title,
    ControlTheme Theme,
    bool IsAnnexA,
    bool Decided,
    bool Applicable,
    string? Justification,
    ImplementationStatus ImplementationStatus,
    string? OwnerUpn,
    ReviewFrequency ReviewFrequency,
    RiskRating RiskRating);

/// <summary>Open corrective actions, and those closed within the last <paramref name="WindowDays"/> days.</summary>
public sealed record ManifestCorrectiveActions(
    IReadOnlyList<ManifestCorrectiveAction> Open,
    IReadOnlyList<ManifestCorrectiveAction> RecentlyClosed,
    int WindowDays);

/// <summary>One corrective action with its age and lateness on the day the snapshot was taken.</summary>
public sealed record ManifestCorrectiveAction(
    string Id,
    string FindingId,
    string OwnerUpn,
    CorrectiveActionStatus Status,
    DateOnly DueDate,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt,
    int AgeDays,
    int DaysOverdue);

/// <summary>One stored evidence file: what it speaks for, the hash it was stored with, and where its bytes are.</summary>
/// <param name="Id">The evidence record's id.</param>
/// <param name="Version">1 for the first upload, then 2, 3...</param>
/// <param name="ControlIds">The clauses and controls the evidence speaks for.</param>
/// <param name="EffectiveDate">The date the evidence speaks for (not the upload date).</param>
/// <param name="Sha256">Lower-case hex SHA-256 measured when the file was stored.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Container">The blob container holding the file.</param>
/// <param name="BlobName">The blob's name within <paramref name="Container"/>.</param>
public sealed record ManifestEvidence(
    string Id,
    int Version,
    IReadOnlyList<string> ControlIds,
    DateOnly EffectiveDate,
    string Sha256,
    long Size,
    string FileName,
    string ContentType,
    string Container,
    string BlobName);

/// <summary>Open nonconformities, those closed within the window, and recent observations and opportunities.</summary>
public sealed record ManifestFindings(
    IReadOnlyList<ManifestFinding> Open,
    IReadOnlyList<ManifestFinding> RecentlyClosed,
    IReadOnlyList<ManifestFinding> RecentObservations,
    int WindowDays);

/// <summary>One finding with its age, how many corrective actions it has, and the day its last one closed.</summary>
/// <param name="AuditId">The audit it was raised in; null for a finding raised outside audits.</param>
public sealed record ManifestFinding(
    string Id,
    string? AuditId,
    FindingType Type,
    IReadOnlyList<string> ControlIds,
    string Description,
    DateTimeOffset RaisedAt,
    int AgeDays,
    int CorrectiveActions,
    DateOnly? ClosedOn)
{
    /// <summary>Where a finding raised outside audits came from; absent for one raised in an audit (as in isms-snapshot/1).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public FindingSource? Source { get; init; }

    /// <summary>The incident, complaint, review or check such a finding traces to.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Reference { get; init; }

    /// <summary>Where it was found, as people say it: "audit AUD-…" or "Incident INC-42".</summary>
    public string Origin() => Finding.DescribeOrigin(AuditId, Source ?? FindingSource.Audit, Reference);
}

/// <summary>Evidence freshness of one clause or applicable control, judged on its latest effective date.</summary>
public sealed record ManifestFreshness(
    string ControlId,
    ControlTheme Theme,
    EvidenceFreshnessState State,
    DateOnly? LatestEffectiveDate,
    DateOnly? CoveredUntil);

/// <summary>The certificate, the audits on record and how the internal audit programme covers the clauses and controls.</summary>
/// <param name="Controls">Clauses and applicable controls the coverage judges.</param>
/// <param name="OnTrack">Of those, how many are on track.</param>
public sealed record ManifestProgramme(
    ManifestCertification? Certification,
    string? CycleKey,
    int Controls,
    int OnTrack,
    IReadOnlyList<ManifestAudit> Audits,
    IReadOnlyList<ManifestCoverage> Coverage);

/// <summary>The certificate on record when the snapshot was taken.</summary>
public sealed record ManifestCertification(string CertificationBody, DateOnly CertificationDecisionDate, DateOnly ExpiryDate, string Scope);

/// <summary>One audit of the programme, planned or done.</summary>
public sealed record ManifestAudit(
    string Id,
    AuditType Type,
    string Title,
    AuditStatus Status,
    DateOnly PlannedStart,
    DateOnly PlannedEnd,
    string LeadAuditorUpn);

/// <summary>Where one clause or applicable control stands in the internal audit programme.</summary>
public sealed record ManifestCoverage(string ControlId, DateOnly? LastAuditedOn, DateOnly? NextPlannedOn, bool OnTrack, string? Reason);

// Added by isms-snapshot/2 (absent from /1 manifests, which read with these null).

/// <summary>The gap analysis of clauses 4 to 10 as it stood: counts per clause, and each requirement's current assessment.</summary>
public sealed record ManifestGapAnalysis(IReadOnlyList<ManifestGapClause> Clauses, IReadOnlyList<ManifestGapRequirement> Requirements);

/// <summary>One clause's requirements counted by their current assessment.</summary>
public sealed record ManifestGapClause(int Clause, string Name, int Met, int Partial, int NotMet, int NotAssessed);

/// <summary>One requirement's current assessment; <paramref name="Status"/> null when never assessed.</summary>
public sealed record ManifestGapRequirement(string RequirementId, string Clause, GapStatus? Status, string? Note, string? AssessedBy, DateTimeOffset? AssessedAt);

/// <summary>The risk register as it stood (6.1.2, 6.1.3, 8.2, 8.3): the matrix and criteria in force, and every risk.</summary>
public sealed record ManifestRisks(IReadOnlyList<string> Likelihoods, IReadOnlyList<string> Impacts, int AcceptanceCriteria, IReadOnlyList<ManifestRisk> Risks);

/// <summary>One risk: its assessment, treatment, and the decisions recorded on its residual risk.</summary>
public sealed record ManifestRisk(
    string Id,
    string Title,
    string Asset,
    string OwnerUpn,
    int Likelihood,
    int Impact,
    RiskTreatmentOption? Option,
    IReadOnlyList<string> ControlIds,
    int ResidualLikelihood,
    int ResidualImpact,
    DateOnly ReviewDate,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    string? AcceptedBy,
    DateTimeOffset? AcceptedAt);

/// <summary>The last management review completed when the snapshot was taken (9.3): who attended, the minutes, the decisions and the output actions.</summary>
public sealed record ManifestManagementReview(
    string Id,
    DateOnly PlannedDate,
    DateOnly? HeldOn,
    DateTimeOffset? CompletedAt,
    string? CompletedBy,
    IReadOnlyList<ManifestReviewAttendee> Attendees,
    string? Minutes,
    IReadOnlyList<ManifestReviewDecision> Decisions,
    IReadOnlyList<ManifestReviewAction> OutputActions);

/// <summary>One attendee of a management review, and whether they are top management.</summary>
public sealed record ManifestReviewAttendee(string Upn, bool TopManagement);

/// <summary>One decision of a management review: Improvement, ChangeToIsms or Resources, and its words.</summary>
public sealed record ManifestReviewDecision(string Kind, string Text);

/// <summary>One output action of a management review and where it stood.</summary>
public sealed record ManifestReviewAction(string Id, string OwnerUpn, string Description, DateOnly DueDate, CorrectiveActionStatus Status);

/// <summary>
/// Acknowledgement and training as they stood (5.2, 7.2, 7.3, 7.5): completion overall, per document or course and per
/// audience group, and who was overdue. The records behind the figures follow it as <c>peopleRecords</c>.
/// </summary>
public sealed record ManifestPeople(
    DateOnly AsOf,
    int People,
    ManifestCompletion Acknowledgement,
    ManifestCompletion Training,
    IReadOnlyList<ManifestPeopleSubject> Subjects,
    IReadOnlyList<ManifestPeopleGroup> Groups,
    IReadOnlyList<string> OverduePeople);

/// <summary>People asked, and how many had done it, still owed it, or were overdue.</summary>
public sealed record ManifestCompletion(int Required, int Done, int Owed, int Overdue);

/// <summary>One document (Acknowledgement) or course (Training) and its figures.</summary>
public sealed record ManifestPeopleSubject(string Kind, string SubjectId, string Title, ManifestCompletion Figures);

/// <summary>One Entra group of an audience and the figures of its people.</summary>
public sealed record ManifestPeopleGroup(string GroupId, int People, ManifestCompletion Acknowledgement, ManifestCompletion Training);

/// <summary>One person's record of one requirement as it stood, leavers included (their state is NoLongerRequired).</summary>
public sealed record ManifestPersonRecord(
    string Upn,
    string Kind,
    string SubjectId,
    string? Version,
    string State,
    DateOnly RequiredSince,
    DateOnly DueDate,
    DateOnly? DoneOn,
    string? DoneVersion,
    string? Source,
    DateOnly? LeftAudienceOn);

/// <summary>
/// One evidence collector as it stood: its latest run (its outcome and summary) and the raw evidence its last successful
/// collection filed; a control with such evidence stays fresh while the collector collects.
/// </summary>
/// <param name="Outcome">Passed, Failed or Error (the latest run's).</param>
/// <param name="EvidenceVersion">The version of <paramref name="EvidenceId"/> the last collection filed; null when none has.</param>
public sealed record ManifestCollector(
    string Collector,
    string Title,
    IReadOnlyList<string> ControlIds,
    DateTimeOffset LastRunAt,
    string Outcome,
    string Summary,
    DateTimeOffset? LastCollectedAt,
    string? EvidenceId,
    int? EvidenceVersion,
    string? Sha256);
