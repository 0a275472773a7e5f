using System.Text.Json.Serialization;
using Isms.Core.Evidence;

namespace Isms.Functions.Evidence;

/// <summary>
/// One uploaded file of a piece of evidence. Each version is its own immutable blob, never overwritten; the
/// hash and size are those measured while the bytes were written, not those the uploader claimed.
/// </summary>
public sealed record EvidenceVersion(
    int Version,
    string BlobName,
    string Sha256,
    long Size,
    string ContentType,
    string FileName,
    DateOnly EffectiveDate,
    string? Description,
    string UploadedBy,
    DateTimeOffset UploadedAt)
{
    /// <summary>The uploader's Entra object id, from their sign-in; null on versions uploaded before.</summary>
    public string? UploadedByObjectId { get; init; }

    /// <summary>The evidence collector that read it from Microsoft 365 (<c>mfa-registration</c>); null for a file a person uploaded.</summary>
    public string? Collector { get; init; }

    [JsonIgnore]
    public bool Collected => Collector is not null;
}

/// <summary>
/// A piece of evidence (ISO/IEC 27001 clause 7.5): what it speaks for (controls, a corrective action, an audit),
/// its versions, how long it is kept and whether a legal hold keeps it longer.
/// </summary>
public sealed record EvidenceRecord
{
    public required string Id { get; init; }

    public required IReadOnlyList<string> ControlIds { get; init; }

    public string? CorrectiveActionId { get; init; }

    public string? AuditId { get; init; }

    /// <summary>
    /// Read only by ISMS admins and auditors, whoever uploaded a version, and the owners of its controls (a pen-test
    /// report, personal data); readers, other contributors and the owner of its action do not see it.
    /// </summary>
    public bool Restricted { get; init; }

    /// <summary>The retention period in force when the evidence was filed; later changes of the setting do not shorten it.</summary>
    public int RetentionYears { get; init; }

    public bool LegalHold { get; init; }

    public string? LegalHoldReason { get; init; }

    public string? LegalHoldBy { get; init; }

    public DateTimeOffset? LegalHoldSince { get; init; }

    public required IReadOnlyList<EvidenceVersion> Versions { get; init; }

    /// <summary>The date the evidence speaks for: the latest effective date of any of its versions.</summary>
    [JsonIgnore]
    public DateOnly EffectiveDate => Versions.Max(v => v.EffectiveDate);

    [JsonIgnore]
    public EvidenceVersion Latest => Versions[^1];

    [JsonIgnore]
    public EvidenceRetention Retention => new(EffectiveDate, RetentionYears, LegalHold);
}
