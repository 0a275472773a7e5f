using System.Globalization;
using System.Text;

namespace Isms.Functions.Chasing;

/// <summary>
/// Makes any text safe as a Table Storage key: '/', '\', '#', '?', '%' and control characters are
/// percent-encoded (guest UPNs contain '#EXT#'), so distinct inputs stay distinct.
/// </summary>
public static class TableKey
{
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

    /// <summary>An owner's key: UPNs are case-insensitive, so one person has one key.</summary>
    public static string Owner(string upn)
    {
        ArgumentNullException.ThrowIfNull(upn);
        return Encode(upn.Trim().ToLowerInvariant());
    }

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);
}
