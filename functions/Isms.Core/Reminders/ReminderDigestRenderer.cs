using System.Globalization;
using System.Text;

namespace Isms.Core.Reminders;

/// <summary>
/// The words of a digest: its plain text (the mail's text part and Teams previews), and the phrases the HTML part
/// (a Razor component of the Functions app, which encodes every value) shows too, so both parts say the same.
/// Only absolute http(s) links count as links, so a <c>javascript:</c> link arrives inert.
/// </summary>
public static class ReminderDigestRenderer
{
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
            (ReminderKind.RiskReview or ReminderKind.DocumentReview, > 0, _) => $"review {Days(item.DaysOverdue)} overdue",
            (ReminderKind.RiskReview or ReminderKind.DocumentReview, _, 0) => "review due today",
            (ReminderKind.RiskReview or ReminderKind.DocumentReview, _, _) => $"review due in {Days(item.DaysUntilDue)}",
            (ReminderKind.Acknowledgement, > 0, _) => $"to acknowledge, {Days(item.DaysOverdue)} overdue",
            (ReminderKind.Acknowledgement, _, 0) => "to acknowledge today",
            (ReminderKind.Acknowledgement, _, _) => $"to acknowledge within {Days(item.DaysUntilDue)}",
            (ReminderKind.Training, > 0, _) => $"training {Days(item.DaysOverdue)} overdue",
            (ReminderKind.Training, _, 0) => "training due today",
            (ReminderKind.Training, _, _) => $"training due in {Days(item.DaysUntilDue)}",
            (_, > 0, _) => $"{Days(item.DaysOverdue)} overdue",
            (_, _, 0) => "due today",
            _ => $"due in {Days(item.DaysUntilDue)}",
        };
    }

    public static string Introduction(ReminderDigest digest) =>
        string.Create(CultureInfo.InvariantCulture, $"As of {Date(digest.Date)}, {digest.Items.Count} {(digest.Items.Count == 1 ? "item needs" : "items need")} your attention.");

    public static string? CopyNote(ReminderDigest digest) => digest switch
    {
        { OwnerHasNoManager: true } => "No line manager is on record for you in the directory, so the ISMS manager has been copied instead.",
        { CopyManager: true, CopyIsmsManager: true } => "Your line manager and the ISMS manager have been copied because an item is long overdue.",
        { CopyManager: true } => "Your line manager has been copied because an item is overdue.",
        _ => null,
    };

    public static string KindLabel(ReminderKind kind) => kind switch
    {
        ReminderKind.Audit => "Audit",
        ReminderKind.Evidence => "Evidence",
        ReminderKind.RiskReview => "Risk review",
        ReminderKind.Acknowledgement => "Policy to acknowledge",
        ReminderKind.Training => "Training",
        ReminderKind.DocumentReview => "Document review",
        _ => "Corrective action",
    };

    public static string Controls(ReminderDigestItem item) =>
        item.ControlIds is { Count: > 0 } ids ? string.Join(", ", ids) : "-";

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Days(int days) => days == 1 ? "1 day" : string.Create(CultureInfo.InvariantCulture, $"{days} days");

    public static string? SafeLink(Uri? link) =>
        link is { IsAbsoluteUri: true } && (link.Scheme == Uri.UriSchemeHttps || link.Scheme == Uri.UriSchemeHttp)
            ? link.AbsoluteUri
            : null;

}
