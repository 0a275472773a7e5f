using Azure;
using Azure.Storage.Blobs.Specialized;
using Isms.Core.Controls;
using Isms.Core.Evidence;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Evidence;

/// <summary>One version of an evidence file, opened for reading, with what a download needs to say about it.</summary>
public sealed record OpenedEvidence(EvidenceVersion Version, Stream Content);

/// <summary>What a page adds to an evidence form: its own fields, and a check of the fields sent before the file.</summary>
public sealed record EvidenceFormGuard(IReadOnlySet<string> Fields, Func<IReadOnlyDictionary<string, IReadOnlyList<string>>, Refusal?> Check)
{
    /// <summary>Details the form does not carry because the record it files for decides them (a document version's controls).</summary>
    public EvidenceDetails? Implied { get; init; }

    /// <summary>Checks the whole form once the file is read, before it is filed; a refusal leaves nothing behind.</summary>
    public Func<IReadOnlyDictionary<string, IReadOnlyList<string>>, Refusal?>? CheckAll { get; init; }

    public EvidenceDetails Apply(EvidenceDetails details) => Implied is null ? details : details with
    {
        ControlIds = details.ControlIds ?? Implied.ControlIds,
        Description = details.Description ?? Implied.Description,
        EffectiveDate = details.EffectiveDate ?? Implied.EffectiveDate,
    };
}

