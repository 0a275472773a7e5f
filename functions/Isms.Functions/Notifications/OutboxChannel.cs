using System.Globalization;
using System.Text;
using System.Text.Json;
using Isms.Functions.Platform;

namespace Isms.Functions.Notifications;

/// <summary>
/// Writes each notification where a person can open exactly what would have been sent: an RFC 5322 .eml
/// for the mail and a .json for the Teams activity. Names are derived from the notification's key, so a
/// retried send overwrites its own file instead of adding a second one.
/// </summary>
public sealed class OutboxChannel(IOptions<NotificationOptions> options, IOptions<GraphOptions> graph, TimeProvider time) : INotificationChannel
{
    private static readonly JsonSerializerOptions Indented = new(IsmsJson.Options) { WriteIndented = true };

    // No byte-order mark: a mail file must start with its first header.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes one file into the outbox (created when missing), UTF-8 without a byte-order mark; returns its full path.</summary>
    public static async Task<string> WriteAsync(NotificationOptions options, string fileName, string content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = Path.GetFullPath(options.OutboxDirectory);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, fileName);
        await File.WriteAllTextAsync(path, content, Utf8, cancellationToken).ConfigureAwait(false);
        return path;
    }

    public async Task<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var name = FileName(notification);
        var eml = await WriteAsync(options.Value, name + ".eml", Eml(notification), cancellationToken).ConfigureAwait(false);
        var teams = DeliveryStatus.Skipped;
        if (notification.Teams is { } activity)
        {
            var payload = new
            {
                recipient = new { upn = notification.RecipientUpn },
                topic = new { source = "text", value = notification.Subject, webUrl = activity.WebUrl?.ToString() },
                activityType = activity.ActivityType,
                previewText = new { content = activity.PreviewText },
            };
            await WriteAsync(options.Value, name + ".teams.json", JsonSerializer.Serialize(payload, Indented), cancellationToken).ConfigureAwait(false);
            teams = DeliveryStatus.Sent;
        }

        return new DeliveryResult(DeliveryStatus.Sent, teams, $"written to {Path.GetDirectoryName(eml)}");
    }

    private string Eml(Notification n)
    {
        const string Boundary = "isms-alternative";
        var from = string.IsNullOrWhiteSpace(graph.Value.SenderMailbox) ? "isms@localhost" : graph.Value.SenderMailbox;
        var eml = new StringBuilder();
        eml.Append(CultureInfo.InvariantCulture, $"From: {from}\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: {n.RecipientUpn}\r\n");
        if (n.CopyTo.Count > 0)
        {
            eml.Append(CultureInfo.InvariantCulture, $"Cc: {string.Join(", ", n.CopyTo)}\r\n");
        }

        eml.Append(CultureInfo.InvariantCulture, $"Subject: {EncodeHeader(n.Subject)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Date: {time.GetUtcNow():r}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Message-ID: <{Uri.EscapeDataString(n.Key)}@isms.local>\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-Isms-Kind: {n.Kind}\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: multipart/alternative; boundary=\"{Boundary}\"\r\n\r\n")
            .Append(CultureInfo.InvariantCulture, $"--{Boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{Base64Lines(n.TextBody)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"--{Boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{Base64Lines(n.HtmlBody)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"--{Boundary}--\r\n");
        return eml.ToString();
    }

    /// <summary>RFC 2047 for subjects beyond ASCII.</summary>
    private static string EncodeHeader(string value) =>
        value.All(c => c < 128 && !char.IsControl(c)) ? value : $"=?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(value))}?=";

    private static string Base64Lines(string text)
    {
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        return string.Join("\r\n", Enumerable.Range(0, (base64.Length + 75) / 76).Select(i => base64.Substring(i * 76, Math.Min(76, base64.Length - (i * 76)))));
    }

    private static string FileName(Notification n)
    {
        var safe = new string([.. $"{n.Kind}-{n.Key}".Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        return safe.Length > 150 ? safe[..150] : safe;
    }
}
