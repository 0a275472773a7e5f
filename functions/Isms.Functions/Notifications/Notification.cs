namespace Isms.Functions.Notifications;

/// <summary>
/// One message to one person: the e-mail (subject, HTML and plain text, people copied) and, when the person
/// should also see it in Teams, the activity-feed entry. Built by the features; delivered by a channel.
/// </summary>
/// <param name="Kind">What it is about, e.g. CorrectiveActionDigest, AuditNotice, EvidenceFreshness; names files and logs.</param>
/// <param name="Key">A stable id of this message (e.g. the owner and run), so a retried send can be recognised.</param>
public sealed record Notification(
    string Kind,
    string Key,
    string RecipientUpn,
    IReadOnlyList<string> CopyTo,
    string Subject,
    string HtmlBody,
    string TextBody,
    TeamsActivity? Teams);

/// <summary>A Teams activity-feed notification (needs the product's Teams app installed for the recipient).</summary>
/// <param name="ActivityType">One of the activity types declared in infra/teams-app/manifest.json.</param>
/// <param name="TemplateParameters">Values for the placeholders of that activity type's templateText.</param>
public sealed record TeamsActivity(string ActivityType, string PreviewText, Uri? WebUrl, IReadOnlyDictionary<string, string>? TemplateParameters = null);

/// <summary>What happened to each part of a notification; a failure of one part never blocks the other.</summary>
public sealed record DeliveryResult(DeliveryStatus Mail, DeliveryStatus Teams, string? Detail)
{
    public bool MailDelivered => Mail == DeliveryStatus.Sent;
}

public enum DeliveryStatus
{
    Sent,
    Skipped,
    FailedTransient,
    FailedPermanent,
}

/// <summary>Delivers notifications: Microsoft Graph in Azure, the outbox folder locally.</summary>
public interface INotificationChannel
{
    Task<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken);
}
