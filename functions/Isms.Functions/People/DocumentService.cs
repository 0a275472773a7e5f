using Isms.Core.People;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Evidence;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.People;

/// <summary>
/// Documented information for the API and the pages (7.5; A.5.1): documents, their versions (files kept as evidence),
/// approval by someone other than the author, which publishes and asks the audience, and acknowledgement by each person
/// asked. The rules are <see cref="DocumentRules"/>' and <see cref="RequirementRules"/>'; who may touch which document is
/// decided here, because it needs the record.
/// </summary>
public sealed class DocumentService(
    DocumentRegister register,
    PeopleRecords records,
    AudienceSync audiences,
    IGroupDirectory groups,
    Assignees assignees,
    EvidenceService evidence,
    OrganisationClock clock)
{
    public const string Fallback = "7.5";

    /// <summary>The role recorded for an owner who approves or reviews their document without an ISMS role.</summary>
    public const string OwnerRole = "Document owner";
    private static readonly IReadOnlySet<string> VersionFields = new HashSet<string>(StringComparer.Ordinal) { "changeSummary", "major" };

    public async Task<IReadOnlyList<DocumentResponse>> ListAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today;
        return [.. (await register.ListAsync(cancellationToken).ConfigureAwait(false)).Select(d => DocumentResponse.From(d, today))];
    }

    /// <summary>One document: for anyone with an ISMS role, its owner, and the people it asks.</summary>
    public async Task<Outcome<Stored<PolicyDocument>>> ReadAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var stored = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return NotFound<Stored<PolicyDocument>>(id);
        }

        if (caller.HasAnyRole || caller.Is(stored.Value.OwnerUpn, stored.Value.OwnerObjectId)
            || await records.GetAsync(RequirementKind.Acknowledgement, id, caller.Upn, cancellationToken).ConfigureAwait(false) is not null)
        {
            return Outcome.Success(stored);
        }

        return Outcome.Refused<Stored<PolicyDocument>>(RefusalCode.Forbidden, "id", $"Document {id} is read by people with an ISMS role, its owner and the people it is for; {caller.Upn} is none of them.");
    }

    public async Task<Outcome<DocumentResponse>> GetAsync(Caller caller, string id, CancellationToken cancellationToken) =>
        (await ReadAsync(caller, id, cancellationToken).ConfigureAwait(false)).Map(d => DocumentResponse.From(d, clock.Today));

    public async Task<Outcome<DocumentResponse>> CreateAsync(Caller caller, DocumentInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var created = DocumentRules.Create(RecordIds.New("DOC"), input.Change(), clock.Now);
        if (!created.IsSuccess)
        {
            return Outcome.Refused<DocumentResponse>(created.Refusal);
        }

        if (await groups.RefuseUnknownAsync(created.Value.AudienceGroupIds, cancellationToken).ConfigureAwait(false) is { } unknown)
        {
            return Outcome.Refused<DocumentResponse>(unknown);
        }

        var owner = await assignees.ResolveAsync("ownerUpn", created.Value.OwnerUpn, cancellationToken).ConfigureAwait(false);
        if (!owner.IsSuccess)
        {
            return Outcome.Refused<DocumentResponse>(owner.Refusal);
        }

        var saved = await register.InsertAsync(created.Value with { OwnerObjectId = owner.Value }, caller, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(DocumentResponse.From(saved, clock.Today));
    }

    /// <summary>Changes a document (an ISMS admin or its owner); a changed audience or a change of the acknowledgement is applied to people at once.</summary>
    public async Task<Outcome<DocumentResponse>> UpdateAsync(Caller caller, string id, DocumentInput input, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var before = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return NotFound<DocumentResponse>(id);
        }

        if (!caller.IsAdmin && !caller.Is(before.Value.OwnerUpn, before.Value.OwnerObjectId))
        {
            return Outcome.Refused<DocumentResponse>(RefusalCode.Forbidden, "ownerUpn", $"Document {id} is changed by its owner ({before.Value.OwnerUpn}) or an ISMS admin.");
        }

        if (!ifMatch.Matches(before.ETag))
        {
            return Outcome.Refused<DocumentResponse>(ETags.Stale($"Document {id}"));
        }

        var changed = DocumentRules.Change(before.Value, input.Change());
        if (!changed.IsSuccess)
        {
            return Outcome.Refused<DocumentResponse>(changed.Refusal);
        }

        if (input.AudienceGroupIds is not null && await groups.RefuseUnknownAsync(changed.Value.AudienceGroupIds, cancellationToken).ConfigureAwait(false) is { } unknown)
        {
            return Outcome.Refused<DocumentResponse>(unknown);
        }

        var (ownerId, notAUser) = await assignees.OwnerAsync("ownerUpn", changed.Value.OwnerUpn, before.Value.OwnerUpn, before.Value.OwnerObjectId, cancellationToken).ConfigureAwait(false);
        if (notAUser is not null)
        {
            return Outcome.Refused<DocumentResponse>(notAUser);
        }

        var saved = await SaveAsync(before, changed.Value with { OwnerObjectId = ownerId }, caller, cancellationToken).ConfigureAwait(false);
        if (!saved.IsSuccess)
        {
            return Outcome.Refused<DocumentResponse>(saved.Refusal);
        }

        // A published document whose audience or acknowledgement changed asks its people now (or stops asking them).
        if (saved.Value.Value.Published is not null && (input.AudienceGroupIds is not null || input.RequiresAcknowledgement is not null))
        {
            await audiences.SyncAsync(saved.Value.Value, cancellationToken).ConfigureAwait(false);
        }

        return Outcome.Success(DocumentResponse.From(saved.Value, clock.Today));
    }

    /// <summary>
    /// Receives a new version's file (multipart: <c>file</c>, <c>changeSummary</c>, <c>major</c>) from an ISMS admin or
    /// contributor or the document's owner, files it as evidence of the document's controls and adds it as a draft. A
    /// refused form stores nothing.
    /// </summary>
    /// <param name="form">A page's own fields (its antiforgery token) and their check, judged before the file is read.</param>
    public async Task<Outcome<DocumentResponse>> AddVersionAsync(Caller caller, string id, HttpRequest request, CancellationToken cancellationToken, EvidenceFormGuard? form = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var before = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return NotFound<DocumentResponse>(id);
        }

        if (!caller.IsAny(Access.Contribute) && !caller.Is(before.Value.OwnerUpn, before.Value.OwnerObjectId))
        {
            return Outcome.Refused<DocumentResponse>(RefusalCode.Forbidden, "file", $"A version of {id} is uploaded by its owner ({before.Value.OwnerUpn}) or an ISMS admin, auditor or contributor.");
        }

        if (DocumentRules.RefuseNewVersion(before.Value) is { } waiting)
        {
            return Outcome.Refused<DocumentResponse>(waiting);
        }

        string? summary = null;
        var major = false;
        var guard = new EvidenceFormGuard(form is null ? VersionFields : new HashSet<string>(VersionFields.Concat(form.Fields), StringComparer.Ordinal), form?.Check ?? (_ => null))
        {
            Implied = new EvidenceDetails(before.Value.ControlIds.Count > 0 ? before.Value.ControlIds : [Fallback], null, null, null, $"{before.Value.Kind} {before.Value.Id}: {before.Value.Title}"),
            CheckAll = fields =>
            {
                var errors = new ValidationErrors();
                summary = fields.TryGetValue("changeSummary", out var s) ? string.Join('\n', s).Trim() : null;
                errors.Required("changeSummary", summary).MaxLength("changeSummary", summary, DocumentRules.MaxChangeSummary);
                var flag = fields.TryGetValue("major", out var m) ? m[^1].Trim().ToLowerInvariant() : "false";
                if (flag is "true" or "on")
                {
                    major = true;
                }
                else if (flag is not ("false" or ""))
                {
                    errors.Add("major", "major must be true or false.");
                }

                return errors.IsValid ? null : Refusal.FromErrors(errors);
            },
        };
        var uploaded = await evidence.ReceiveAsync(caller, request, null, cancellationToken, guard).ConfigureAwait(false);
        if (!uploaded.IsSuccess)
        {
            return Outcome.Refused<DocumentResponse>(uploaded.Refusal);
        }

        var file = uploaded.Value;
        var upload = new VersionUpload(file.Id, file.FileName, file.Sha256, summary!, major, caller.Upn, caller.ObjectId);
        for (var attempt = 0; ; attempt++)
        {
            var added = DocumentRules.AddVersion(before.Value, upload, clock.Now);
            if (!added.IsSuccess)
            {
                return Outcome.Refused<DocumentResponse>(added.Refusal);
            }

            try
            {
                return Outcome.Success(DocumentResponse.From(await register.ReplaceAsync(before, added.Value, caller, cancellationToken).ConfigureAwait(false), clock.Today));
            }
            catch (StaleRecordException) when (attempt < 2)
            {
                // Changed while the file was being received (a field edited): add the version to what is there now.
                before = (await register.GetAsync(id, cancellationToken).ConfigureAwait(false))!;
            }
        }
    }

    /// <summary>
    /// Approves a draft (an ISMS admin or the document's owner, never the version's author) and publishes it; a
    /// document that asks for acknowledgement then asks its audience at once.
    /// </summary>
    public async Task<Outcome<ApprovalResponse>> ApproveAsync(Caller caller, string id, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var before = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return NotFound<ApprovalResponse>(id);
        }

        var isOwner = caller.Is(before.Value.OwnerUpn, before.Value.OwnerObjectId);
        if (!caller.IsAdmin && !isOwner)
        {
            return Outcome.Refused<ApprovalResponse>(RefusalCode.Forbidden, "approverUpn", $"A version of {id} is approved by its owner ({before.Value.OwnerUpn}) or an ISMS admin.");
        }

        var approved = DocumentRules.Approve(before.Value, version, caller.Upn, caller.ObjectId, caller.IsAdmin ? Roles.Admin : OwnerRole, clock.Now, clock.Today);
        if (!approved.IsSuccess)
        {
            return Outcome.Refused<ApprovalResponse>(approved.Refusal);
        }

        var saved = await SaveAsync(before, approved.Value, caller, cancellationToken).ConfigureAwait(false);
        if (!saved.IsSuccess)
        {
            return Outcome.Refused<ApprovalResponse>(saved.Refusal);
        }

        var audience = saved.Value.Value.AcknowledgedVersion is null ? null : await audiences.SyncAsync(saved.Value.Value, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(new ApprovalResponse(DocumentResponse.From(saved.Value, clock.Today), audience));
    }

    /// <summary>
    /// Records a review of the version in force that changed nothing (an ISMS admin or the document's owner): the next
    /// review falls a frequency after today, so the reminders stop. A review that changes the document is a new version.
    /// </summary>
    public async Task<Outcome<DocumentResponse>> ReviewAsync(Caller caller, string id, DocumentReviewInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var before = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return NotFound<DocumentResponse>(id);
        }

        var isOwner = caller.Is(before.Value.OwnerUpn, before.Value.OwnerObjectId);
        if (!caller.IsAdmin && !isOwner)
        {
            return Outcome.Refused<DocumentResponse>(RefusalCode.Forbidden, "reviewerUpn", $"{id} is reviewed by its owner ({before.Value.OwnerUpn}) or an ISMS admin.");
        }

        var reviewed = DocumentRules.Review(before.Value, input.Notes, caller.Upn, caller.ObjectId, isOwner ? OwnerRole : Roles.Admin, clock.Now, clock.Today);
        if (!reviewed.IsSuccess)
        {
            return Outcome.Refused<DocumentResponse>(reviewed.Refusal);
        }

        return (await SaveAsync(before, reviewed.Value, caller, cancellationToken).ConfigureAwait(false)).Map(d => DocumentResponse.From(d, clock.Today));
    }

    /// <summary>The caller acknowledges <paramref name="version"/>: 409 when it is not published, not the version asked, or they are not in the audience.</summary>
    public async Task<Outcome<RequirementResponse>> AcknowledgeAsync(Caller caller, string id, string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var document = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return NotFound<RequirementResponse>(id);
        }

        var version = DocumentRules.VersionToAcknowledge(document.Value, number);
        if (!version.IsSuccess)
        {
            return Outcome.Refused<RequirementResponse>(version.Refusal);
        }

        var done = await records.ChangeAsync(RequirementKind.Acknowledgement, id, caller.Upn, current =>
            current is null || !caller.Is(current.PersonUpn, current.PersonObjectId)
                ? Outcome.Refused<PersonRequirement>(RefusalCode.InvalidTransition, "userUpn", $"{caller.Upn} is not in the audience of {id}; it is for the members of its groups.")
                : RequirementRules.Acknowledge(current, version.Value, caller.Upn, clock.Now, clock.Today), cancellationToken).ConfigureAwait(false);
        return done!.Map(r => RequirementResponse.From(r, clock.Today));
    }

    private async Task<Outcome<Stored<PolicyDocument>>> SaveAsync(Stored<PolicyDocument> before, PolicyDocument after, Caller caller, CancellationToken cancellationToken)
    {
        try
        {
            return Outcome.Success(await register.ReplaceAsync(before, after, caller, cancellationToken).ConfigureAwait(false));
        }
        catch (StaleRecordException)
        {
            return Outcome.Refused<Stored<PolicyDocument>>(ETags.Stale($"Document {after.Id}"));
        }
    }

    internal static Outcome<T> NotFound<T>(string id)
        where T : notnull =>
        Outcome.Refused<T>(RefusalCode.NotFound, "id", $"There is no document '{id}'. GET /api/documents lists them.");
}
