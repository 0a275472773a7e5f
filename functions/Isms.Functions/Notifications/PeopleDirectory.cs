using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace Isms.Functions.Notifications;

public enum ManagerLookupOutcome
{
    /// <summary>The directory names a line manager.</summary>
    Found,

    /// <summary>The owner exists but has no manager on record (Graph answers 404 on /manager).</summary>
    NoManager,

    /// <summary>The owner is not in the directory: a permanent error, reported rather than retried.</summary>
    UnknownUser,
}

public sealed record ManagerLookup(ManagerLookupOutcome Outcome, string? ManagerUpn, string? Detail = null);

/// <summary>Looks people up in Entra ID for escalation. Transient failures throw, so the caller can retry later.</summary>
public interface IPeopleDirectory
{
    Task<ManagerLookup> FindManagerAsync(string userUpn, CancellationToken cancellationToken);
}

/// <summary>Entra ID through Graph: <c>GET /users/{upn}/manager</c>, and on 404 <c>GET /users/{upn}</c> to tell "no manager" from "no such user".</summary>
public sealed class GraphPeopleDirectory(GraphServiceClient graph) : IPeopleDirectory
{
    public async Task<ManagerLookup> FindManagerAsync(string userUpn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userUpn);
        try
        {
            var manager = await graph.Users[userUpn].Manager.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var upn = (manager as User) is { } user ? user.Mail ?? user.UserPrincipalName : null;
            return upn is null
                ? new ManagerLookup(ManagerLookupOutcome.NoManager, null, "the manager on record has no mailbox")
                : new ManagerLookup(ManagerLookupOutcome.Found, upn);
        }
        catch (ODataError error) when (error.ResponseStatusCode == 404)
        {
            // Graph answers 404 both for a user without a manager and for a user that does not exist.
            try
            {
                await graph.Users[userUpn].GetAsync(r => r.QueryParameters.Select = ["id"], cancellationToken).ConfigureAwait(false);
                return new ManagerLookup(ManagerLookupOutcome.NoManager, null);
            }
            catch (ODataError missing) when (missing.ResponseStatusCode == 404)
            {
                return new ManagerLookup(ManagerLookupOutcome.UnknownUser, null, $"{userUpn} is not in the directory ({missing.Error?.Code ?? "404"}).");
            }
        }
    }
}

/// <summary>Without Graph (the local outbox), nobody's manager is known, so escalation goes to the ISMS manager.</summary>
public sealed class NoPeopleDirectory : IPeopleDirectory
{
    public Task<ManagerLookup> FindManagerAsync(string userUpn, CancellationToken cancellationToken) =>
        Task.FromResult(new ManagerLookup(ManagerLookupOutcome.NoManager, null, "no directory is configured (outbox mode)"));
}
