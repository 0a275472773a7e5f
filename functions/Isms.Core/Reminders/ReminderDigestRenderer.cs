using System.Globalization;
using System.Net;
using System.Text;

namespace Isms.Core.Reminders;

/// <summary>
/// Renders a digest as an HTML mail body and as plain text (for the text part and Teams previews).
/// Every piece of user text is HTML-encoded, and only absolute http(s) links become hyperlinks, so a
/// title such as <c>&lt;script&gt;</c> or a <c>javascript:</c> link arrives inert.
/// </summary>
public static class ReminderDigestRenderer
{
    public static string RenderHtml(ReminderDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>")
            .Append(Encode(digest.Subject))
            .Append("</title></head>\n<body style=\"font-family:'Segoe UI',Arial,sans-serif;font-size:14px\">\n")
            .Append("<p>Hello ").Append(Encode(digest.OwnerUpn)).Append(",</p>\n")
            .Append("<p>").Append(Encode(Introduction(digest))).Append("</p>\n");

        var copies = CopyNote(digest);
        if (copies is not null)
        {
            html.Append("<p><strong>").Append(Encode(copies)).Append("</strong></p>\n");
        }

        html.Append("<table style=\"border-collapse:collapse\" cellpadding=\"6\" border=\"1\">\n<thead><tr>")
            .Append("<th scope=\"col\">Item</th><th scope=\"col\">Finding</th><th scope=\"col\">Controls</th>")
            .Append("<th scope=\"col\">Due</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
        foreach (var item in digest.Items)
        {
            html.Append("<tr><td>").Append(Encode(KindLabel(item.Kind))).Append(": ");
            if (SafeLink(item.Link) is { } link)
            {
                html.Append("<a href=\"").Append(Encode(link)).Append("\">").Append(Encode(item.Title)).Append("</a>");
            }
            else
            {
                html.Append(Encode(item.Title));
            }

            html.Append("</td><td>").Append(Encode(item.FindingId ?? "-"))
                .Append("</td><td>").Append(Encode(Controls(item)))
                .Append("</td><td>").Append(Encode(Date(item.DueDate)))
                .Append("</td><td>").Append(Encode(Status(item)))
                .Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n<p>This message was sent by the ISMS automation. ")
            .Append("To pause reminders for an item, snooze it with a reason.</p>\n</body>\n</html>\n");
        return html.ToString();
    }

    public static string RenderText(ReminderDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var text = new StringBuilder();
        text.Append("Hello ").Append(digest.OwnerUpn).Append(",\n\n").Append(Introduction(digest)).Append('\n');
        if (CopyNote(digest) is { } copies)
        {
            text.Append('\n').Append(copies).Append('\n');
        }

        text.Append('\n');
        foreach (var item in digest.Items)
        {
            text.Append("- ").Append(KindLabel(item.Kind)).Append(": ").Append(item.Title)
                .Append(" | finding ").Append(item.FindingId ?? "-")
                .Append(" | controls ").Append(Controls(item))
                .Append(" | due ").Append(Date(item.DueDate))
                .Append(" | ").Append(Status(item));
            if (SafeLink(item.Link) is { } link)
            {
                text.Append(" | ").Append(link);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>What the item's state is on the digest's date, in words.</summary>
    public static string Status(ReminderDigestItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return (item.Kind, item.DaysOverdue, item.DaysUntilDue) switch
        {
            (ReminderKind.Evidence, > 0, _) => $"stale for {Days(item.DaysOverdue)}",
            (ReminderKind.Evidence, _, 0) => "goes stale today",
            (ReminderKind.Evidence, _, _) => $"goes stale in {Days(item.DaysUntilDue)}",
            (ReminderKind.Audit, > 0, _) => $"planned start was {Days(item.DaysOverdue)} ago",
            (ReminderKind.Audit, _, 0) => "starts today",
            (ReminderKind.Audit, _, _) => $"starts in {Days(item.DaysUntilDue)}",
            (_, > 0, _) => $"{Days(item.DaysOverdue)} overdue",
            (_, _, 0) => "due today",
            _ => $"due in {Days(item.DaysUntilDue)}",
        };
    }

    private static string Introduction(ReminderDigest digest) =>
        string.Create(CultureInfo.InvariantCulture, $"As of {Date(digest.Date)}, {digest.Items.Count} {(digest.Items.Count == 1 ? "item needs" : "items need")} your attention.");

    private static string? CopyNote(ReminderDigest digest) => digest switch
    {
        { OwnerHasNoManager: true } => "No line manager is on record for you in the directory, so the ISMS manager has been copied instead.",
        { CopyManager: true, CopyIsmsManager: true } => "Your line manager and the ISMS manager have been copied because an item is long overdue.",
        { CopyManager: true } => "Your line manager has been copied because an item is overdue.",
        _ => null,
    };

    private static string KindLabel(ReminderKind kind) => kind switch
    {
        ReminderKind.Audit => "Audit",
        ReminderKind.Evidence => "Evidence",
        _ => "Corrective action",
    };

    private static string Controls(ReminderDigestItem item) =>
        item.ControlIds is { Count: > 0 } ids ? string.Join(", ", ids) : "-";

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Days(int days) => days == 1 ? "1 day" : string.Create(CultureInfo.InvariantCulture, $"{days} days");

    private static string? SafeLink(Uri? link) =>
        link is { IsAbsoluteUri: true } && (link.Scheme == Uri.UriSchemeHttps || link.Scheme == Uri.UriSchemeHttp)
            ? link.AbsoluteUri
            : null;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
