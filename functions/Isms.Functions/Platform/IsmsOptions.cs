namespace Isms.Functions.Platform;

/// <summary>Who runs the ISMS and where the app is reached from: for escalations, notices and links in messages.</summary>
public sealed class IsmsOptions
{
    public const string SectionName = "Isms";

    /// <summary>The ISMS manager's UPN: copied on escalations, told of audits, told of what could not be delivered.</summary>
    public string? IsmsManagerUpn { get; set; }

    /// <summary>The app's public root, for links in messages (https://{app}.azurewebsites.net in Azure).</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:7071";

    /// <summary>
    /// Where a link from a mail or a Teams card sends a person first, who may not be signed in to the app: in Azure,
    /// App Service Authentication's login (<c>/.auth/login/aad</c>), which signs them in and then opens the page. The
    /// app answers 401 rather than redirecting (API clients need that), so a bare link would show a signed-out
    /// person an error. Empty (locally) links go straight to the page.
    /// </summary>
    public string SignInPath { get; set; } = string.Empty;

    /// <summary>
    /// The organisation's time zone (IANA name, e.g. Europe/London): the zone in which "today" is decided for due
    /// dates, reminders, business days, the audit programme and evidence freshness. UTC when empty.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    public Uri Link(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        var root = new Uri(PublicBaseUrl.TrimEnd('/') + "/");
        var target = relative.TrimStart('/');
        return string.IsNullOrWhiteSpace(SignInPath)
            ? new Uri(root, target)
            : new Uri(root, $"{SignInPath.Trim().Trim('/')}?post_login_redirect_uri={Uri.EscapeDataString(new Uri(root, target).PathAndQuery)}");
    }
}
