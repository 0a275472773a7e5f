using System.Globalization;
using System.Text.Json.Serialization;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Evidence;

// The JSON the evidence routes take and give (API.md).

/// <summary>What POST /evidence and POST /evidence/{id}/versions answer: the version just filed.</summary>
/// <param name="Etag">The evidence record's version after filing, sent as the ETag header (not in the body).</param>
public sealed record EvidenceUploadResponse(string Id, int Version, string Sha256, long Size, string ContentType, string FileName, [property: JsonIgnore] string Etag) : ITagged
{
    /// <summary>The version <paramref name="version"/> of the stored evidence, as an upload answers it.</summary>
    public static EvidenceUploadResponse From(Stored<EvidenceRecord> stored, int version)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var v = stored.Value.Versions.First(candidate => candidate.Version == version);
        return new EvidenceUploadResponse(stored.Value.Id, v.Version, v.Sha256, v.Size, v.ContentType, v.FileName, stored.ETag.ToString());
    }
}

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
    string ContentUrl)
{
    /// <summary>Read from Microsoft 365 by an evidence collector rather than uploaded by a person.</summary>
    public bool Collected { get; init; }

    /// <summary>The collector that read it (<c>mfa-registration</c>); null when a person uploaded it.</summary>
    public string? Collector { get; init; }

    public static EvidenceVersionResponse From(string evidenceId, EvidenceVersion v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v.Version, v.Sha256, v.Size, v.ContentType, v.FileName, v.EffectiveDate, v.Description, v.UploadedBy, v.UploadedAt,
            $"/api/evidence/{evidenceId}/content?version={v.Version.ToString(CultureInfo.InvariantCulture)}")
        {
            Collected = v.Collected,
            Collector = v.Collector,
        };
    }
}

public sealed record EvidenceResponse(
    string Id,
    IReadOnlyList<string> ControlIds,
    string? CorrectiveActionId,
    string? AuditId,
    bool Restricted,
    DateOnly EffectiveDate,
    DateOnly RetainUntil,
    bool LegalHold,
    string? LegalHoldReason,
    string? LegalHoldBy,
    DateTimeOffset? LegalHoldSince,
    EvidenceVersionResponse Latest,
    IReadOnlyList<EvidenceVersionResponse> Versions,
    string Etag) : ITagged
{
    public static EvidenceResponse From(Stored<EvidenceRecord> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var e = stored.Value;
        var versions = e.Versions.Select(v => EvidenceVersionResponse.From(e.Id, v)).ToList();
        return new EvidenceResponse(
            e.Id, e.ControlIds, e.CorrectiveActionId, e.AuditId, e.Restricted, e.EffectiveDate, e.Retention.RetainUntil,
            e.LegalHold, e.LegalHoldReason, e.LegalHoldBy, e.LegalHoldSince, versions[^1], versions, stored.ETag.ToString());
    }
}

/// <summary>The multipart form, for the OpenAPI document: one <c>file</c> part and text parts.</summary>
public sealed record EvidenceUploadForm(
    string File,
    string ControlIds,
    string? CorrectiveActionId,
    string? AuditId,
    DateOnly? EffectiveDate,
    string? Description,
    bool? Restricted);

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
    string? EvidenceId,
    bool? Restricted = null);

/// <param name="UploadUrl">A write-only SAS URL for one staging blob (valid for the time the declared size takes at 1 MB/s, 15 minutes to 2 hours): PUT the file there (Put Blob, or Put Block and Put Block List).</param>
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
    int DaysStale)
{
    /// <summary>The control owner's Entra object id (null for an owner assigned before people were resolved).</summary>
    public string? OwnerObjectId { get; init; }
}
