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

    /// <summary>The page of one audit (served at <c>/api/audits/{id}</c>), with the findings raised in it.</summary>
    public static StringBuilder Detail(AuditResponse audit, IReadOnlyList<FindingResponse> findings)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(findings);
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
            page.Append("<p>To be set.</p>");
        }
        else
        {
            HtmlPage.Table(page, "Clause or control", "Title");
            foreach (var id in audit.Scope)
            {
                page.Append("<tr><td>").Append(HtmlPage.Encode(id)).Append("</td><td>")
                    .Append(HtmlPage.Encode(ControlCatalogue.TryGet(id, out var control) ? control.Title : string.Empty)).Append("</td></tr>");
            }

            page.Append("</tbody></table>");
        }

        page.Append("<h2>Findings</h2>");
        if (findings.Count == 0)
        {
            return page.Append("<p>None raised.</p>");
        }

        HtmlPage.Table(page, "Finding", "Type", "Controls", "Description", "Status", "Corrective actions");
        foreach (var f in findings)
        {
            page.Append("<tr><td class=\"nowrap\">").Append(HtmlPage.Encode(f.Id)).Append("</td><td>").Append(HtmlPage.Encode(f.Type.Describe()))
                .Append("</td><td>").Append(HtmlPage.Encode(string.Join(", ", f.ControlIds))).Append("</td><td>").Append(HtmlPage.Encode(f.Description))
                .Append("</td><td>").Append(f.Status).Append("</td><td>");
            foreach (var actionId in f.CorrectiveActionIds)
            {
                // Relative to /api/audits/{id}: up one level, then the action's page.
                page.Append("<a href=\"../corrective-actions/").Append(HtmlPage.Encode(Uri.EscapeDataString(actionId))).Append("?format=html\">")
                    .Append(HtmlPage.Encode(actionId)).Append("</a> ");
            }

            page.Append("</td></tr>");
        }

        return page.Append("</tbody></table>");
    }
}
