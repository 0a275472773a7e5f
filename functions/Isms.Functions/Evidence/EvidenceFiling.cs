using Isms.Core.Controls;
using Isms.Core.Evidence;
using Isms.Core.Time;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Evidence;

/// <summary>
/// Files a blob that is already complete and hashed as evidence: a new record, or a new version of an existing
/// one. Used by the multipart upload and by the completion of a large upload alike.
/// </summary>
public sealed class EvidenceFiling(EvidenceRegister register, IOptions<EvidenceOptions> options, OrganisationClock clock)
{
    public static string NewBlobName(string evidenceId) => $"{evidenceId}/{Guid.NewGuid():N}";

    /// <summary>Files new evidence, or the next version of existing evidence; null when that evidence is gone.</summary>
    public async Task<Stored<EvidenceRecord>?> FileAsync(string id, bool newEvidence, WrittenBlob blob, string fileName, string contentType, EvidenceDetails details, Caller caller, CancellationToken cancellationToken) =>
        newEvidence
            ? await FileNewAsync(id, blob, fileName, contentType, details, caller, cancellationToken).ConfigureAwait(false)
            : await FileVersionAsync(id, blob, fileName, contentType, details, caller, cancellationToken).ConfigureAwait(false);

    public async Task<Stored<EvidenceRecord>> FileNewAsync(string id, WrittenBlob blob, string fileName, string contentType, EvidenceDetails details, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(caller);
        var record = new EvidenceRecord
        {
            Id = id,
            ControlIds = ControlCatalogue.Canonical(details.ControlIds ?? []),
            CorrectiveActionId = details.CorrectiveActionId,
            AuditId = details.AuditId,
            Restricted = details.Restricted ?? false,
            RetentionYears = options.Value.RetentionYears,
            Versions = [Version(1, blob, fileName, contentType, details, caller)],
        };
        return await register.InsertAsync(record, caller, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Files the next version of evidence whose id the caller fixes (a collector's), creating the evidence with its first
    /// version when it is not there yet; one created meanwhile makes this its next version.
    /// </summary>
    public async Task<Stored<EvidenceRecord>> FileNextAsync(string id, WrittenBlob blob, string fileName, string contentType, EvidenceDetails details, Caller caller, CancellationToken cancellationToken)
    {
        if (await FileVersionAsync(id, blob, fileName, contentType, details, caller, cancellationToken).ConfigureAwait(false) is { } added)
        {
            return added;
        }

        try
        {
            return await FileNewAsync(id, blob, fileName, contentType, details, caller, cancellationToken).ConfigureAwait(false);
        }
        catch (DuplicateRecordException)
        {
            return await FileVersionAsync(id, blob, fileName, contentType, details, caller, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Evidence {id} was removed while a version was filed.");
        }
    }

    /// <summary>Adds a version; a concurrent version makes this one the next number rather than a failure.</summary>
    public async Task<Stored<EvidenceRecord>?> FileVersionAsync(string id, WrittenBlob blob, string fileName, string contentType, EvidenceDetails details, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(caller);
        for (var attempt = 0; ; attempt++)
        {
            var before = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (before is null)
            {
                return null;
            }

            var current = before.Value;
            var after = current with
            {
                ControlIds = details.ControlIds is { } controls ? ControlCatalogue.Canonical(controls) : current.ControlIds,
                CorrectiveActionId = details.CorrectiveActionId ?? current.CorrectiveActionId,
                AuditId = details.AuditId ?? current.AuditId,
                Restricted = details.Restricted ?? current.Restricted,
                Versions = [.. current.Versions, Version(current.Versions.Count + 1, blob, fileName, contentType, details, caller)],
            };
            try
            {
                return await register.ReplaceAsync(before, after, caller, cancellationToken).ConfigureAwait(false);
            }
            catch (StaleRecordException) when (attempt < 5)
            {
                // Someone else filed a version (or set a hold) meanwhile: read again and append after theirs.
            }
        }
    }

    private EvidenceVersion Version(int number, WrittenBlob blob, string fileName, string contentType, EvidenceDetails details, Caller caller)
    {
        var now = clock.Now;
        return new EvidenceVersion(
            number,
            blob.BlobName,
            blob.Sha256,
            blob.Size,
            contentType,
            fileName,
            details.EffectiveDate ?? clock.DateOf(now),
            details.Description,
            caller.Upn,
            now)
        {
            UploadedByObjectId = caller.ObjectId,
            Collector = details.Collector,
        };
    }
}
