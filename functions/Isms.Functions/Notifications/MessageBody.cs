using System.Text;
using Isms.Functions.Pages.Mail;

namespace Isms.Functions.Notifications;

/// <summary>
/// The body of a plain notice (an audit notice, a delivery-failure report): paragraphs, a table of facts, a list of
/// items and a link, as the HTML part (the <see cref="NoticeMail"/> component, every value encoded) and the text part.
/// </summary>
public static class MessageBody
{
    public static async Task<(string Html, string Text)> BuildAsync(
        string title,
        IReadOnlyList<string> paragraphs,
        IReadOnlyList<(string Label, string Value)> facts,
        IReadOnlyList<string> items,
        (string Label, Uri Url)? link)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(paragraphs);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(items);
        var text = new StringBuilder();
        foreach (var paragraph in paragraphs)
        {
            text.AppendLine(paragraph).AppendLine();
        }

        if (facts.Count > 0)
        {
            foreach (var (label, value) in facts)
            {
                text.Append(label).Append(": ").AppendLine(value);
            }

            text.AppendLine();
        }

        if (items.Count > 0)
        {
            foreach (var item in items)
            {
                text.Append("- ").AppendLine(item);
            }

            text.AppendLine();
        }

        if (link is var (linkLabel, url))
        {
            text.Append(linkLabel).Append(": ").AppendLine(url.ToString());
        }

        var html = await MailBodies.RenderAsync<NoticeMail>(new Dictionary<string, object?>
        {
            [nameof(NoticeMail.Title)] = title,
            [nameof(NoticeMail.Paragraphs)] = paragraphs,
            [nameof(NoticeMail.Facts)] = facts,
            [nameof(NoticeMail.Items)] = items,
            [nameof(NoticeMail.Link)] = link,
        }).ConfigureAwait(false);
        return (html, text.ToString().TrimEnd() + "\n");
    }
}
