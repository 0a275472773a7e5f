using System.Globalization;
using System.Text;
using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Functions.Platform;

namespace Isms.Functions.Registers;

/// <summary>An audit as a page for people: what the link in a 90/30/7-day notice or an overdue report opens.</summary>
public static class AuditDocuments
{
    public static StringBuilder Detail(AuditResponse audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var page = HtmlPage.Start($"{audit.Type.Describe()}: {audit.Title}", ".late{color:#a4262c;font-weight:600}");
        if (audit.Overdue)
        {
            page.Append("<p class=\"late\">Past its planned end and not completed.</p>");
        }

        page.Append("<dl>");
        HtmlPage.Field(page, "Audit", audit.Id);
        HtmlPage.Field(page, "Status", audit.Status.ToString());
        HtmlPage.Field(page, "Planned", $"{Day(audit.PlannedStart)} to {Day(audit.PlannedEnd)}");
        if (audit.ActualStart is { } started)
        {
            HtmlPage.Field(page, "Held", audit.ActualEnd is { } ended ? $"{Day(started)} to {Day(ended)}" : $"from {Day(started)}");
        }

        HtmlPage.Field(page, "Lead auditor", string.IsNullOrWhiteSpace(audit.LeadAuditorUpn) ? "not named yet" : audit.LeadAuditorUpn);
        HtmlPage.Field(page, "Audit team", audit.Auditors.Count == 0 ? "the lead auditor alone" : string.Join(", ", audit.Auditors));
        page.Append("</dl><h2>Scope</h2>");
        if (audit.Scope.Count == 0)
        {
            return page.Append("<p>To be set.</p>");
        }

        page.Append("<table><thead><tr><th scope=\"col\">Clause or control</th><th scope=\"col\">Title</th></tr></thead><tbody>");
        foreach (var id in audit.Scope)
        {
            page.Append("<tr><td>").Append(HtmlPage.Encode(id)).Append("</td><td>")
                .Append(HtmlPage.Encode(ControlCatalogue.TryGet(id, out var control) ? control.Title : string.Empty)).Append("</td></tr>");
        }

        return page.Append("</tbody></table>");
    }

    /// <summary>The page of one audit, relative to the app's root.</summary>
    public static string PagePath(string auditId) => $"api/audits/{Uri.EscapeDataString(auditId)}?format=html";

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
