using System.Globalization;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Evidence;

/// <summary>How a completion ended: the version filed, and whether it had been filed by an earlier completion.</summary>
public sealed record UploadCompletion(EvidenceUploadResponse Filed, bool Repeated);

/// <summary>
/// Large evidence: start (a write-only SAS for one staging blob), upload straight to storage, complete (the staged
/// bytes are streamed once: hashed, checked, and written to a new evidence blob that is committed only if size and
/// SHA-256 match). A refusal at completion removes the staged blob and the upload, leaving nothing behind.
/// </summary>
public sealed partial class LargeUploadService(
    StagedUploads uploads,
    EvidenceRegister register,
    EvidenceFiling filing,
    EvidenceDetailsValidator validator,
    EvidenceAccess access,
    OrganisationClock clock,
    MalwareScanGate scans,
    ILogger<LargeUploadService> logger)
{
    /// <summary>The largest file accepted this way (a block blob could hold far more; evidence should not).</summary>
    public const long MaxBytes = 16L * 1024 * 1024 * 1024;

    public async Task<Outcome<LargeUploadResponse>> StartAsync(Caller caller, LargeUploadStart input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        var newEvidence = input.EvidenceId is null;
        var current = newEvidence ? null : (await register.GetAsync(input.EvidenceId!, cancellationToken).ConfigureAwait(false))?.Value;
        if (!newEvidence && current is null)
        {
            errors.Add("evidenceId", $"There is no evidence '{input.EvidenceId}' to add a version to.");
        }
        else if (current is not null && await access.RefuseVersionAsync(caller, current, cancellationToken).ConfigureAwait(false) is { } notTheirs)
        {
            return Outcome.Refused<LargeUploadResponse>(notTheirs);
        }

        if (MultipartEvidenceReader.CleanFileName(input.FileName, out var fileName) is { } badName)
        {
            errors.Add("fileName", badName.Replace("The 'file' part needs a filename (Content-Disposition: form-data; name=\"file\"; filename=\"...\").", "fileName is required: the file's name.", StringComparison.Ordinal));
        }

        if (input.Size is not { } size || size <= 0)
        {
            errors.Add("size", "size is required: the file's length in bytes (more than 0).");
        }
        else if (size > MaxBytes)
        {
            return Outcome.Refused<LargeUploadResponse>(RefusalCode.TooLarge, "size", string.Create(CultureInfo.InvariantCulture, $"Evidence files may be at most {MaxBytes} bytes."));
        }

        if (input.Sha256 is not null && !IsSha256(input.Sha256))
        {
            errors.Add("sha256", "sha256 must be 64 hexadecimal characters.");
        }

        var details = new EvidenceDetails(input.ControlIds, Blank(input.CorrectiveActionId), Blank(input.AuditId), input.EffectiveDate, Blank(input.Description), input.Restricted);
        if (current is not null && EvidenceAccess.RefuseRelinking(caller, current, details) is { } relinking)
        {
            return Outcome.Refused<LargeUploadResponse>(relinking);
        }

        await validator.ValidateAsync(details, newEvidence, complete: true, errors, cancellationToken).ConfigureAwait(false);
        if (!errors.IsValid)
        {
            return Outcome.Invalid<LargeUploadResponse>(errors);
        }

        var now = clock.Now;
        var id = RecordIds.New("UP");
        var upload = new StagedUpload
        {
            Id = id,
            EvidenceId = input.EvidenceId ?? RecordIds.New("EV"),
            NewEvidence = newEvidence,
            FileName = fileName,
            DeclaredContentType = Blank(input.ContentType),
            Size = input.Size!.Value,
            Sha256 = input.Sha256?.ToLowerInvariant(),
            Details = details,
            StartedBy = caller.Upn,
            StartedByObjectId = caller.ObjectId,
            StartedAt = now,
            ExpiresAt = now + StagedUploads.LifetimeFor(input.Size!.Value),
            StagingBlob = $"{id}/{Guid.NewGuid():N}",
        };
        var url = await uploads.WriteOnlySasAsync(upload.StagingBlob, upload.ExpiresAt, cancellationToken).ConfigureAwait(false);
        await uploads.SaveAsync(upload, null, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(new LargeUploadResponse(id, url, upload.ExpiresAt, upload.Size, EvidenceBlobWriter.BlockSize, $"/api/evidence/uploads/{id}/complete"));
    }

    /// <summary>Verifies the staged file (size, SHA-256, content) and files it; completing twice answers the same evidence.</summary>
    public async Task<Outcome<UploadCompletion>> CompleteAsync(Caller caller, string id, string? sha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var found = await uploads.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (found is not { } session)
        {
            return Outcome.Refused<UploadCompletion>(RefusalCode.NotFound, "id", $"There is no upload '{id}' (it was completed and cleaned up, refused, or never started). Start one with POST /api/evidence/uploads.");
        }

        var upload = session.Upload;
        if (!caller.Is(upload.StartedBy, upload.StartedByObjectId) && !caller.IsAdmin)
        {
            return Outcome.Refused<UploadCompletion>(RefusalCode.Forbidden, "id", $"Upload {id} was started by {upload.StartedBy}; only they (or an ISMS admin) may complete it.");
        }

        if (upload.FiledVersion is { } filedVersion)
        {
            var stored = await register.GetAsync(upload.EvidenceId, cancellationToken).ConfigureAwait(false);
            return stored is not null && stored.Value.Versions.Any(v => v.Version == filedVersion)
                ? Outcome.Success(new UploadCompletion(EvidenceUploadResponse.From(stored, filedVersion), Repeated: true))
                : EvidenceService.NotFound<UploadCompletion>(upload.EvidenceId);
        }

        if (sha256 is not null && !IsSha256(sha256))
        {
            return Outcome.Refused<UploadCompletion>(RefusalCode.Invalid, "sha256", "sha256 must be 64 hexadecimal characters.");
        }

        if (sha256 is not null && upload.Sha256 is not null && !string.Equals(sha256, upload.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return Outcome.Refused<UploadCompletion>(RefusalCode.Invalid, "sha256", $"sha256 differs from the one given when the upload started ({upload.Sha256}).");
        }

        var expected = (sha256 ?? upload.Sha256)?.ToLowerInvariant();
        if (expected is null)
        {
            return Outcome.Refused<UploadCompletion>(RefusalCode.Invalid, "sha256", "sha256 is required: the file's SHA-256 as 64 hexadecimal characters, here or when starting the upload.");
        }

        var staging = await uploads.StagingAsync(cancellationToken).ConfigureAwait(false);
        var staged = staging.GetBlobClient(upload.StagingBlob);
        BlobDownloadStreamingResult download;
        try
        {
            // The SAS may still write the staged blob. With scanning on, the verdict read must be about the bytes that
            // are filed: the version is pinned (its ETag) before the verdict is read, and the download asks for that
            // version only, so a file swapped in between fails the download instead of borrowing a clean verdict.
            BlobRequestConditions? pinned = null;
            if (scans.Enabled)
            {
                pinned = new BlobRequestConditions { IfMatch = (await staged.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.ETag };
                var (scanVerdict, scanResult) = await scans.ReadAsync(staged, cancellationToken).ConfigureAwait(false);
                if (MalwareScanGate.Refusal(scanVerdict, scanResult, upload.FileName, canRetry: true) is { } flagged)
                {
                    // A verdict still pending keeps the upload for another completion; a flagged file is discarded.
                    return scanVerdict == MalwareScanVerdict.Pending
                        ? Outcome.Refused<UploadCompletion>(flagged)
                        : await RefuseAsync(upload, flagged).ConfigureAwait(false);
                }
            }

            download = (await staged.DownloadStreamingAsync(new BlobDownloadOptions { Conditions = pinned }, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return Outcome.Refused<UploadCompletion>(RefusalCode.InvalidTransition, "id", $"Nothing has been uploaded for {id} yet: PUT the file to the uploadUrl you were given, then complete.");
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return Outcome.Refused<UploadCompletion>(RefusalCode.InvalidTransition, "file", $"The staged file of {id} changed while it was being checked; nothing was filed. Complete again once the upload has finished.");
        }

        using (download)
        {
            var stagedSize = download.Details.ContentLength;
            if (stagedSize != upload.Size)
            {
                return await RefuseAsync(upload, Refusal.For(RefusalCode.Invalid, "size", string.Create(CultureInfo.InvariantCulture, $"The uploaded file has {stagedSize} bytes, not the {upload.Size} declared; nothing was filed. Start again."))).ConfigureAwait(false);
            }

            var head = new byte[EvidenceContent.SniffBytes];
            var headLength = await download.Content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var verdict = EvidenceContent.Judge(head.AsSpan(0, headLength), upload.FileName, upload.DeclaredContentType);
            if (!verdict.Accepted)
            {
                return await RefuseAsync(upload, Refusal.For(RefusalCode.UnsupportedContent, "file", verdict.Refusal! + " Nothing was filed.")).ConfigureAwait(false);
            }

            var container = await register.ContainerAsync(cancellationToken).ConfigureAwait(false);
            var blob = container.GetBlockBlobClient(EvidenceFiling.NewBlobName(upload.EvidenceId));
            WrittenBlob written;
            try
            {
                written = await EvidenceBlobWriter.WriteAsync(blob, new PrefixedStream(head.AsMemory(0, headLength), download.Content), verdict.ContentType!, upload.Size, expected, cancellationToken).ConfigureAwait(false);
            }
            catch (EvidenceHashMismatchException ex)
            {
                return await RefuseAsync(upload, Refusal.For(RefusalCode.Invalid, "sha256", $"The uploaded file's SHA-256 is {ex.Actual}, not {ex.Expected}; it was altered or incomplete, and nothing was filed. Start again.")).ConfigureAwait(false);
            }
            catch (EvidenceTooLargeException)
            {
                return await RefuseAsync(upload, Refusal.For(RefusalCode.Invalid, "size", "The staged file grew while it was being verified; nothing was filed. Start again.")).ConfigureAwait(false);
            }

            Stored<EvidenceRecord>? saved;
            try
            {
                var uploader = new Caller(upload.StartedByObjectId ?? caller.ObjectId, upload.StartedBy, caller.Roles);
                saved = await filing.FileAsync(upload.EvidenceId, upload.NewEvidence, written, upload.FileName, verdict.ContentType!, upload.Details, uploader, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Not recorded, so the evidence blob must not stay; the staged file stays for another try.
                await MultipartEvidenceReader.DeleteQuietlyAsync(blob, written).ConfigureAwait(false);
                throw;
            }

            if (saved is null)
            {
                await MultipartEvidenceReader.DeleteQuietlyAsync(blob, written).ConfigureAwait(false);
                return await RefuseAsync(upload, EvidenceService.NotFound<UploadCompletion>(upload.EvidenceId).Refusal!).ConfigureAwait(false);
            }

            var version = saved.Value.Versions.Last(v => v.BlobName == written.BlobName).Version;
            await uploads.SaveAsync(upload with { FiledVersion = version }, session.ETag, cancellationToken).ConfigureAwait(false);
            await staging.DeleteBlobIfExistsAsync(upload.StagingBlob, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            LogFiled(logger, id, upload.EvidenceId, version, written.Size);
            return Outcome.Success(new UploadCompletion(EvidenceUploadResponse.From(saved, version), Repeated: false));
        }
    }

    private async Task<Outcome<UploadCompletion>> RefuseAsync(StagedUpload upload, Refusal refusal)
    {
        await uploads.DiscardAsync(upload).ConfigureAwait(false);
        return Outcome.Refused<UploadCompletion>(refusal);
    }

    private static bool IsSha256(string value) => Sha256Pattern().IsMatch(value);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Pattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Large upload {UploadId} filed as evidence {EvidenceId} version {Version} ({Size} bytes)")]
    private static partial void LogFiled(ILogger logger, string uploadId, string evidenceId, int version, long size);
}
