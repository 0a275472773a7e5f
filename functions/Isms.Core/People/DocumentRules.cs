using Isms.Core.Controls;
using Isms.Core.Validation;

namespace Isms.Core.People;

/// <summary>What a person may set on a document; null leaves a field as it is.</summary>
public sealed record DocumentChange
{
    public string? Title { get; init; }

    public DocumentKind? Kind { get; init; }

    public IReadOnlyList<string>? ControlIds { get; init; }

    public string? OwnerUpn { get; init; }

    public string? Classification { get; init; }

    public ReviewFrequency? ReviewFrequency { get; init; }

    public IReadOnlyList<string>? AudienceGroupIds { get; init; }

    public bool? RequiresAcknowledgement { get; init; }
}

/// <summary>A file received for a new version: where it is kept and what the author says changed.</summary>
public sealed record VersionUpload(string EvidenceId, string FileName, string Sha256, string ChangeSummary, bool Major, string AuthorUpn, string? AuthorObjectId);

/// <summary>
/// The rules of documented information (7.5.2, 7.5.3; A.5.1): a document serves clauses or Annex A controls, has an owner,
/// a classification and a review frequency; each version is the file and what changed; a version is published only when
/// approved by someone other than the person who uploaded it; publishing supersedes the version before and sets the next
/// review date. An audience is named by Entra group ids.
/// </summary>
public static class DocumentRules
{
    public const int MaxGroups = 20;
    public const int MaxChangeSummary = FieldLimits.LongText;

    public static readonly IReadOnlyList<string> Classifications = ["Public", "Internal", "Confidential", "Restricted"];

    public static Outcome<PolicyDocument> Create(string id, DocumentChange input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        errors.Required("title", input.Title);
        if (input.Kind is null)
        {
            errors.Add("kind", "kind is required: Policy, Procedure, Standard or Record.");
        }

        if (input.ReviewFrequency is null)
        {
            errors.Add("reviewFrequency", "reviewFrequency is required: Monthly, Quarterly, SemiAnnual or Annual.");
        }

        errors.Upn("ownerUpn", input.OwnerUpn, required: true);
        Check(input, errors);
        if (!errors.IsValid)
        {
            return Outcome.Invalid<PolicyDocument>(errors);
        }

        return Outcome.Success(new PolicyDocument
        {
            Id = id,
            Title = input.Title!.Trim(),
            Kind = input.Kind!.Value,
            ControlIds = ControlCatalogue.Canonical(input.ControlIds ?? []),
            OwnerUpn = input.OwnerUpn!.Trim(),
            Classification = Classification(input.Classification) ?? "Internal",
            ReviewFrequencyMonths = input.ReviewFrequency!.Value.Months(),
            AudienceGroupIds = Groups(input.AudienceGroupIds),
            RequiresAcknowledgement = input.RequiresAcknowledgement ?? false,
            CreatedAt = now,
        });
    }

    public static Outcome<PolicyDocument> Change(PolicyDocument document, DocumentChange input)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        if (input.Title is not null)
        {
            errors.Required("title", input.Title);
        }

        errors.Upn("ownerUpn", input.OwnerUpn, required: false);
        Check(input, errors);
        if (!errors.IsValid)
        {
            return Outcome.Invalid<PolicyDocument>(errors);
        }

