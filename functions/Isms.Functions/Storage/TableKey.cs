using System.Globalization;
using System.Text;

namespace Isms.Functions.Storage;

/// <summary>
/// The one way text becomes a Table Storage key. Azure Table Storage (and Azurite) refuse '/', '\', '#', '?' and
/// control characters in PartitionKey and RowKey; guest users' UPNs contain '#EXT#'. Those characters, and '%'
/// itself, are percent-encoded, so distinct inputs stay distinct and the encoding can be read back. Text without
/// them (every id the app generates, every ordinary UPN) is its own key, so rows written before this encoder
/// existed read the same.
/// </summary>
public static class TableKey
{
    /// <summary>The most characters a key may have (the service's limit is 1 KiB).</summary>
    public const int MaxLength = 512;

    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Any(NeedsEscape))
        {
            return value;
        }

        var encoded = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                encoded.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                encoded.Append(c);
            }
        }

        return encoded.ToString();
    }

    /// <summary>The text <see cref="Encode"/> was given.</summary>
    public static string Decode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Contains('%', StringComparison.Ordinal))
        {
            return key;
        }

        var decoded = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] == '%' && i + 2 < key.Length && int.TryParse(key.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                decoded.Append((char)code);
                i += 2;
            }
            else
            {
                decoded.Append(key[i]);
            }
        }

        return decoded.ToString();
    }

    /// <summary>An owner's key: UPNs are case-insensitive, so one person has one key.</summary>
    public static string Owner(string upn)
    {
        ArgumentNullException.ThrowIfNull(upn);
        return Encode(upn.Trim().ToLowerInvariant());
    }

    /// <summary>A key made of a fixed prefix and encoded text: "open|" + owner, "finding|" + id.</summary>
    public static string Prefixed(string prefix, string value)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return prefix + Encode(value);
    }

    /// <summary>True when the service would take <paramref name="key"/> as a PartitionKey or RowKey.</summary>
    public static bool IsAllowed(string? key) =>
        key is not null && key.Length <= MaxLength && !key.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    /// <summary>The key itself, or a failure naming it: a key the app builds that the service would refuse is a bug.</summary>
    public static string Checked(string key) =>
        IsAllowed(key) ? key : throw new ArgumentException($"'{key}' cannot be a Table Storage key ('/', '\\', '#', '?' and control characters are refused); build it with TableKey.", nameof(key));

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);
}
