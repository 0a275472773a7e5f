namespace Isms.Functions.Evidence;

// The JSON the evidence routes take and give (API.md).

/// <summary>What POST /evidence and POST /evidence/{id}/versions answer: the version just filed.</summary>
public sealed record EvidenceUploadResponse(string Id, int Version, string Sha256, long Size, string ContentType, string FileName);

public sealed record EvidenceVersionResponse(
    int Version,
    string Sha256,
    long Size,
    string ContentType,
    string FileName,
    DateOnly EffectiveDate,
    string? Description,
    string UploadedBy,
    DateTimeOffset UploadedAt,
    string ContentUrl);

public sealed record EvidenceResponse(
    string Id,
    IReadOnlyList<string> ControlIds,
    string? CorrectiveActionId,
    string? AuditId,
    DateOnly EffectiveDate,
    DateOnly RetainUntil,
    bool LegalHold,
    string? LegalHoldReason,
    string? LegalHoldBy,
    DateTimeOffset? LegalHoldSince,
    EvidenceVersionResponse Latest,
    IReadOnlyList<EvidenceVersionResponse> Versions,
    string Etag);

/// <summary>The multipart form, for the OpenAPI document: one <c>file</c> part and text parts.</summary>
public sealed record EvidenceUploadForm(
    string File,
    string ControlIds,
    string? CorrectiveActionId,
    string? AuditId,
    DateOnly? EffectiveDate,
    string? Description);

public sealed record LegalHoldRequest(string? Reason);

/// <summary>Starts a large upload: what will be uploaded and what it is evidence of.</summary>
/// <param name="EvidenceId">Set to add a new version of that evidence instead of filing new evidence.</param>
/// <param name="Sha256">The file's SHA-256 (hex); may instead be given when completing.</param>
public sealed record LargeUploadStart(
    string? FileName,
    long? Size,
    string? Sha256,
    string? ContentType,
    IReadOnlyList<string>? ControlIds,
    string? CorrectiveActionId,
    string? AuditId,
    DateOnly? EffectiveDate,
    string? Description,
    string? EvidenceId);

/// <param name="UploadUrl">A write-only SAS URL for one staging blob: PUT the file there (Put Blob, or Put Block and Put Block List).</param>
public sealed record LargeUploadResponse(string Id, Uri UploadUrl, DateTimeOffset ExpiresAt, long Size, int BlockSizeBytes, string CompleteUrl);

public sealed record LargeUploadComplete(string? Sha256);

public sealed record EvidenceFreshnessResponse(
    string ControlId,
    string Title,
    string? OwnerUpn,
    Isms.Core.Controls.ReviewFrequency ReviewFrequency,
    Isms.Core.Evidence.EvidenceFreshnessState State,
    DateOnly? LatestEffectiveDate,
    DateOnly? CoveredUntil,
    int? DaysUntilStale,
    int DaysStale);
