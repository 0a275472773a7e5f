using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Isms.Core.Audits;
using Isms.Functions.Platform;

namespace Isms.Functions.Summary;

/// <summary>
/// The weekly summary as a Teams Workflows webhook message: one Adaptive Card (schema 1.4, the newest every Teams
/// client renders) whose only actions are <c>Action.OpenUrl</c> links into the app. Text a person typed (a
/// correction, an audit title) is cut to a readable length and has its Markdown escaped, so it can neither format
/// the card nor hide a link behind other words (a bare address stays visible as itself).
/// </summary>
public static class WeeklySummaryCard
{
    public const string CardVersion = "1.4";
    public const int MaxUserTextLength = 160;
    private const string MarkdownSyntax = "\\`*_[]";

    public static JsonObject Message(WeeklySummary summary, IsmsOptions isms)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(isms);
        var body = new JsonArray
        {
            Text($"ISMS weekly summary, {summary.Week}", weight: "Bolder", size: "Medium"),
            Text($"As of {Date(summary.AsOf)}", subtle: true),
            new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray
                {
                    Fact("Corrective actions", summary.OpenActions == 0
                        ? "none open"
                        : $"{summary.OpenActions} open, {summary.OverdueActions} overdue" + (summary.EscalationDays > 0 ? $" ({summary.OverdueBeyondEscalation} by {summary.EscalationDays} days or more, the ISMS manager copied)" : string.Empty)),
                    Fact("Open nonconformities", $"{summary.OpenMajors} major, {summary.OpenMinors} minor"),
                    Fact("Evidence", $"{summary.MissingEvidence} controls missing, {summary.StaleEvidence} stale, {summary.DueSoonEvidence} due within {summary.DueSoonDays} days"),
                    Fact(string.Create(CultureInfo.InvariantCulture, $"Audits in the next {summary.AuditHorizonDays} days"), summary.ComingAudits.Count.ToString(CultureInfo.InvariantCulture)),
                },
            },
        };

        if (summary.OpenMajors > 0)
        {
            body.Add(Text($"{summary.OpenMajors} open major nonconformit{(summary.OpenMajors == 1 ? "y blocks" : "ies block")} certification until corrected.", weight: "Bolder", color: "Attention"));
        }

        if (summary.MostOverdue.Count > 0)
        {
            body.Add(Text("Most overdue", weight: "Bolder", separator: true));
            foreach (var action in summary.MostOverdue)
            {
                var snoozed = action.SnoozedUntil is { } until ? $", reminders paused until {Date(until)}" : string.Empty;
                body.Add(Text($"{action.Id} ({action.DaysOverdue} days overdue, due {Date(action.DueDate)}{snoozed}), {Escape(action.OwnerUpn)}: {Escape(Cut(action.Correction))}"));
            }
        }

        if (summary.ComingAudits.Count > 0)
        {
            body.Add(Text("Coming audits", weight: "Bolder", separator: true));
            foreach (var audit in summary.ComingAudits)
            {
                body.Add(Text($"{Date(audit.PlannedStart)}: {audit.Type.Describe()}, {Escape(Cut(audit.Title))}"));
            }
        }

        if (summary.Snapshots.Count > 0)
        {
            // In full, so the hash can be compared character for character with the app and with the sealing mail.
            body.Add(Text("Sealed snapshots (SHA-256, keep for comparison)", weight: "Bolder", separator: true));
            foreach (var snapshot in summary.Snapshots)
            {
                body.Add(Text($"{snapshot.Id}, sealed {snapshot.TakenAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}: {snapshot.Sha256}", fontType: "Monospace"));
            }
        }

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = CardVersion,
            ["body"] = body,
            ["actions"] = new JsonArray
            {
                OpenUrl("Statement of Applicability", isms.Link(Pages.PagePaths.Controls)),
                OpenUrl("Upload evidence", isms.Link(Pages.PagePaths.Upload)),
                OpenUrl("Overdue actions and readiness", isms.Link(Pages.PagePaths.Home)),
            },
        };

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray
            {
                new JsonObject
                {
                    ["contentType"] = "application/vnd.microsoft.card.adaptive",
                    ["contentUrl"] = null,
                    ["content"] = card,
                },
            },
        };
    }

    /// <summary>
    /// Backslash-escapes the only characters Adaptive Card Markdown acts on in the middle of a line: emphasis
    /// (<c>* _</c>), links (<c>[ ]</c>) and code. Line breaks become spaces, so typed text can never start a list
    /// of its own. Escape no more than that: Teams' mobile clients have shown the backslashes
    /// (microsoft/AdaptiveCards#5590).
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                escaped.Append(' ');
            }
            else
            {
                if (MarkdownSyntax.Contains(c))
                {
                    escaped.Append('\\');
                }

                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    private static string Cut(string text) =>
        text.Length <= MaxUserTextLength ? text : string.Concat(text.AsSpan(0, MaxUserTextLength - 1).TrimEnd(), "…");

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonObject Text(string text, string? weight = null, string? size = null, bool subtle = false, bool separator = false, string? color = null, string? fontType = null)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (fontType is not null)
        {
            block["fontType"] = fontType;
        }

        if (weight is not null)
        {
            block["weight"] = weight;
        }

        if (size is not null)
        {
            block["size"] = size;
        }

        if (subtle)
        {
            block["isSubtle"] = true;
            block["spacing"] = "None";
        }

        if (separator)
        {
            block["separator"] = true;
        }

        if (color is not null)
        {
            block["color"] = color;
        }

        return block;
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    private static JsonObject OpenUrl(string title, Uri url) => new() { ["type"] = "Action.OpenUrl", ["title"] = title, ["url"] = url.ToString() };
}