/// <summary>
/// Evidence as people and the API handle it: file new evidence or a new version from a multipart form (the file
/// streamed to a staging blob and hashed on the way, promoted to the WORM container only once the whole form is
/// valid), list and read it, open a version's bytes, and put it on or off legal hold. Large files take the SAS
/// route (<see cref="LargeUploadService"/>); both end in the same <see cref="EvidenceFiling"/>.
/// </summary>
public sealed class EvidenceService(
    EvidenceRegister register,
    EvidenceFiling filing,
    EvidenceDetailsValidator validator,
    StagedUploads staging,
    IOptions<EvidenceOptions> options,
    OrganisationClock clock,
    EvidenceAccess access,
    IEvidenceBlobHolds blobHolds,
    MalwareScanGate scans)
{
    /// <summary>
    /// Reads a multipart form (one <c>file</c> part and the detail fields) and files it as new evidence, or, when
    /// <paramref name="evidenceId"/> is given, as the next version of that evidence. A refused form leaves nothing behind.
    /// </summary>
    /// <param name="guard">
    /// For a form posted from a page: the extra fields it carries (its antiforgery token) and the check of the fields
    /// that came before the file, which refuses the form before a byte of the file is stored.
    /// </param>
    public async Task<Outcome<EvidenceUploadResponse>> ReceiveAsync(Caller caller, HttpRequest request, string? evidenceId, CancellationToken cancellationToken, EvidenceFormGuard? guard = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var newEvidence = evidenceId is null;
        EvidenceRecord? current = null;
        if (!newEvidence)
        {
            current = (await register.GetAsync(evidenceId!, cancellationToken).ConfigureAwait(false))?.Value;
            if (current is null)
            {
                return NotFound<EvidenceUploadResponse>(evidenceId!);
            }

            if (await access.RefuseVersionAsync(caller, current, cancellationToken).ConfigureAwait(false) is { } notTheirs)
            {
                return Outcome.Refused<EvidenceUploadResponse>(notTheirs);
            }
        }

        var id = evidenceId ?? RecordIds.New("EV");
        var blobName = EvidenceFiling.NewBlobName(id);
        var stagingName = $"http/{blobName}";
        EvidenceDetails? passedBeforeFile = null;
        var (received, refusal) = await MultipartEvidenceReader.ReadAsync(
            request,
            await staging.StagingAsync(cancellationToken).ConfigureAwait(false),
            stagingName,
            options.Value.MaxHttpUploadBytes,
            guard is null ? EvidenceDetailsValidator.FormFields : new HashSet<string>(EvidenceDetailsValidator.FormFields.Concat(guard.Fields), StringComparer.Ordinal),
            async fields =>
            {
                if (guard?.Check(fields) is { } refused)
                {
                    return refused;
                }

                var errors = new ValidationErrors();
                var details = guard?.Apply(EvidenceDetailsValidator.FromForm(fields, errors)) ?? EvidenceDetailsValidator.FromForm(fields, errors);
                if (current is not null && EvidenceAccess.RefuseRelinking(caller, current, details) is { } relinking)
                {
                    return relinking;
                }

                await validator.ValidateAsync(details, newEvidence, complete: false, errors, cancellationToken).ConfigureAwait(false);
                passedBeforeFile = errors.IsValid ? details : null;
                return errors.IsValid ? null : Refusal.FromErrors(errors);
            },
            cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return Outcome.Refused<EvidenceUploadResponse>(refusal);
        }

        var blob = (await register.ContainerAsync(cancellationToken).ConfigureAwait(false)).GetBlockBlobClient(blobName);
        var promoted = false;
        try
        {
            if (guard?.CheckAll?.Invoke(received!.Fields) is { } refusedForm)
            {
                await staging.DeleteStagedAsync(stagingName).ConfigureAwait(false);
                return Outcome.Refused<EvidenceUploadResponse>(refusedForm);
            }

            var errors = new ValidationErrors();
            var details = guard?.Apply(EvidenceDetailsValidator.FromForm(received!.Fields, errors)) ?? EvidenceDetailsValidator.FromForm(received!.Fields, errors);
            if (current is not null && EvidenceAccess.RefuseRelinking(caller, current, details) is { } relinking)
            {
                await staging.DeleteStagedAsync(stagingName).ConfigureAwait(false);
                return Outcome.Refused<EvidenceUploadResponse>(relinking);
            }

            await validator.ValidateAsync(details, newEvidence, complete: true, errors, cancellationToken, passedBeforeFile).ConfigureAwait(false);
            if (!errors.IsValid)
            {
                await staging.DeleteStagedAsync(stagingName).ConfigureAwait(false);
                return Outcome.Invalid<EvidenceUploadResponse>(errors);
            }

            // With malware scanning on, the staged file becomes evidence only once Defender has called it clean: the
            // WORM container would keep a flagged file for its whole retention.
            if (scans.Enabled)
            {
                var stagedBlob = (await staging.StagingAsync(cancellationToken).ConfigureAwait(false)).GetBlobClient(stagingName);
                var (verdict, result) = await scans.AwaitAsync(stagedBlob, cancellationToken).ConfigureAwait(false);
                if (MalwareScanGate.Refusal(verdict, result, received.FileName, canRetry: false) is { } flagged)
                {
                    await staging.DeleteStagedAsync(stagingName).ConfigureAwait(false);
                    return Outcome.Refused<EvidenceUploadResponse>(flagged);
                }
            }

            await staging.PromoteAsync(stagingName, blob, received.Blob.Sha256, cancellationToken).ConfigureAwait(false);
            promoted = true;
            var written = received.Blob with { BlobName = blobName };
            var saved = await filing.FileAsync(id, newEvidence, written, received.FileName, received.ContentType, details, caller, cancellationToken).ConfigureAwait(false);
            if (saved is null)
            {
                await MultipartEvidenceReader.DeleteQuietlyAsync(blob, written).ConfigureAwait(false);
                return NotFound<EvidenceUploadResponse>(id);
            }

            return Outcome.Success(EvidenceUploadResponse.From(saved, saved.Value.Latest.Version));
        }
        catch
        {
            // Whatever failed after the file was stored, it must not outlive the request unrecorded.
            if (promoted)
            {
                await MultipartEvidenceReader.DeleteQuietlyAsync(blob, received!.Blob).ConfigureAwait(false);
            }
            else
            {
                await staging.DeleteStagedAsync(stagingName).ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Evidence linked to a control, a corrective action and/or an audit (without filters, all of it) that the caller may read.</summary>
    public async Task<IReadOnlyList<EvidenceResponse>> ListAsync(Caller caller, string? controlId, string? correctiveActionId, string? auditId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var canonical = controlId is not null && ControlCatalogue.TryGet(controlId, out var control) ? control.Id : controlId;
        var found = await register.ListAsync(canonical, correctiveActionId, auditId, cancellationToken).ConfigureAwait(false);
        return [.. (await access.ReadableAsync(caller, found, cancellationToken).ConfigureAwait(false)).Select(EvidenceResponse.From)];
    }

    /// <summary>One piece of evidence with every version, for a caller who may read it (<see cref="EvidenceAccess.MayReadAsync"/>).</summary>
    public async Task<Outcome<EvidenceResponse>> GetAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var stored = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return NotFound<EvidenceResponse>(id);
        }

        return await access.MayReadAsync(caller, stored.Value, cancellationToken).ConfigureAwait(false)
            ? Outcome.Success(EvidenceResponse.From(stored))
            : Outcome.Refused<EvidenceResponse>(EvidenceAccess.NotReadable(caller, id));
    }

    /// <summary>Opens a version's bytes (the latest when <paramref name="version"/> is null) for streaming.</summary>
    public async Task<Outcome<OpenedEvidence>> OpenAsync(Caller caller, string id, string? version, CancellationToken cancellationToken)
    {
        var stored = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return NotFound<OpenedEvidence>(id);
        }

        if (!await access.MayReadAsync(caller, stored.Value, cancellationToken).ConfigureAwait(false))
        {
            return Outcome.Refused<OpenedEvidence>(EvidenceAccess.NotReadable(caller, id));
        }

        var chosen = stored.Value.Latest;
        if (version is not null)
        {
            if (!int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
                || stored.Value.Versions.FirstOrDefault(v => v.Version == number) is not { } asked)
            {
                return Outcome.Refused<OpenedEvidence>(RefusalCode.Invalid, "version", $"version must be one of 1 to {stored.Value.Versions.Count}.");
            }

            chosen = asked;
        }

        var container = await register.ContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var download = await container.GetBlobClient(chosen.BlobName).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return Outcome.Success(new OpenedEvidence(chosen, download.Value.Content));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return Outcome.Refused<OpenedEvidence>(RefusalCode.Gone, "version", $"Version {chosen.Version} of evidence {id} is recorded but its file is no longer in storage; tell the ISMS manager.");
        }
    }

    /// <summary>Puts evidence on legal hold (kept past its retention until cleared), or clears the hold.</summary>
    public async Task<Outcome<EvidenceResponse>> ChangeHoldAsync(Caller caller, string id, bool hold, string? reason, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        reason = reason?.Trim();
        if (reason is { Length: > EvidenceDetailsValidator.MaxDescriptionLength })
        {
            return Outcome.Refused<EvidenceResponse>(RefusalCode.Invalid, "reason", $"reason must be at most {EvidenceDetailsValidator.MaxDescriptionLength} characters.");
        }

        var before = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return NotFound<EvidenceResponse>(id);
        }

        if (!ifMatch.Matches(before.ETag))
        {
            return Outcome.Refused<EvidenceResponse>(ETags.Stale($"Evidence {id}"));
        }

        var after = hold
            ? before.Value with { LegalHold = true, LegalHoldReason = reason ?? before.Value.LegalHoldReason, LegalHoldBy = caller.Upn, LegalHoldSince = before.Value.LegalHoldSince ?? clock.Now }
            : before.Value with { LegalHold = false, LegalHoldReason = null, LegalHoldBy = null, LegalHoldSince = null };
        try
        {
            var saved = hold
                ? await HoldAsync(before, after, caller, cancellationToken).ConfigureAwait(false)
                : await ReleaseAsync(before, after, caller, cancellationToken).ConfigureAwait(false);
            return Outcome.Success(EvidenceResponse.From(saved));
        }
        catch (StaleRecordException ex)
        {
            return Outcome.Refused<EvidenceResponse>(ETags.Stale(ex.EntityPath));
        }
    }

    // The storage holds and the record are two writes that cannot be one transaction, so each direction is ordered
    // to fail on the safe side, where storage protects at least what the record promises, and undoes its own
    // storage writes when it fails: a refused or failed request leaves the holds as they were.
    //
    // Setting: storage first, then the record. Were the record first, a failure on the blobs would leave a record
    // saying "held" over files that anyone with write access could delete.
    private async Task<Stored<EvidenceRecord>> HoldAsync(Stored<EvidenceRecord> before, EvidenceRecord after, Caller caller, CancellationToken cancellationToken)
    {
        var placed = new List<string>();
        try
        {
            foreach (var version in after.Versions)
            {
                await blobHolds.SetAsync(version.BlobName, hold: true, cancellationToken).ConfigureAwait(false);
                placed.Add(version.BlobName);
            }

            return await register.ReplaceAsync(before, after, caller, cancellationToken).ConfigureAwait(false);
        }
        catch when (!before.Value.LegalHold)
        {
            // Only holds this request placed are lifted, and only if the record, read again, is not on hold: another
            // admin's hold that won the race for the record keeps its storage holds.
            if (await HeldNowAsync(after.Id).ConfigureAwait(false) == false)
            {
                await SetQuietlyAsync(placed, hold: false).ConfigureAwait(false);
            }

            throw;
        }
    }

    // Clearing: the record first, then storage. Were storage first, a record write that failed (a stale ETag) would
    // leave files deletable under a record that still says "held". Should a blob refuse, the holds already lifted
    // are placed again and the record is put back.
    private async Task<Stored<EvidenceRecord>> ReleaseAsync(Stored<EvidenceRecord> before, EvidenceRecord after, Caller caller, CancellationToken cancellationToken)
    {
        var saved = await register.ReplaceAsync(before, after, caller, cancellationToken).ConfigureAwait(false);
        var lifted = new List<string>();
        try
        {
            foreach (var version in after.Versions)
            {
                await blobHolds.SetAsync(version.BlobName, hold: false, cancellationToken).ConfigureAwait(false);
                lifted.Add(version.BlobName);
            }

            return saved;
        }
        catch when (before.Value.LegalHold)
        {
            await SetQuietlyAsync(lifted, hold: true).ConfigureAwait(false);
            try
            {
                await register.ReplaceAsync(saved, before.Value, caller, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception restore) when (restore is StaleRecordException or Azure.RequestFailedException)
            {
                // Storage is then held where the record says it is not: the safe side; clearing again finishes.
            }

            throw;
        }
    }

    /// <summary>Whether the record is on hold now; null when storage cannot say (the holds then stay: the safe side).</summary>
    private async Task<bool?> HeldNowAsync(string id)
    {
        try
        {
            return (await register.GetAsync(id, CancellationToken.None).ConfigureAwait(false))?.Value.LegalHold ?? false;
        }
        catch (Azure.RequestFailedException)
        {
            return null;
        }
    }

    private async Task SetQuietlyAsync(IEnumerable<string> blobNames, bool hold)
    {
        foreach (var blobName in blobNames)
        {
            try
            {
                await blobHolds.SetAsync(blobName, hold, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Azure.RequestFailedException)
            {
                // Undoing is best effort; what stays is on the safe side (see HoldAsync, ReleaseAsync).
            }
        }
    }

    internal static Outcome<T> NotFound<T>(string id)
        where T : notnull =>
        Outcome.Refused<T>(RefusalCode.NotFound, "id", $"There is no evidence '{id}'. GET /api/evidence lists it.");
}
