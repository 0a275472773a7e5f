namespace Isms.Core.Validation;

/// <summary>
/// A deliberately loose shape check for Entra user principal names: <c>local@domain.tld</c>.
/// </summary>
/// <remarks>
/// Entra ID is the authority on which UPNs exist; this only catches what is plainly not one (a display
/// name, a typo without a domain) before it becomes an owner nobody can be reminded. Guest UPNs such as
/// <c>jane_fabrikam.com#EXT#@contoso.onmicrosoft.com</c> pass.
/// </remarks>
public static class UserPrincipalName
{
    /// <summary>The longest e-mail address SMTP allows; reminders are e-mailed to owners.</summary>
    public const int MaxLength = 254;

    public static bool IsWellFormed(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength || value.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var at = value.LastIndexOf('@');
        if (at <= 0 || value.IndexOf('@', StringComparison.Ordinal) != at)
        {
            return false;
        }

        var domain = value[(at + 1)..];
        var labels = domain.Split('.');
        return labels.Length >= 2 && labels.All(l => l.Length > 0 && !l.StartsWith('-') && !l.EndsWith('-'));
    }

    /// <summary>UPNs are case-insensitive in Entra ID, so two spellings of one person are the same person.</summary>
    public static bool AreSame(string? a, string? b) =>
        a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether two people named on records are one person: by Entra object id where both carry one (a UPN can be
    /// renamed or given to someone else; the object id cannot), by UPN only where a record predates object ids.
    /// </summary>
    public static bool AreSamePerson(string? upnA, string? objectIdA, string? upnB, string? objectIdB) =>
        !string.IsNullOrWhiteSpace(objectIdA) && !string.IsNullOrWhiteSpace(objectIdB)
            ? string.Equals(objectIdA, objectIdB, StringComparison.OrdinalIgnoreCase)
            : AreSame(upnA, upnB);
}
