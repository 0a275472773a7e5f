using Isms.Core.Controls;
using Isms.Core.People;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.People;

/// <summary>POST /api/documents (title, kind, ownerUpn and reviewFrequency required) and PATCH /api/documents/{id} (any field).</summary>
public sealed record DocumentInput(
    string? Title,
    DocumentKind? Kind,
    IReadOnlyList<string>? ControlIds,
    string? OwnerUpn,
    string? Classification,
    ReviewFrequency? ReviewFrequency,
    IReadOnlyList<string>? AudienceGroupIds,
    bool? RequiresAcknowledgement)
{
    public DocumentChange Change() => new()
    {
        Title = Title, Kind = Kind, ControlIds = ControlIds, OwnerUpn = OwnerUpn, Classification = Classification,
        ReviewFrequency = ReviewFrequency, AudienceGroupIds = AudienceGroupIds, RequiresAcknowledgement = RequiresAcknowledgement,
    };
}

/// <summary>A version as the API shows it: its number, status, file and hash, what changed, its author and approval.</summary>
public sealed record DocumentVersionResponse(
    string Version,
    DocumentVersionStatus Status,
    string FileName,
    string Sha256,
    string EvidenceId,
    string DownloadUrl,
    string ChangeSummary,
    string AuthorUpn,
    DateTimeOffset UploadedAt,
    DocumentApproval? Approval)
{
    public static DocumentVersionResponse From(DocumentVersion v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v.Number, v.Status, v.FileName, v.Sha256, v.EvidenceId, $"/api/evidence/{v.EvidenceId}/content", v.ChangeSummary, v.AuthorUpn, v.UploadedAt, v.Approval);
    }
}

public sealed record DocumentResponse(
    string Id,
    string Title,
    DocumentKind Kind,
    IReadOnlyList<string> ControlIds,
    string OwnerUpn,
    string Classification,
    int ReviewFrequencyMonths,
    DateOnly? NextReviewDate,
    bool ReviewOverdue,
    IReadOnlyList<string> AudienceGroupIds,
    bool RequiresAcknowledgement,
    string? PublishedVersion,
    string? AcknowledgedVersion,
    IReadOnlyList<DocumentVersionResponse> Versions,
    IReadOnlyList<DocumentReview> Reviews,
    DateTimeOffset CreatedAt,
    string Etag) : ITagged
{
    public static DocumentResponse From(Stored<PolicyDocument> stored, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var d = stored.Value;
        return new DocumentResponse(
            d.Id, d.Title, d.Kind, d.ControlIds, d.OwnerUpn, d.Classification, d.ReviewFrequencyMonths, d.NextReviewDate, d.NextReviewDate < today,
            d.AudienceGroupIds, d.RequiresAcknowledgement, d.Published?.Number, d.AcknowledgedVersion?.Number, [.. d.Versions.Select(DocumentVersionResponse.From)], d.Reviews, d.CreatedAt, stored.ETag.ToString());
    }
}

/// <summary>POST /api/documents/{id}/reviews: what the review of the version in force concluded.</summary>
public sealed record DocumentReviewInput(string? Notes);

/// <summary>POST /api/documents/{id}/versions/{version}/approval: the approval, and who the publication asked.</summary>
public sealed record ApprovalResponse(DocumentResponse Document, AudienceSyncResult? Audience);

/// <summary>POST /api/courses and PATCH /api/courses/{id}.</summary>
public sealed record CourseInput(string? Title, CourseKind? Kind, int? FrequencyMonths, IReadOnlyList<string>? AudienceGroupIds, int? DueWithinDays)
{
    public CourseChange Change() => new() { Title = Title, Kind = Kind, FrequencyMonths = FrequencyMonths, AudienceGroupIds = AudienceGroupIds, DueWithinDays = DueWithinDays };
}

public sealed record CourseResponse(
    string Id, string Title, CourseKind Kind, int FrequencyMonths, int DueWithinDays, IReadOnlyList<string> AudienceGroupIds, DateTimeOffset CreatedAt, string Etag) : ITagged
{
    public static CourseResponse From(Stored<Course> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var c = stored.Value;
        return new CourseResponse(c.Id, c.Title, c.Kind, c.FrequencyMonths, c.DueWithinDays, c.AudienceGroupIds, c.CreatedAt, stored.ETag.ToString());
    }
}

/// <summary>POST /api/courses/{id}/completions: the day the caller completed it (today when absent) and an optional certificate already uploaded as evidence.</summary>
public sealed record CompletionInput(DateOnly? CompletedOn, string? EvidenceId);

/// <summary>What an import did: the rows read, the people whose record gained a completion, the rows already recorded, and the rows of people the course does not ask (left out).</summary>
public sealed record ImportResponse(string CourseId, int Rows, int Recorded, int AlreadyRecorded, int OutsideAudience, string Sha256);

/// <summary>One requirement of one person, as the API shows it.</summary>
public sealed record RequirementResponse(
    string UserUpn,
    RequirementKind Kind,
    string SubjectId,
    string Title,
    string? Version,
    RequirementState State,
    DateOnly RequiredSince,
    DateOnly DueDate,
    DateOnly? DoneOn,
    string? DoneVersion,
    string? Source,
    string? EvidenceId,
    IReadOnlyList<string> GroupIds,
    DateOnly? LeftAudienceOn,
    IReadOnlyList<Completion> History,
    string Link)
{
    public static RequirementResponse From(PersonRequirement r, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new RequirementResponse(
            r.PersonUpn, r.Kind, r.SubjectId, r.SubjectTitle, r.Version, r.State(today), r.RequiredSince, r.DueDate, r.Last?.On, r.Last?.Version, r.Last?.Source, r.Last?.EvidenceId,
            r.GroupIds, r.LeftAudienceOn, r.Completions, "/" + (r.Kind == RequirementKind.Acknowledgement ? Pages.PagePaths.Document(r.SubjectId) : Pages.PagePaths.Course(r.SubjectId)));
    }
}

/// <summary>GET /api/people/{upn}: everything asked of one person and where they stand.</summary>
public sealed record PersonResponse(string UserUpn, DateOnly AsOf, int Owed, int Overdue, IReadOnlyList<RequirementResponse> Requirements);

/// <summary>GET /api/people/sample: the people drawn, how (seed, size, group), when and by whom, each with their record.</summary>
public sealed record SampleResponse(string SampleId, int Seed, int Size, string? GroupId, int Population, DateTimeOffset DrawnAt, string DrawnBy, IReadOnlyList<PersonResponse> People);
