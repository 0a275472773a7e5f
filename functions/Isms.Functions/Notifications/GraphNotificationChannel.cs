using Isms.Functions.Platform;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.SendMail;
using Microsoft.Graph.Users.Item.Teamwork.SendActivityNotification;
using Microsoft.Kiota.Abstractions;

namespace Isms.Functions.Notifications;

/// <summary>
/// Delivers through Microsoft Graph: the mail from the shared sender mailbox (<c>POST /users/{sender}/sendMail</c>)
/// and, when a Teams app is configured, an activity-feed entry (<c>POST /users/{id}/teamwork/sendActivityNotification</c>).
/// The two are sent side by side and judged apart: a Teams failure never blocks the mail, nor the reverse. The
/// recipient is looked up in the directory first: mail goes to the address the directory holds for an enabled user of
/// the tenant, and to nobody else (a permanent failure naming why).
/// </summary>
public sealed partial class GraphNotificationChannel(GraphServiceClient graph, People.IUserDirectory directory, IOptions<GraphOptions> options, ILogger<GraphNotificationChannel> logger) : INotificationChannel
{
    /// <summary>Graph is used when <c>Notifications:Channel</c> is Graph and a sender mailbox is configured.</summary>
    public static bool IsSelected(NotificationOptions notifications, GraphOptions graph)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        ArgumentNullException.ThrowIfNull(graph);
        return string.Equals(notifications.Channel, "Graph", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(graph.SenderMailbox);
    }

    public async Task<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        People.DirectoryAnswer recipient;
        try
        {
            recipient = await directory.FindAsync(notification.RecipientUpn, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Classify(ex) is { } failure)
        {
            LogMailFailed(logger, notification.Kind, notification.RecipientUpn, failure.Status, failure.Detail);
            return new DeliveryResult(failure.Status, failure.Status, "directory: " + failure.Detail);
        }

        if (recipient.User is not { } user)
        {
            LogMailFailed(logger, notification.Kind, notification.RecipientUpn, DeliveryStatus.FailedPermanent, recipient.Why);
            return new DeliveryResult(DeliveryStatus.FailedPermanent, DeliveryStatus.FailedPermanent, recipient.Why);
        }

        var mail = SendMailAsync(notification, user.Mail, cancellationToken);
        var teams = notification.Teams is { } activity && !string.IsNullOrWhiteSpace(options.Value.TeamsAppId)
            ? SendTeamsAsync(notification, user.ObjectId, activity, cancellationToken)
            : Task.FromResult((DeliveryStatus.Skipped, (string?)null));
        await Task.WhenAll(mail, teams).ConfigureAwait(false);
        var (mailStatus, mailDetail) = await mail.ConfigureAwait(false);
        var (teamsStatus, teamsDetail) = await teams.ConfigureAwait(false);
        var detail = string.Join("; ", new[] { mailDetail is null ? null : "mail: " + mailDetail, teamsDetail is null ? null : "teams: " + teamsDetail }.OfType<string>());
        return new DeliveryResult(mailStatus, teamsStatus, detail.Length == 0 ? null : detail);
    }

    private async Task<(DeliveryStatus, string?)> SendMailAsync(Notification n, string address, CancellationToken cancellationToken)
    {
        var body = new SendMailPostRequestBody
        {
            Message = new Message
            {
                Subject = n.Subject,
                Body = new ItemBody { ContentType = BodyType.Html, Content = n.HtmlBody },
                ToRecipients = [Recipient(address)],
                CcRecipients = [.. n.CopyTo.Select(Recipient)],
                InternetMessageHeaders = [new InternetMessageHeader { Name = "X-Isms-Key", Value = n.Key }],
            },
            SaveToSentItems = options.Value.SaveToSentItems,
        };
        try
        {
            await graph.Users[options.Value.SenderMailbox].SendMail.PostAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (DeliveryStatus.Sent, null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Classify(ex) is { } failure)
        {
            LogMailFailed(logger, n.Kind, n.RecipientUpn, failure.Status, failure.Detail);
            return failure;
        }
    }

    private async Task<(DeliveryStatus, string?)> SendTeamsAsync(Notification n, string objectId, TeamsActivity activity, CancellationToken cancellationToken)
    {
        var body = new SendActivityNotificationPostRequestBody
        {
            Topic = new TeamworkActivityTopic { Source = TeamworkActivityTopicSource.Text, Value = n.Subject, WebUrl = activity.WebUrl?.ToString() },
            ActivityType = activity.ActivityType,
            PreviewText = new ItemBody { Content = activity.PreviewText },
            TemplateParameters = activity.TemplateParameters is { } parameters
                ? [.. parameters.Select(p => new Microsoft.Graph.Models.KeyValuePair { Name = p.Key, Value = p.Value })]
                : null,
        };
        try
        {
            await graph.Users[objectId].Teamwork.SendActivityNotification.PostAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (DeliveryStatus.Sent, null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Classify(ex) is { } failure)
        {
            LogTeamsFailed(logger, n.Kind, n.RecipientUpn, failure.Status, failure.Detail);
            return failure;
        }
    }

    /// <summary>Throttling that outlasted the retries, server errors and network trouble are transient; other 4xx are permanent.</summary>
    private static (DeliveryStatus Status, string? Detail)? Classify(Exception ex) => ex switch
    {
        ODataError e => (Transient(e.ResponseStatusCode) ? DeliveryStatus.FailedTransient : DeliveryStatus.FailedPermanent, $"{e.ResponseStatusCode} {e.Error?.Code}: {e.Error?.Message}"),
        ApiException e => (Transient(e.ResponseStatusCode) ? DeliveryStatus.FailedTransient : DeliveryStatus.FailedPermanent, $"{e.ResponseStatusCode}: {e.Message}"),
        HttpRequestException or TaskCanceledException or IOException => (DeliveryStatus.FailedTransient, ex.Message),
        _ => null,
    };

    private static bool Transient(int status) => status is 408 or 429 or >= 500 or 0;

    private static Recipient Recipient(string address) => new() { EmailAddress = new EmailAddress { Address = address } };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph mail ({Kind}) to {Recipient} failed: {Status} {Detail}")]
    private static partial void LogMailFailed(ILogger logger, string kind, string recipient, DeliveryStatus status, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams activity ({Kind}) for {Recipient} failed: {Status} {Detail}")]
    private static partial void LogTeamsFailed(ILogger logger, string kind, string recipient, DeliveryStatus status, string? detail);
}
