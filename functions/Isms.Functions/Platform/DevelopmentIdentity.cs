using System.Security.Cryptography;
using System.Text;

namespace Isms.Functions.Platform;

/// <summary>
/// Where there is no Entra ID (the local host without Graph, the demo, tests), people still need object ids that do
/// not change: each address gets one derived from it, the same every time and on every machine. Only the local host
/// and the development directory use it; in Azure an object id comes from the token or from Graph, never from here.
/// </summary>
public static class DevelopmentIdentity
{
    /// <summary>A GUID derived from the address (SHA-256, case-insensitive), shaped as an RFC 9562 version-8 UUID.</summary>
    public static string ObjectIdFor(string upn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(upn);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("isms-development-user:" + upn.Trim().ToUpperInvariant()), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}
