using System.Security.Cryptography;
using Isms.Functions.Platform;
using Microsoft.AspNetCore.DataProtection;

namespace Isms.Functions.Pages;

/// <summary>
/// The antiforgery token every form carries: the signed-in person's UPN, protected (encrypted and signed) by the
/// app's data-protection keys and good for a working day. A form posted from another site cannot carry one, because
/// only this app's pages can make it and it names the person the cookie signs in; a token copied from someone else's
/// page names someone else.
/// </summary>
public sealed class FormTokens(IDataProtectionProvider protection, TimeProvider time)
{
    public const string FieldName = "__antiforgery";

    /// <summary>How long a page may stay open before its forms must be reloaded.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    // The expiry travels inside the protected payload and is judged by the app's TimeProvider (the data-protection
    // system's own time limit reads the machine clock, which the app's clock may not be).
    private readonly IDataProtector _protector = protection.CreateProtector("Isms.Pages.Forms.v3");

    public string Issue(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var expires = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds();
        return _protector.Protect(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{expires}|{Holder(caller)}"));
    }

    /// <summary>Whom a token is issued to: the person (object id), not the name they sign in with.</summary>
    private static string Holder(Caller caller) => caller.ObjectId.ToUpperInvariant();

    /// <summary>True when <paramref name="token"/> was issued by this app to <paramref name="caller"/> and has not expired.</summary>
    public bool IsValid(string? token, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        try
        {
            var payload = _protector.Unprotect(token);
            var bar = payload.IndexOf('|', StringComparison.Ordinal);
            if (bar < 1 || !long.TryParse(payload.AsSpan(0, bar), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var expires))
            {
                return false;
            }

            var holder = payload[(bar + 1)..];
            return DateTimeOffset.FromUnixTimeSeconds(expires) > time.GetUtcNow() && CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(holder), System.Text.Encoding.UTF8.GetBytes(Holder(caller)));
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
