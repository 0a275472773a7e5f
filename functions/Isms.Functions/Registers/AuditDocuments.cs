using System.Text;
using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Functions.Platform;

namespace Isms.Functions.Registers;

/// <summary>An audit as a page for people: what the link in a 90/30/7-day notice or an overdue report opens.</summary>
public static class AuditDocuments
{
    /// <summary>The page of one audit, relative to the app's root.</summary>
    public static string PagePath(string auditId) => $"api/audits/{Uri.EscapeDataString(auditId)}?format=html";

    public static StringBuilder Detail(AuditResponse audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var page = HtmlPage.Start(audit.Title);
        if (audit.Overdue)
        {
            page.Append("<p class=\"late\">Past its planned end and not completed.</p>");
        }

        page.Append("<dl>");
        HtmlPage.Field(page, "Type", audit.Type.Describe());
        HtmlPage.Field(page, "Audit", audit.Id);
        HtmlPage.Field(page, "Status", audit.Status.ToString());
        HtmlPage.Field(page, "Planned", $"{HtmlPage.Date(audit.PlannedStart)} to {HtmlPage.Date(audit.PlannedEnd)}");
        if (audit.ActualStart is { } started)
        {
            HtmlPage.Field(page, "Held", audit.ActualEnd is { } ended ? $"{HtmlPage.Date(started)} to {HtmlPage.Date(ended)}" : $"from {HtmlPage.Date(started)}");
        }

        HtmlPage.Field(page, "Lead auditor", string.IsNullOrWhiteSpace(audit.LeadAuditorUpn) ? "not named yet" : audit.LeadAuditorUpn);
        HtmlPage.Field(page, "Audit team", audit.Auditors.Count == 0 ? "the lead auditor alone" : string.Join(", ", audit.Auditors));
        page.Append("</dl><h2>Scope</h2>");
        if (audit.Scope.Count == 0)
        {
            return page.Append("<p>To be set.</p>");
        }

        HtmlPage.Table(page, "Clause or control", "Title");
        foreach (var id in audit.Scope)
        {
            page.Append("<tr><td>").Append(HtmlPage.Encode(id)).Append("</td><td>")
                .Append(HtmlPage.Encode(ControlCatalogue.TryGet(id, out var control) ? control.Title : string.Empty)).Append("</td></tr>");
        }

        return page.Append("</tbody></table>");
    }
}
