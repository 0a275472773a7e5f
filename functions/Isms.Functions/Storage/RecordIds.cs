using System.Security.Cryptography;

namespace Isms.Functions.Storage;

/// <summary>
/// Record identifiers: a readable prefix and ten random Crockford base-32 characters (no I, L, O, U), safe in
/// URLs and as Table keys. A finding's id starts with its audit's id, so its partition is known from the id.
/// </summary>
public static class RecordIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const string OutsideAuditsPrefix = "FND-";

    public static string New(string prefix) => $"{prefix}-{Random(10)}";

    public static string NewFinding(string auditId) => $"{auditId}-F{Random(6)}";

    /// <summary>A finding raised outside audits (an incident, monitoring, a complaint, a management review).</summary>
    public static string NewFindingOutsideAudits() => $"{OutsideAuditsPrefix}{Random(10)}";

    /// <summary>Whether <paramref name="findingId"/> names a finding raised outside audits.</summary>
    public static bool IsFindingOutsideAudits(string findingId) =>
        findingId?.StartsWith(OutsideAuditsPrefix, StringComparison.Ordinal) == true;

    /// <summary>The audit a finding id belongs to, or null when the id is not the id of a finding raised in an audit.</summary>
    public static string? AuditOfFinding(string findingId)
    {
        ArgumentNullException.ThrowIfNull(findingId);
        if (IsFindingOutsideAudits(findingId))
        {
            return null;
        }

        var cut = findingId.LastIndexOf("-F", StringComparison.Ordinal);
        return cut > 0 ? findingId[..cut] : null;
    }

    /// <summary>Ids come from URLs: anything a Table key cannot hold, or overly long, is simply not found.</summary>
    public static bool IsWellFormed(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 200 && id.All(c => !char.IsControl(c) && c is not ('/' or '\\' or '#' or '?' or '\''));

    private static string Random(int length) =>
        string.Create(length, 0, (span, _) =>
        {
            Span<byte> bytes = stackalloc byte[length];
            RandomNumberGenerator.Fill(bytes);
            for (var i = 0; i < length; i++)
            {
                span[i] = Alphabet[bytes[i] % Alphabet.Length];
            }
        });
}
