namespace Isms.Functions.Platform;

/// <summary>Who runs the ISMS and where the app is reached from: for escalations, notices and links in messages.</summary>
public sealed class IsmsOptions
{
    public const string SectionName = "Isms";

    /// <summary>The ISMS manager's UPN: copied on escalations, told of audits, told of what could not be delivered.</summary>
    public string? IsmsManagerUpn { get; set; }

    /// <summary>The app's public root, for links in messages (https://{app}.azurewebsites.net in Azure).</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:7071";

    public Uri Link(string relative) => new(new Uri(PublicBaseUrl.TrimEnd('/') + "/"), relative.TrimStart('/'));
}
