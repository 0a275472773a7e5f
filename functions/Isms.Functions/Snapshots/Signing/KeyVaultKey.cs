using System.Diagnostics.CodeAnalysis;

namespace Isms.Functions.Snapshots.Signing;

/// <summary>
/// A Key Vault key id, <c>https://{vault}/keys/{name}</c> with an optional <c>/{version}</c>: the one reading of it,
/// so that signing and verifying agree on which vault, key and version a signature names.
/// </summary>
public sealed record KeyVaultKey(Uri Vault, string Name, string? Version)
{
    public Uri Id => new(Vault, Version is null ? $"keys/{Name}" : $"keys/{Name}/{Version}");

    public static bool TryParse(string? id, [NotNullWhen(true)] out KeyVaultKey? key)
    {
        key = null;
        if (!Uri.TryCreate(id, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return false;
        }

        var segments = uri.AbsolutePath.Trim('/').Split('/');
        if (segments.Length is < 2 or > 3 || segments[0] != "keys" || segments.Any(s => s.Length == 0))
        {
            return false;
        }

        key = new KeyVaultKey(new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"), segments[1], segments.Length == 3 ? segments[2] : null);
        return true;
    }

    /// <summary>Whether <paramref name="other"/> is a version of this key: same vault, same name (case-insensitive, as Key Vault names are).</summary>
    public bool HasVersion(KeyVaultKey other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Version is not null
            && Uri.Compare(Vault, other.Vault, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);
    }
}
