namespace Isms.Functions.Pages.Mail;

/// <summary>Only absolute http(s) links become hyperlinks in a mail, so a <c>javascript:</c> link arrives inert.</summary>
public static class MailLinks
{
    public static string? Safe(Uri? link) => Isms.Core.Reminders.ReminderDigestRenderer.SafeLink(link);
}
