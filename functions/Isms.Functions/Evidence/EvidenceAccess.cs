using Isms.Core.Controls;
using Isms.Core.Validation;
using Isms.Functions.Platform;
using Isms.Functions.Registers;
using Isms.Functions.Storage;

namespace Isms.Functions.Evidence;

/// <summary>
/// Who may do what to one piece of evidence, decided by the record as well as the role: the one home of these rules
/// for the API, the pages and the large-upload flow.
/// </summary>
public sealed class EvidenceAccess(CorrectiveActionRegister actions, SoaRegister soa)
{
    /// <summary>
    /// Who reads a piece of evidence: anyone with an ISMS role; without one, the owner of the corrective action it is
    /// linked to or of one of the controls it speaks for (the person who attached it on their action's page).
    /// Restricted evidence: only ISMS admins and auditors, whoever uploaded a version, and the owners of its controls.
    /// </summary>
    public Task<bool> MayReadAsync(Caller caller, EvidenceRecord evidence, CancellationToken cancellationToken) =>
        MayReadAsync(caller, evidence, new Owners(actions, soa, wholeSoa: false), cancellationToken);

    /// <summary>
    /// The records of <paramref name="found"/> the caller may read, in order. The owners they depend on are read once
    /// for the whole list (the SoA in one query, each linked action once), not once per record.
    /// </summary>
    public async Task<IReadOnlyList<Stored<EvidenceRecord>>> ReadableAsync(Caller caller, IReadOnlyList<Stored<EvidenceRecord>> found, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(found);
        var owners = new Owners(actions, soa, wholeSoa: true);
        var readable = new List<Stored<EvidenceRecord>>(found.Count);
        foreach (var stored in found)
        {
            if (await MayReadAsync(caller, stored.Value, owners, cancellationToken).ConfigureAwait(false))
            {
                readable.Add(stored);
            }
        }

        return readable;
    }

    /// <summary>
    /// Who adds a version (and with it a new description): an ISMS admin or auditor, whoever uploaded one of its
    /// versions, or the owner of its corrective action or of one of its controls. Any other contributor would
    /// otherwise replace the latest version of anyone's evidence, and turn a control "fresh" with a trivial file.
    /// </summary>
    public async Task<Refusal?> RefuseVersionAsync(Caller caller, EvidenceRecord evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(evidence);
        if (caller.IsAny(Access.Audit) || evidence.Versions.Any(v => caller.Is(v.UploadedBy, v.UploadedByObjectId)) || await new Owners(actions, soa, wholeSoa: false).OwnsALinkAsync(caller, evidence, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return Refusal.For(RefusalCode.Forbidden, "id",
            $"A version of evidence {evidence.Id} is added by whoever uploaded it, the owners of its action and controls, or an ISMS admin or auditor; {caller.Upn} is none of them. Upload your file as new evidence instead.");
    }

    /// <summary>
    /// Changing what a version's evidence speaks for (its controls, corrective action or audit) is an auditor's or
    /// admin's decision: the controls it covers decide their freshness. Null when nothing changes or the caller may.
    /// </summary>
    public static Refusal? RefuseRelinking(Caller caller, EvidenceRecord current, EvidenceDetails details)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(details);
        if (caller.IsAny(Access.Audit))
        {
            return null;
        }

        var field =
            current.Restricted && details.Restricted == false ? "restricted"
            : details.ControlIds is { } controls && !ControlCatalogue.Canonical(controls).Order(StringComparer.Ordinal).SequenceEqual(current.ControlIds.Order(StringComparer.Ordinal), StringComparer.Ordinal) ? "controlIds"
            : details.CorrectiveActionId is { } action && !string.Equals(action, current.CorrectiveActionId, StringComparison.Ordinal) ? "correctiveActionId"
            : details.AuditId is { } audit && !string.Equals(audit, current.AuditId, StringComparison.Ordinal) ? "auditId"
            : null;
        return field is null
            ? null
            : Refusal.For(RefusalCode.Forbidden, field,
                field == "restricted"
                    ? $"Evidence {current.Id} is restricted; only an ISMS admin or auditor lifts that, so {caller.Upn} may add a version that stays restricted (leave restricted out)."
                    : $"Which controls, action and audit evidence {current.Id} speaks for is changed by an ISMS admin or auditor; {caller.Upn} may add a version with the same links (leave {field} out).");
    }

    public static Refusal NotReadable(Caller caller, string id)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return Refusal.For(RefusalCode.Forbidden, "id", $"Evidence {id} is read by people with an ISMS role and by the owners of the action and controls it is linked to (restricted evidence: admins, auditors, its uploader and its controls' owners); {caller.Upn} is none of them.");
    }

    private static async Task<bool> MayReadAsync(Caller caller, EvidenceRecord evidence, Owners owners, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(evidence);
        if (evidence.Restricted)
        {
            return caller.IsAny(Access.Audit)
                || evidence.Versions.Any(v => caller.Is(v.UploadedBy, v.UploadedByObjectId))
                || await owners.OwnsAControlAsync(caller, evidence, cancellationToken).ConfigureAwait(false);
        }

        return caller.IsAny(Access.Read) || await owners.OwnsALinkAsync(caller, evidence, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The owners of actions and controls, read when first asked for and kept for the rest of one decision or list.</summary>
    private sealed class Owners(CorrectiveActionRegister actions, SoaRegister soa, bool wholeSoa)
    {
        private readonly Dictionary<string, (string? Upn, string? ObjectId)> _actionOwners = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (string? Upn, string? ObjectId)> _controlOwners = new(StringComparer.OrdinalIgnoreCase);
        private bool _soaRead;

        public async Task<bool> OwnsALinkAsync(Caller caller, EvidenceRecord evidence, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(evidence);
            if (evidence.CorrectiveActionId is { } actionId)
            {
                if (!_actionOwners.TryGetValue(actionId, out var owner))
                {
                    var action = (await actions.GetAsync(actionId, cancellationToken).ConfigureAwait(false))?.Value;
                    _actionOwners[actionId] = owner = (action?.OwnerUpn, action?.OwnerObjectId);
                }

                if (caller.Is(owner.Upn, owner.ObjectId))
                {
                    return true;
                }
            }

            return await OwnsAControlAsync(caller, evidence, cancellationToken).ConfigureAwait(false);
        }

        public async Task<bool> OwnsAControlAsync(Caller caller, EvidenceRecord evidence, CancellationToken cancellationToken)
        {
            if (wholeSoa && !_soaRead)
            {
                foreach (var (id, entry) in await soa.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    _controlOwners[id] = (entry.Value.OwnerUpn, entry.Value.OwnerObjectId);
                }

                _soaRead = true;
            }

            foreach (var controlId in evidence.ControlIds)
            {
                if (!_controlOwners.TryGetValue(controlId, out var owner))
                {
                    var entry = (await soa.GetAsync(controlId, cancellationToken).ConfigureAwait(false)).Value;
                    _controlOwners[controlId] = owner = (entry.OwnerUpn, entry.OwnerObjectId);
                }

                if (caller.Is(owner.Upn, owner.ObjectId))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
