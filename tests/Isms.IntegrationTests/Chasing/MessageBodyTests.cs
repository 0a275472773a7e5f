using System.Text.RegularExpressions;
using Isms.Core.Reminders;
using Isms.Functions.Notifications;

namespace Isms.IntegrationTests.Chasing;

/// <summary>
/// The HTML parts of mails, rendered from Razor components: what people typed never becomes markup, only http(s)
/// links become hyperlinks, and each digest item appears exactly once with its due date, status and link.
/// </summary>
public sealed partial class MessageBodyTests
{
    private static readonly DateOnly Today = new(2026, 4, 1);
    private readonly ReminderLadder _ladder = new(new ReminderPolicy());

    [Fact]
    public async Task Typed_text_is_escaped_in_the_html_part_and_kept_as_typed_in_the_text_part()
    {
        var (html, text) = await MessageBody.BuildAsync(
            "Audit <b>soon</b>",
            ["Intro with <script>alert(1)</script>"],
            [("Audit", "Q1 & \"access\" <review>")],
            ["CA-000001: <img src=x onerror=alert(1)>"],
            ("Open the audit", new Uri("https://isms.example.net/audits/AUD-1?x=1&y=2")));

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>soon", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Q1 &amp; &quot;access&quot; &lt;review&gt;", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://isms.example.net/audits/AUD-1?x=1&amp;y=2\"", html, StringComparison.Ordinal);
        Assert.Contains("Audit: Q1 & \"access\" <review>", text, StringComparison.Ordinal);
        Assert.Contains("- CA-000001: <img src=x onerror=alert(1)>", text, StringComparison.Ordinal);
        Assert.Contains("Open the audit: https://isms.example.net/audits/AUD-1?x=1&y=2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_digest_escapes_every_typed_value_and_links_only_http()
    {
        var owed = Owed("ca-1", Today.AddDays(-2), title: "<script>alert('x')</script> & \"more\"");
        var typed = owed with { Subject = owed.Subject with { FindingId = "<b>f</b>", ControlIds = ["<i>A.5.1</i>"], OwnerUpn = "o<x>@example.com" } };
        var script = Owed("ca-2", Today.AddDays(-2), link: new Uri("javascript:alert(1)"));
        var quoted = Owed("ca-3", Today.AddDays(-2), link: new Uri("https://isms.example.com/a?b=1&c=\"x\""));

        var html = await MailBodies.DigestAsync(ReminderDigestComposer.Compose([typed, script with { Subject = script.Subject with { OwnerUpn = "o<x>@example.com" } }, quoted with { Subject = quoted.Subject with { OwnerUpn = "o<x>@example.com" } }]).Single());

        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;more&quot;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;f&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;i&gt;A.5.1&lt;/i&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Hello o&lt;x&gt;@example.com", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://isms.example.com/a?b=1&amp;c=%22x%22\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_digest_lists_each_item_once_with_its_due_date_status_and_link_and_says_who_is_copied()
    {
        var digest = ReminderDigestComposer.Compose([Owed("ca-1", Today.AddDays(-16)), Owed("ca-2", Today.AddDays(1))]).Single().WithNoManagerOnRecord();

        var html = await MailBodies.DigestAsync(digest);

        var rows = Row().Matches(html).Select(m => m.Value).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Single(rows, r => r.Contains("href=\"https://isms.example.com/items/ca-1\"", StringComparison.Ordinal) && r.Contains("2026-03-16", StringComparison.Ordinal) && r.Contains("16 days overdue", StringComparison.Ordinal));
        Assert.Single(rows, r => r.Contains("href=\"https://isms.example.com/items/ca-2\"", StringComparison.Ordinal) && r.Contains("due in 1 day", StringComparison.Ordinal));
        Assert.Contains("No line manager is on record for you", html, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(html, "Title of ca-1"));
    }

    private OwedReminder Owed(string id, DateOnly due, string? title = null, Uri? link = null)
    {
        var subject = new ReminderSubject(id, ReminderKind.CorrectiveAction, "o@example.com", due, null, title ?? "Title of " + id, "f-" + id, ["A.5.1", "A.8.13"], link ?? new Uri("https://isms.example.com/items/" + id));
        return new OwedReminder(subject, _ladder.StageOwed(subject, Today) ?? throw new InvalidOperationException($"{id} owes nothing on {Today}"));
    }

    [GeneratedRegex("<tr>\\s*<td>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();
}
