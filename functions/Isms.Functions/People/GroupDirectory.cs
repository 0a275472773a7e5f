using Microsoft.Extensions.Configuration;
using Isms.Core.Validation;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;

namespace Isms.Functions.People;

/// <summary>A user in a group, directly or through nested groups, as the directory returns them.</summary>
public sealed record GroupMember(string ObjectId, string Upn, bool Enabled);

/// <summary>An Entra group: its object id and the name people know it by.</summary>
public sealed record DirectoryGroup(string Id, string DisplayName);

/// <summary>
/// The groups an audience is named by, read from Entra ID. A group that is not there is null (so nobody is dropped from an
/// audience because of a typo); a refusal (403 for a missing permission) or a failure throws, and the caller keeps
/// the audience as it was.
/// </summary>
public interface IGroupDirectory
{
    Task<DirectoryGroup?> FindAsync(string groupId, CancellationToken cancellationToken);

    /// <summary>Every user in the group and its nested groups, page by page; null when the group does not exist.</summary>
    IAsyncEnumerable<GroupMember> MembersAsync(string groupId, CancellationToken cancellationToken);
}

/// <summary>The one check that the groups an audience names are in the directory, for documents and courses alike.</summary>
public static class AudienceGroups
{
    /// <summary>Null when every group is there; else the refusal naming the first that is not, or the permission missing.</summary>
    public static async Task<Refusal?> RefuseUnknownAsync(this IGroupDirectory directory, IReadOnlyList<string> groupIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(groupIds);
        foreach (var groupId in groupIds)
        {
            try
            {
                if (await directory.FindAsync(groupId, cancellationToken).ConfigureAwait(false) is null)
                {
                    return Refusal.For(RefusalCode.Invalid, "audienceGroupIds", $"Group {groupId} is not in the directory.");
                }
            }
            catch (GroupDirectoryException ex)
            {
                return Refusal.For(RefusalCode.Invalid, "audienceGroupIds", ex.Message);
            }
        }

        return null;
    }
}

/// <summary>A group the directory refused to read, with the permission that is missing.</summary>
public sealed class GroupDirectoryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Entra ID through Graph: <c>GET /groups/{id}</c> and <c>GET /groups/{id}/transitiveMembers/microsoft.graph.user</c>
/// (users only, nested groups expanded by the service), 999 a page, following <c>@odata.nextLink</c>. Needs
/// <c>GroupMember.Read.All</c> and <c>User.Read.All</c> (application permissions).
/// </summary>
public sealed class GraphGroupDirectory(GraphServiceClient graph) : IGroupDirectory
{
    private static readonly string[] UserFields = ["id", "userPrincipalName", "accountEnabled"];

    public async Task<DirectoryGroup?> FindAsync(string groupId, CancellationToken cancellationToken)
    {
        try
        {
            var group = await graph.Groups[groupId].GetAsync(r => r.QueryParameters.Select = ["id", "displayName"], cancellationToken).ConfigureAwait(false);
            return group?.Id is null ? null : new DirectoryGroup(group.Id, group.DisplayName ?? group.Id);
        }
        catch (ODataError error) when (error.ResponseStatusCode == 404)
        {
            return null;
        }
        catch (ODataError error) when (error.ResponseStatusCode == 403)
        {
            throw Refused(groupId, error);
        }
    }

    public async IAsyncEnumerable<GroupMember> MembersAsync(string groupId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var members = graph.Groups[groupId].TransitiveMembers.GraphUser;
        var page = await PageAsync(groupId, () => members.GetAsync(r => { r.QueryParameters.Select = UserFields; r.QueryParameters.Top = 999; }, cancellationToken)).ConfigureAwait(false);
        while (page is not null)
        {
            foreach (var user in page.Value ?? [])
            {
                if (user.Id is not null && user.UserPrincipalName is not null)
                {
                    yield return new GroupMember(user.Id, user.UserPrincipalName, user.AccountEnabled ?? true);
                }
            }

            var next = page.OdataNextLink;
            page = string.IsNullOrEmpty(next) ? null : await PageAsync(groupId, () => members.WithUrl(next).GetAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>One page of members; a refusal (a missing permission, a group gone) on any page is a <see cref="GroupDirectoryException"/>.</summary>
    private static async Task<Microsoft.Graph.Models.UserCollectionResponse?> PageAsync(string groupId, Func<Task<Microsoft.Graph.Models.UserCollectionResponse?>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (ODataError error) when (error.ResponseStatusCode is 403 or 404)
        {
            throw Refused(groupId, error);
        }
    }

    private static GroupDirectoryException Refused(string groupId, ODataError error) => error.ResponseStatusCode == 403
        ? new GroupDirectoryException($"Graph refused to read group {groupId} ({error.Error?.Code}): the app needs the application permissions GroupMember.Read.All and User.Read.All.", error)
        : new GroupDirectoryException($"Group {groupId} is not in the directory ({error.Error?.Code}).", error);
}

/// <summary>Groups as settings list them, where there is no Entra ID (the local host, the demo): <c>People:Groups:{id}:Members</c>.</summary>
public sealed class ConfiguredGroupDirectory(IReadOnlyDictionary<string, ConfiguredGroup> groups) : IGroupDirectory
{
    public Task<DirectoryGroup?> FindAsync(string groupId, CancellationToken cancellationToken) =>
        Task.FromResult(Group(groupId) is { } group ? new DirectoryGroup(groupId, string.IsNullOrWhiteSpace(group.DisplayName) ? groupId : group.DisplayName) : null);

    public async IAsyncEnumerable<GroupMember> MembersAsync(string groupId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var upn in (Group(groupId)?.Members ?? string.Empty).Split([',', ';', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (UserPrincipalName.IsWellFormed(upn))
            {
                yield return new GroupMember(Platform.DevelopmentIdentity.ObjectIdFor(upn), upn, Enabled: true);
            }
        }
    }

    /// <summary>The groups under <c>People:Groups</c>, by object id.</summary>
    public static ConfiguredGroupDirectory From(IConfiguration configuration) =>
        new(configuration.GetSection(PeopleOptions.SectionName + ":Groups").Get<Dictionary<string, ConfiguredGroup>>() ?? []);

    private ConfiguredGroup? Group(string groupId) =>
        groups.FirstOrDefault(g => string.Equals(g.Key, groupId, StringComparison.OrdinalIgnoreCase)).Value;
}
