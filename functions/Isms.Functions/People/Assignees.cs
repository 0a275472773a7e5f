using Isms.Core.Audits;
using Isms.Core.Validation;

namespace Isms.Functions.People;

/// <summary>
/// The one place people named on records (owners, auditors) are resolved through the directory when they are
/// assigned, so the record keeps who they are (object id) and not only what they were called. Someone already on the
/// record under the same name keeps the id they were given; only newcomers are looked up.
/// </summary>
public sealed class Assignees(IUserDirectory directory)
{
    /// <summary>The object id of the person <paramref name="field"/> names, or the refusal saying why they cannot be assigned.</summary>
    public async Task<Outcome<string>> ResolveAsync(string field, string upn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(upn);
        var answer = await directory.FindAsync(upn, cancellationToken).ConfigureAwait(false);
        return answer.User is { } user
            ? Outcome.Success(user.ObjectId)
            : Outcome.Refused<string>(RefusalCode.Invalid, field, $"{field}: {answer.Why}");
    }

    /// <summary>
    /// An owner as the record will keep them: the same person as before keeps their id; someone new is resolved.
    /// Null owner, null id.
    /// </summary>
    public async Task<(string? ObjectId, Refusal? Refusal)> OwnerAsync(string field, string? upn, string? previousUpn, string? previousObjectId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(upn))
        {
            return (null, null);
        }

        if (previousObjectId is not null && UserPrincipalName.AreSame(upn, previousUpn))
        {
            return (previousObjectId, null);
        }

        var resolved = await ResolveAsync(field, upn, cancellationToken).ConfigureAwait(false);
        return resolved.IsSuccess ? (resolved.Value, null) : (null, resolved.Refusal);
    }

    /// <summary>
    /// The object ids of an audit's team, each member resolved unless <paramref name="known"/> already holds them, and
    /// the refusal for the first member the directory does not confirm (that member has no id in the map).
    /// </summary>
    public async Task<(IReadOnlyDictionary<string, string> ObjectIds, Refusal? Refusal)> TeamAsync(Audit audit, IReadOnlyDictionary<string, string> known, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(known);
        var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Refusal? first = null;
        foreach (var member in audit.Team)
        {
            if (Audit.ObjectIdOf(known, member) is { } id)
            {
                ids[member] = id;
                continue;
            }

            var field = UserPrincipalName.AreSame(member, audit.LeadAuditorUpn) ? "leadAuditorUpn" : "auditors";
            var resolved = await ResolveAsync(field, member, cancellationToken).ConfigureAwait(false);
            if (resolved.IsSuccess)
            {
                ids[member] = resolved.Value;
            }
            else
            {
                first ??= resolved.Refusal;
            }
        }

        return (ids, first);
    }
}
