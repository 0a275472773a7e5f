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

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Isms.Pages.Forms.v1").ToTimeLimitedDataProtector();

    public string Issue(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return _protector.Protect(caller.Upn.ToUpperInvariant(), time.GetUtcNow() + Lifetime);
    }

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
            var upn = _protector.Unprotect(token, out var expires);
            return expires > time.GetUtcNow() && CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(upn), System.Text.Encoding.UTF8.GetBytes(caller.Upn.ToUpperInvariant()));
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