        return Outcome.Success(document with
        {
            Title = input.Title?.Trim() ?? document.Title,
            Kind = input.Kind ?? document.Kind,
            ControlIds = input.ControlIds is null ? document.ControlIds : ControlCatalogue.Canonical(input.ControlIds),
            OwnerUpn = input.OwnerUpn?.Trim() ?? document.OwnerUpn,
            Classification = Classification(input.Classification) ?? document.Classification,
            ReviewFrequencyMonths = input.ReviewFrequency?.Months() ?? document.ReviewFrequencyMonths,
            AudienceGroupIds = input.AudienceGroupIds is null ? document.AudienceGroupIds : Groups(input.AudienceGroupIds),
            RequiresAcknowledgement = input.RequiresAcknowledgement ?? document.RequiresAcknowledgement,
        });
    }

    /// <summary>A new draft after the last version: the next major (2.0 after 1.3) or the next minor (1.4); the first is 1.0.</summary>
    public static Outcome<PolicyDocument> AddVersion(PolicyDocument document, VersionUpload upload, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(upload);
        if (RefuseNewVersion(document) is { } waiting)
        {
            return Outcome.Refused<PolicyDocument>(waiting);
        }

        var errors = new ValidationErrors();
        errors.Required("changeSummary", upload.ChangeSummary).MaxLength("changeSummary", upload.ChangeSummary, MaxChangeSummary);

        if (!errors.IsValid)
        {
            return Outcome.Invalid<PolicyDocument>(errors);
        }

        var last = document.Versions.Count == 0 ? null : document.Versions[^1];
        var (major, minor) = last is null ? (1, 0) : upload.Major ? (last.Major + 1, 0) : (last.Major, last.Minor + 1);
        var version = new DocumentVersion
        {
            Major = major,
            Minor = minor,
            EvidenceId = upload.EvidenceId,
            FileName = upload.FileName,
            Sha256 = upload.Sha256,
            ChangeSummary = upload.ChangeSummary.Trim(),
            AuthorUpn = upload.AuthorUpn,
            AuthorObjectId = upload.AuthorObjectId,
            UploadedAt = now,
        };
        return Outcome.Success(document with { Versions = [.. document.Versions, version] });
    }

    /// <summary>Why no version may be uploaded now (one draft waits for approval at a time), or null: checked before a file is stored.</summary>
    public static Refusal? RefuseNewVersion(PolicyDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Versions.FirstOrDefault(v => v.Status == DocumentVersionStatus.Draft) is { } draft
            ? Refusal.For(RefusalCode.InvalidTransition, "file", $"Version {draft.Number} of {document.Id} is still awaiting approval; approve it before uploading another.")
            : null;
    }

    /// <summary>
    /// The version an acknowledgement of <paramref name="number"/> records: the one asked for (the first published version of
    /// the major version in force), named by itself or by an approved version of the same major one. Refused for a draft,
    /// an earlier major version, or a document that asks nobody.
    /// </summary>
    public static Outcome<string> VersionToAcknowledge(PolicyDocument document, string number)
    {
        ArgumentNullException.ThrowIfNull(document);
        var named = document.Version(number);
        if (named is null)
        {
            return Outcome.Refused<string>(RefusalCode.NotFound, "version", $"{document.Id} has no version {number}.");
        }

        if (document.AcknowledgedVersion is not { } asked)
        {
            return Outcome.Refused<string>(RefusalCode.InvalidTransition, "version", $"{document.Id} asks nobody to acknowledge it{(document.Published is null ? " (nothing is published yet)" : string.Empty)}.");
        }

        return named.Approval is not null && named.Major == asked.Major
            ? Outcome.Success(asked.Number)
            : Outcome.Refused<string>(RefusalCode.InvalidTransition, "version", $"Version {named.Number} of {document.Id} is not the one in force; acknowledge version {document.Published!.Number}.");
    }

    /// <summary>
    /// Approves a draft and publishes it: refused to its author (by object id where known), and for a version that is
    /// not the draft. The version before is superseded and the next review falls a frequency after today.
    /// </summary>
    public static Outcome<PolicyDocument> Approve(PolicyDocument document, string number, string approverUpn, string? approverObjectId, string approverRole, DateTimeOffset now, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(document);
        var version = document.Version(number);
        if (version is null)
        {
            return Outcome.Refused<PolicyDocument>(RefusalCode.NotFound, "version", $"{document.Id} has no version {number}.");
        }

        if (version.Status != DocumentVersionStatus.Draft)
        {
            return Outcome.Refused<PolicyDocument>(RefusalCode.InvalidTransition, "version", $"Version {version.Number} of {document.Id} is {version.Status.ToString().ToLowerInvariant()} already; only a draft is approved.");
        }

        if (UserPrincipalName.AreSamePerson(approverUpn, approverObjectId, version.AuthorUpn, version.AuthorObjectId))
        {
            return Outcome.Refused<PolicyDocument>(RefusalCode.IndependenceRequired, "approverUpn", $"{approverUpn} uploaded version {version.Number}; someone other than its author approves it (7.5.2 c).");
        }

        var approved = version with { Status = DocumentVersionStatus.Published, Approval = new DocumentApproval(approverUpn, approverObjectId, approverRole, now) };
        var versions = document.Versions
            .Select(v => v.Number == version.Number ? approved : v.Status == DocumentVersionStatus.Published ? v with { Status = DocumentVersionStatus.Superseded } : v)
            .ToList();
        return Outcome.Success(document with { Versions = versions, NextReviewDate = today.AddMonths(document.ReviewFrequencyMonths) });
    }

    /// <summary>
    /// Records a review of the version in force that changed nothing (a change is a new version, whose approval is the
    /// review): the next review falls a frequency after today. Refused before anything is published (the first approval
    /// is the first review) and without notes saying what the review concluded.
    /// </summary>
    public static Outcome<PolicyDocument> Review(PolicyDocument document, string? notes, string reviewerUpn, string? reviewerObjectId, string reviewerRole, DateTimeOffset now, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Published is null)
        {
            return Outcome.Refused<PolicyDocument>(RefusalCode.InvalidTransition, "id", $"{document.Id} has nothing published to review; approving its first version is its first review.");
        }

        var errors = new ValidationErrors();
        errors.Required("notes", notes).MaxLength("notes", notes, FieldLimits.LongText);
        if (!errors.IsValid)
        {
            return Outcome.Invalid<PolicyDocument>(errors);
        }

        var next = today.AddMonths(document.ReviewFrequencyMonths);
        var review = new DocumentReview(reviewerUpn, reviewerObjectId, reviewerRole, now, notes!.Trim(), next);
        return Outcome.Success(document with { Reviews = [.. document.Reviews, review], NextReviewDate = next });
    }

    private static void Check(DocumentChange input, ValidationErrors errors)
    {
        errors.MaxLength("title", input.Title, FieldLimits.Title);
        if (input.Kind is { } kind)
        {
            errors.Defined("kind", kind);
        }

        if (input.ReviewFrequency is { } frequency)
        {
            errors.Defined("reviewFrequency", frequency);
        }

        foreach (var id in (input.ControlIds ?? []).Where(c => !ControlCatalogue.TryGet(c, out _)))
        {
            errors.Add("controlIds", $"'{id}' is neither a clause of ISO/IEC 27001 nor an Annex A control.");
        }

        if (input.Classification is { } classification && Classification(classification) is null)
        {
            errors.Add("classification", $"classification must be one of {string.Join(", ", Classifications)}.");
        }

        GroupRules.Check("audienceGroupIds", input.AudienceGroupIds, errors);
    }

    private static string? Classification(string? value) =>
        value is null ? null : Classifications.FirstOrDefault(c => string.Equals(c, value.Trim(), StringComparison.OrdinalIgnoreCase));

    private static IReadOnlyList<string> Groups(IReadOnlyList<string>? ids) =>
        [.. (ids ?? []).Select(g => g.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal)];
}

/// <summary>Entra group ids as an audience names them: object ids (GUIDs), at most <see cref="DocumentRules.MaxGroups"/>.</summary>
public static class GroupRules
{
    public static void Check(string field, IReadOnlyList<string>? ids, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (ids is null)
        {
            return;
        }

        if (ids.Count > DocumentRules.MaxGroups)
        {
            errors.Add(field, $"{field} names at most {DocumentRules.MaxGroups} groups.");
        }

        foreach (var id in ids.Where(g => !Guid.TryParse(g, out _)))
        {
            errors.Add(field, $"'{id}' is not an Entra group object id (a GUID such as 3f2c…).");
        }
    }
}
