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
    /// <summary>The page of one action, relative to the app's root.</summary>
    public static string PagePath(string actionId) => $"api/corrective-actions/{Uri.EscapeDataString(actionId)}?format=html";

    /// <summary>The page of an owner's actions, relative to the app's root.</summary>
    public static string OwnerPagePath(string ownerUpn) => $"api/corrective-actions?ownerUpn={Uri.EscapeDataString(ownerUpn)}&format=html";

    /// <summary>The list page (served at <c>/api/corrective-actions</c>).</summary>
    /// <param name="filter">What the list was asked for, in words (e.g. "overdue, owned by ..."); empty for all.</param>
    public static StringBuilder List(IReadOnlyList<CorrectiveActionResponse> actions, string filter)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var overdue = actions.Count(a => a.Overdue);
        var page = HtmlPage.Start(filter.Length == 0 ? "Corrective actions" : $"Corrective actions: {filter}")
            .Append(CultureInfo.InvariantCulture, $"<p>{actions.Count} {(actions.Count == 1 ? "action" : "actions")}; {overdue} overdue.</p>");
        if (actions.Count == 0)
        {
            return page;
        }

        HtmlPage.Table(page, "Action", "Owner", "Status", "Due", "Days overdue", "Reminders snoozed until", "What is to be done");
        foreach (var a in actions)
        {
            // Relative to /api/corrective-actions, so a path in front of the app is kept.
            page.Append(a.Overdue ? "<tr class=\"late\">" : "<tr>")
                .Append("<td class=\"nowrap\"><a href=\"corrective-actions/").Append(HtmlPage.Encode(Uri.EscapeDataString(a.Id))).Append("?format=html\">")
                .Append(HtmlPage.Encode(a.Id)).Append("</a></td>")
                .Append("<td>").Append(HtmlPage.Encode(a.OwnerUpn)).Append("</td>")
                .Append("<td>").Append(a.Status).Append("</td>")
                .Append("<td class=\"nowrap\">").Append(HtmlPage.Date(a.DueDate)).Append("</td>")
                .Append("<td>").Append(a.Overdue ? a.DaysOverdue.ToString(CultureInfo.InvariantCulture) : string.Empty).Append("</td>")
                .Append("<td class=\"nowrap\">").Append(a.SnoozeUntil is { } until ? HtmlPage.Date(until) : string.Empty).Append("</td>")
                .Append("<td>").Append(HtmlPage.Encode(string.IsNullOrWhiteSpace(a.ActionPlan) ? a.Correction : a.ActionPlan)).Append("</td></tr>");
        }

        return page.Append("</tbody></table>");
    }

    /// <summary>The page of one action (served at <c>/api/corrective-actions/{id}</c>).</summary>
    public static StringBuilder Detail(CorrectiveActionResponse action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var page = HtmlPage.Start($"Corrective action {action.Id}");
        if (action.Overdue)
        {
            page.Append(CultureInfo.InvariantCulture, $"<p class=\"late\">{action.DaysOverdue} {(action.DaysOverdue == 1 ? "day" : "days")} overdue.</p>");
        }

        page.Append("<dl>");
        HtmlPage.Field(page, "Status", action.Status.ToString());
        HtmlPage.Field(page, "Owner", action.OwnerUpn);
        HtmlPage.Field(page, "Due", HtmlPage.Date(action.DueDate));
        if (action.SnoozeUntil is { } snoozed)
        {
            HtmlPage.Field(page, "Reminders snoozed until", $"{HtmlPage.Date(snoozed)}: {action.SnoozeReason}");
        }

        HtmlPage.Field(page, "Finding", $"{action.FindingId} (audit {action.AuditId})");
        HtmlPage.Field(page, "Correction", action.Correction);
        HtmlPage.Field(page, "Root cause", action.RootCause ?? "not yet recorded");
        HtmlPage.Field(page, "Action plan", action.ActionPlan ?? "not yet recorded");
        HtmlPage.Field(page, "Opened", HtmlPage.Date(action.CreatedAt));
        if (action.ClosedAt is { } closed)
        {
            HtmlPage.Field(page, "Closed", HtmlPage.Date(closed));
        }

        page.Append("</dl><h2>Effectiveness reviews</h2>");
        if (action.EffectivenessReviews.Count == 0)
        {
            page.Append("<p>None yet: once the action is implemented, someone other than its owner reviews whether it worked.</p>");
        }
        else
        {
            HtmlPage.Table(page, "When", "Reviewer", "Effective", "Notes");
            foreach (var review in action.EffectivenessReviews)
            {
                page.Append("<tr><td class=\"nowrap\">").Append(HtmlPage.Date(review.At)).Append("</td><td>").Append(HtmlPage.Encode(review.ReviewerUpn))
                    .Append("</td><td>").Append(review.Effective ? "Yes" : "No").Append("</td><td>").Append(HtmlPage.Encode(review.Notes)).Append("</td></tr>");
            }

            page.Append("</tbody></table>");
        }

        // Relative to /api/corrective-actions/{id}: up one level is the list.
        return page.Append("<p><a href=\"../corrective-actions?ownerUpn=").Append(HtmlPage.Encode(Uri.EscapeDataString(action.OwnerUpn)))
            .Append("&amp;format=html\">Every action of ").Append(HtmlPage.Encode(action.OwnerUpn)).Append("</a></p>");
    }
}
