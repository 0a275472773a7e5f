using System.Globalization;
using System.Text;
using Isms.Functions.Platform;

namespace Isms.Functions.Registers;

/// <summary>
/// Corrective actions as pages for people: what the links in reminder digests and the weekly Teams card open, so an
/// owner or a manager reads the action rather than its JSON.
/// </summary>
public static class CorrectiveActionDocuments
{
    private const string Style = "tr.late td{background:#fdecea}.late{color:#a4262c;font-weight:600}";

    /// <param name="filter">What the list was asked for, in words (e.g. "overdue, owned by ..."); empty for all.</param>
    public static StringBuilder List(IReadOnlyList<CorrectiveActionResponse> actions, string filter)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var overdue = actions.Count(a => a.Overdue);
        var page = HtmlPage.Start(filter.Length == 0 ? "Corrective actions" : $"Corrective actions: {filter}", Style)
            .Append(CultureInfo.InvariantCulture, $"<p>{actions.Count} {(actions.Count == 1 ? "action" : "actions")}; {overdue} overdue.</p>");
        if (actions.Count == 0)
        {
            return page;
        }

        page.Append("<table><thead><tr>");
        foreach (var column in new[] { "Action", "Owner", "Status", "Due", "Days overdue", "Reminders snoozed until", "What is to be done" })
        {
            page.Append("<th scope=\"col\">").Append(column).Append("</th>");
        }

        page.Append("</tr></thead><tbody>");
        foreach (var a in actions)
        {
            page.Append(a.Overdue ? "<tr class=\"late\">" : "<tr>")
                .Append("<td><a href=\"").Append(HtmlPage.Encode("/" + PagePath(a.Id))).Append("\">").Append(HtmlPage.Encode(a.Id)).Append("</a></td>")
                .Append("<td>").Append(HtmlPage.Encode(a.OwnerUpn)).Append("</td>")
                .Append("<td>").Append(a.Status).Append("</td>")
                .Append("<td>").Append(a.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td>").Append(a.Overdue ? a.DaysOverdue.ToString(CultureInfo.InvariantCulture) : string.Empty).Append("</td>")
                .Append("<td>").Append(a.SnoozeUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td>").Append(HtmlPage.Encode(string.IsNullOrWhiteSpace(a.ActionPlan) ? a.Correction : a.ActionPlan)).Append("</td></tr>");
        }

        return page.Append("</tbody></table>");
    }

    public static StringBuilder Detail(CorrectiveActionResponse action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var page = HtmlPage.Start($"Corrective action {action.Id}", Style);
        if (action.Overdue)
        {
            page.Append(CultureInfo.InvariantCulture, $"<p class=\"late\">{action.DaysOverdue} {(action.DaysOverdue == 1 ? "day" : "days")} overdue.</p>");
        }

        page.Append("<dl>");
        HtmlPage.Field(page, "Status", action.Status.ToString());
        HtmlPage.Field(page, "Owner", action.OwnerUpn);
        HtmlPage.Field(page, "Due", action.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (action.SnoozeUntil is { } snoozed)
        {
            HtmlPage.Field(page, "Reminders snoozed until", $"{snoozed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: {action.SnoozeReason}");
        }

        HtmlPage.Field(page, "Finding", $"{action.FindingId} (audit {action.AuditId})");
        HtmlPage.Field(page, "Correction", action.Correction);
        HtmlPage.Field(page, "Root cause", action.RootCause ?? "not yet recorded");
        HtmlPage.Field(page, "Action plan", action.ActionPlan ?? "not yet recorded");
        HtmlPage.Field(page, "Opened", action.CreatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        if (action.ClosedAt is { } closed)
        {
            HtmlPage.Field(page, "Closed", closed.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        }

        page.Append("</dl><h2>Effectiveness reviews</h2>");
        if (action.EffectivenessReviews.Count == 0)
        {
            page.Append("<p>None yet: once the action is implemented, someone other than its owner reviews whether it worked.</p>");
        }
        else
        {
            page.Append("<table><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Reviewer</th><th scope=\"col\">Effective</th><th scope=\"col\">Notes</th></tr></thead><tbody>");
            foreach (var review in action.EffectivenessReviews)
            {
                page.Append("<tr><td>").Append(review.At.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("</td><td>")
                    .Append(HtmlPage.Encode(review.ReviewerUpn)).Append("</td><td>").Append(review.Effective ? "Yes" : "No").Append("</td><td>")
                    .Append(HtmlPage.Encode(review.Notes)).Append("</td></tr>");
            }

            page.Append("</tbody></table>");
        }

        return page.Append("<p><a href=\"").Append(HtmlPage.Encode("/" + OwnerPagePath(action.OwnerUpn))).Append("\">Every action of ")
            .Append(HtmlPage.Encode(action.OwnerUpn)).Append("</a></p>");
    }

    /// <summary>The page of one action, relative to the app's root.</summary>
    public static string PagePath(string actionId) => $"api/corrective-actions/{Uri.EscapeDataString(actionId)}?format=html";

    /// <summary>The page of an owner's actions, relative to the app's root.</summary>
    public static string OwnerPagePath(string ownerUpn) => $"api/corrective-actions?ownerUpn={Uri.EscapeDataString(ownerUpn)}&format=html";
}
