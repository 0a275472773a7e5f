using Isms.Core.Reminders;
using Isms.Functions.Pages;
using Isms.Functions.Pages.Mail;

namespace Isms.Functions.Notifications;

/// <summary>The HTML parts of the reminder digests: the <see cref="DigestMail"/> component, every value encoded.</summary>
public static class MailBodies
{
    public static async Task<string> DigestAsync(ReminderDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var html = await ComponentHtml.RenderAsync<DigestMail>(new Dictionary<string, object?> { [nameof(DigestMail.Digest)] = digest }).ConfigureAwait(false);
        return "<!DOCTYPE html>\n" + html + "\n";
    }
}
