using System.Net;
using System.Text;

namespace Isms.Functions.Notifications;

/// <summary>
/// The body of a plain notice (an audit notice, a delivery-failure report): paragraphs, a table of facts, a list of
/// items and a link, as the HTML part and the text part of one mail. Every value is HTML-escaped in the HTML part.
/// </summary>
public static class MessageBody
{
    public static (string Html, string Text) Build(
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
        var html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(title))
            .Append("</title></head><body style=\"font-family:Segoe UI,Arial,sans-serif\">\n");
        var text = new StringBuilder();
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>\n");
            text.AppendLine(paragraph).AppendLine();
        }

        if (facts.Count > 0)
        {
            html.Append("<table cellpadding=\"4\">");
            foreach (var (label, value) in facts)
            {
                html.Append("<tr><th align=\"left\">").Append(WebUtility.HtmlEncode(label)).Append("</th><td>").Append(WebUtility.HtmlEncode(value)).Append("</td></tr>");
                text.Append(label).Append(": ").AppendLine(value);
            }

            html.Append("</table>\n");
            text.AppendLine();
        }

        if (items.Count > 0)
        {
            html.Append("<ul>\n");
            foreach (var item in items)
            {
                html.Append("<li>").Append(WebUtility.HtmlEncode(item)).Append("</li>\n");
                text.Append("- ").AppendLine(item);
            }

            html.Append("</ul>\n");
            text.AppendLine();
        }

        if (link is var (linkLabel, url))
        {
            html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(url.ToString())).Append("\">").Append(WebUtility.HtmlEncode(linkLabel)).Append("</a></p>\n");
            text.Append(linkLabel).Append(": ").AppendLine(url.ToString());
        }

        html.Append("</body></html>\n");
        return (html.ToString(), text.ToString().TrimEnd() + "\n");
    }
}
