using System.Globalization;
using Isms.Core.Audits;
using Isms.Core.Programme;
using Isms.Functions.Notifications;
using Isms.Functions.Platform;

namespace Isms.Functions.Programme;

/// <summary>The words of audit notices and overdue reports; the HTML part is a component, which encodes every value.</summary>
public static class AuditNoticeMessages
{
    public static Task<Notification> UpcomingAsync(AuditNotice notice, Audit audit, IsmsOptions isms)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(isms);
        var (to, copy) = Recipients(audit.LeadAuditorUpn, isms.IsmsManagerUpn);
        var when = notice.DaysLeft == 1 ? "tomorrow" : $"in {notice.DaysLeft} days";
        var subject = $"ISMS: {audit.Type.Describe()} \"{Shorten(audit.Title)}\" starts {when} ({notice.PlannedStart:yyyy-MM-dd})";
        var link = isms.Link(Pages.PagePaths.Audit(audit.Id));
        var facts = new (string Label, string Value)[]
        {
            ("Audit", audit.Title),
            ("Type", audit.Type.Describe()),
            ("Planned", $"{audit.PlannedStart:yyyy-MM-dd} to {audit.PlannedEnd:yyyy-MM-dd}"),
            ("Lead auditor", string.IsNullOrWhiteSpace(audit.LeadAuditorUpn) ? "not named yet" : audit.LeadAuditorUpn),
            ("Scope", audit.Scope.Count == 0 ? "to be set" : string.Join(", ", audit.Scope)),
        };
        var intro = $"This is the {notice.DaysBefore}-day notice for an audit of the ISMS programme. Check that the scope, the team and the evidence are ready.";
        return BuildAsync("AuditNotice", notice.Key, to, copy, subject, intro, facts, link, new TeamsActivity("auditUpcoming", $"{audit.Type.Describe()} starts {when}", link));
    }

    public static Task<Notification> OverdueAsync(OverdueAudit overdue, Audit audit, IsmsOptions isms)
    {
        ArgumentNullException.ThrowIfNull(overdue);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(isms);
        var (to, copy) = Recipients(isms.IsmsManagerUpn, audit.LeadAuditorUpn);
        var subject = $"ISMS: {audit.Type.Describe()} \"{Shorten(audit.Title)}\" is {overdue.DaysOverdue} days past its planned end and not completed";
        var link = isms.Link(Pages.PagePaths.Audit(audit.Id));
        var facts = new (string Label, string Value)[]
        {
            ("Audit", audit.Title),
            ("Status", audit.Status.ToString()),
            ("Planned end", audit.PlannedEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        };
        return BuildAsync("AuditOverdue", overdue.Key, to, copy, subject, "An audit of the programme has not been completed by its planned end. Complete it, or replan or cancel it with a reason, so the programme stays on record.", facts, link, null);
    }

    private static async Task<Notification> BuildAsync(string kind, string key, string to, IReadOnlyList<string> copy, string subject, string intro, (string Label, string Value)[] facts, Uri link, TeamsActivity? teams)
    {
        var (html, text) = await MessageBody.BuildAsync(subject, [intro], facts, [], ("Open the audit", link)).ConfigureAwait(false);
        return new Notification(kind, key, to, copy, subject, html, text, teams);
    }

    private static (string To, IReadOnlyList<string> Copy) Recipients(string? primary, string? secondary)
    {
        var people = new[] { primary, secondary }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return people.Count == 0
            ? throw new InvalidOperationException("Nobody to tell: set Isms:IsmsManagerUpn.")
            : (people[0], people.Skip(1).ToList());
    }

    private static string Shorten(string title) => title.Length <= 80 ? title : title[..77] + "...";
}
