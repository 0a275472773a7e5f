using System.Globalization;
using System.Text.Json.Serialization;

namespace Isms.Core.People;

/// <summary>What kind of documented information (7.5) a document is.</summary>
public enum DocumentKind
{
    Policy,
    Procedure,
    Standard,
    Record,
}

/// <summary>Where a version stands: drafted (uploaded, not approved), published (the approved current one), or superseded by a later one.</summary>
public enum DocumentVersionStatus
{
    Draft,
    Published,
    Superseded,
}

/// <summary>The approval of a version by someone other than its author (7.5.2 c): who, in which role, when.</summary>
public sealed record DocumentApproval(string ApproverUpn, string? ApproverObjectId, string ApproverRole, DateTimeOffset ApprovedAt);

/// <summary>
/// A periodic review of a document in force (7.5.2, A.5.1: policies reviewed at planned intervals): who reviewed it, in
/// which role, on which day, what they concluded, and the review date it set. Approving a new version is a review too
/// and is recorded on the version.
/// </summary>
public sealed record DocumentReview(string ReviewerUpn, string? ReviewerObjectId, string ReviewerRole, DateTimeOffset ReviewedAt, string Notes, DateOnly NextReviewDate);

/// <summary>
/// One version of a document: the file (kept as evidence, WORM, with its SHA-256), what changed, who uploaded it (its
/// author) and, once approved, the approval that published it.
/// </summary>
public sealed record DocumentVersion
{
    public required int Major { get; init; }

    public required int Minor { get; init; }

    [JsonIgnore]
    public string Number => Label(Major, Minor);

    public required string EvidenceId { get; init; }

    public required string FileName { get; init; }

    public required string Sha256 { get; init; }

    public required string ChangeSummary { get; init; }

    public required string AuthorUpn { get; init; }

    public string? AuthorObjectId { get; init; }

    public required DateTimeOffset UploadedAt { get; init; }

    public DocumentApproval? Approval { get; init; }

    public DocumentVersionStatus Status { get; init; } = DocumentVersionStatus.Draft;

    public static string Label(int major, int minor) => string.Create(CultureInfo.InvariantCulture, $"{major}.{minor}");
}

/// <summary>
/// A policy, procedure, standard or record the ISMS keeps (7.5; A.5.1): the clauses and controls it serves, its owner,
/// classification and review frequency, the Entra groups it is for, whether they must acknowledge it, and its versions.
/// Change it through <see cref="DocumentRules"/>.
/// </summary>
public sealed record PolicyDocument
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required DocumentKind Kind { get; init; }

    public IReadOnlyList<string> ControlIds { get; init; } = [];

    public required string OwnerUpn { get; init; }

    public string? OwnerObjectId { get; init; }

    /// <summary>Public, Internal, Confidential or Restricted; the organisation's own scheme (A.5.12) is free text.</summary>
    public string Classification { get; init; } = "Internal";

    /// <summary>How often, in months, the document is reviewed; the review date follows each publication.</summary>
    public required int ReviewFrequencyMonths { get; init; }

    public IReadOnlyList<string> AudienceGroupIds { get; init; } = [];

    public bool RequiresAcknowledgement { get; init; }

    public IReadOnlyList<DocumentVersion> Versions { get; init; } = [];

    /// <summary>When the document is next due for review: the last publication or review plus the frequency; null until published.</summary>
    public DateOnly? NextReviewDate { get; init; }

    /// <summary>The reviews that kept the version in force, oldest first.</summary>
    public IReadOnlyList<DocumentReview> Reviews { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The version in force: the last one published; null before the first approval.</summary>
    [JsonIgnore]
    public DocumentVersion? Published => Versions.LastOrDefault(v => v.Status == DocumentVersionStatus.Published);

    /// <summary>
    /// The version people acknowledge: the first published version of the major version in force, so a minor
    /// revision does not ask again and a new major one does. Null when nothing is published or none is asked.
    /// </summary>
    [JsonIgnore]
    public DocumentVersion? AcknowledgedVersion => RequiresAcknowledgement && Published is { } current
        ? Versions.First(v => v.Major == current.Major && v.Approval is not null)
        : null;

    public DocumentVersion? Version(string number) => Versions.FirstOrDefault(v => v.Number == number.Trim());
}
