using Isms.Core.Reminders;
using Isms.Functions.Pages;
using Isms.Functions.Pages.Mail;

namespace Isms.Functions.Notifications;

/// <summary>
/// The HTML parts of mails: a component under <c>Pages/Mail</c> (in a <see cref="MailLayout"/>) rendered by
/// <see cref="ComponentHtml"/>, every value encoded, as a whole document. The one place a mail's HTML is made.
/// </summary>
public static class MailBodies
{
    /// <summary>One owner's reminder digest (<see cref="DigestMail"/>).</summary>
    public static Task<string> DigestAsync(ReminderDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return RenderAsync<DigestMail>(new Dictionary<string, object?> { [nameof(DigestMail.Digest)] = digest });
    }

    /// <summary>A mail component as the HTML part of a message: the document type, then the component.</summary>
    public static async Task<string> RenderAsync<TMail>(IReadOnlyDictionary<string, object?> parameters)
        where TMail : Microsoft.AspNetCore.Components.IComponent
    {
        var html = await ComponentHtml.RenderAsync<TMail>(parameters).ConfigureAwait(false);
        return "<!DOCTYPE html>\n" + html + "\n";
    }
}
