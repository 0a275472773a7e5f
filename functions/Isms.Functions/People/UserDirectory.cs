using Isms.Core.Validation;
using Isms.Functions.Platform;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;

namespace Isms.Functions.People;

/// <summary>A person of the tenant as the directory knows them: who they are (object id) and how to reach them.</summary>
public sealed record DirectoryUser(string ObjectId, string Upn, string Mail, bool IsGuest);

/// <summary>What the directory said about an address: the user, or why nobody may be assigned under it.</summary>
public sealed record DirectoryAnswer(DirectoryUser? User, string? Why)
{
    public static DirectoryAnswer Found(DirectoryUser user) => new(user, null);

    public static DirectoryAnswer Refused(string why) => new(null, why);
}

/// <summary>
/// Resolves the people the app is told about (owners, auditors) once, when they are assigned, to the tenant's user
/// behind the address. Transient failures throw, so nothing is assigned to someone the directory has not confirmed.
/// </summary>
public interface IUserDirectory
{
    Task<DirectoryAnswer> FindAsync(string upn, CancellationToken cancellationToken);
}

/// <summary>Who may be assigned: guests of the tenant too, unless the organisation forbids it.</summary>
public sealed class DirectoryOptions
{
    public const string SectionName = "Identity";

    /// <summary>Whether B2B guests may own controls and actions or audit (default true).</summary>
    public bool AllowGuests { get; set; } = true;
}

/// <summary>Entra ID through Graph: <c>GET /users/{upn}</c>, an enabled user of the tenant.</summary>
public sealed class GraphUserDirectory(GraphServiceClient graph, IOptions<DirectoryOptions> options) : IUserDirectory
{
    public async Task<DirectoryAnswer> FindAsync(string upn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(upn);
        Microsoft.Graph.Models.User? user;
        try
        {
            user = await graph.Users[upn.Trim()].GetAsync(
                r => r.QueryParameters.Select = ["id", "userPrincipalName", "mail", "accountEnabled", "userType"], cancellationToken).ConfigureAwait(false);
        }
        catch (ODataError error) when (error.ResponseStatusCode == 404)
        {
            return DirectoryAnswer.Refused($"{upn} is not a user of the organisation's directory.");
        }

        if (user?.Id is null)
        {
            return DirectoryAnswer.Refused($"{upn} is not a user of the organisation's directory.");
        }

        return UserDirectoryRules.Judge(new DirectoryUser(user.Id, user.UserPrincipalName ?? upn.Trim(), user.Mail ?? user.UserPrincipalName ?? upn.Trim(), string.Equals(user.UserType, "Guest", StringComparison.OrdinalIgnoreCase)),
            user.AccountEnabled ?? true, options.Value);
    }
}

/// <summary>
/// Where there is no Entra ID (the local host without Graph, the demo): any well-formed address is an enabled member,
/// with the object id <see cref="DevelopmentIdentity"/> gives it, the same id the local host gives a principal header
/// without one, so the curl examples and scripts are the owners they name.
/// </summary>
public sealed class DevelopmentUserDirectory : IUserDirectory
{
    public Task<DirectoryAnswer> FindAsync(string upn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(upn);
        var address = upn.Trim();
        return Task.FromResult(UserPrincipalName.IsWellFormed(address)
            ? DirectoryAnswer.Found(new DirectoryUser(DevelopmentIdentity.ObjectIdFor(address), address, address, IsGuest: false))
            : DirectoryAnswer.Refused($"'{upn}' is not a user principal name."));
    }
}

/// <summary>The one rule on who the directory's answer lets the app assign.</summary>
public static class UserDirectoryRules
{
    public static DirectoryAnswer Judge(DirectoryUser user, bool enabled, DirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(options);
        if (!enabled)
        {
            return DirectoryAnswer.Refused($"{user.Upn}'s account is disabled in the directory; assign someone who can sign in.");
        }

        return user.IsGuest && !options.AllowGuests
            ? DirectoryAnswer.Refused($"{user.Upn} is a guest of the tenant, and this organisation does not let guests be assigned (Identity:AllowGuests).")
            : DirectoryAnswer.Found(user);
    }
}
