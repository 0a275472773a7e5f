using System.Globalization;
using System.Text.Json;
using Isms.Core.Controls;
using Isms.Core.Evidence;
using Isms.Core.Reminders;
using Isms.Functions.Evidence;
using Isms.Functions.Notifications;
using Isms.Functions.Platform;

namespace Isms.IntegrationTests.Chasing;

/// <summary>
/// The HTML parts of mails read back as a mail client reads them: parsed by Chromium's HTML parser (DOMParser, so
/// nothing runs), then the document's tables, links and text compared with what the mail was given. Typed text
/// comes back as typed, as text, never as elements; each digest item is one row, with its due date, status and link.
/// </summary>
public sealed class MailDocumentTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Parse = """
        html => {
            const doc = new DOMParser().parseFromString(html, 'text/html');
            return {
                doctype: doc.doctype ? doc.doctype.name : '',
                lang: doc.documentElement.lang,
                title: doc.title,
                injected: doc.querySelectorAll('script, img, iframe, b, i, [onerror], [onclick]').length,
                links: [...doc.querySelectorAll('a')].map(a => a.getAttribute('href')),
                headers: [...doc.querySelectorAll('thead th')].map(th => th.textContent.trim()),
                rows: [...doc.querySelectorAll('tbody tr')].map(tr => ({
                    cells: [...tr.cells].map(cell => cell.textContent.trim()),
                    links: [...tr.querySelectorAll('a')].map(a => a.getAttribute('href')),
                })),
                items: [...doc.querySelectorAll('li')].map(li => li.textContent.trim()),
                paragraphs: [...doc.querySelectorAll('p')].map(p => p.textContent.trim()),
                text: doc.body.textContent,
            };
        }
        """;

    private static readonly DateOnly Today = new(2026, 4, 1);
    private readonly ReminderLadder _ladder = new(new ReminderPolicy());

    [Fact]
    public async Task A_digest_parses_as_a_document_with_each_item_in_one_row_with_its_due_date_status_and_link()
    {
        const string Hostile = "<script>alert('x')</script> & \"quoted\" </td></tr></table><b>bold</b>";
        var owed = new[]
        {
            Owed("CA-000001", Today.AddDays(-16), Hostile, new Uri("https://isms.example.com/actions/CA-000001?a=1&b=2")),
            Owed("CA-000002", Today.AddDays(1), "Rotate the backup keys", new Uri("https://isms.example.com/actions/CA-000002")),
            Owed("CA-000003", Today.AddDays(-2), "Review access of leavers", new Uri("javascript:alert(1)")),
            Owed("CA-000004", Today, "Patch the VPN & firewall", new Uri("https://isms.example.com/actions/CA-000004")),
        };
        var digest = ReminderDigestComposer.Compose(owed).Single();

        var mail = await ParseAsync(await MailBodies.DigestAsync(digest));

        Assert.Equal("html", mail.GetProperty("doctype").GetString());
        Assert.Equal("en", mail.GetProperty("lang").GetString());
        Assert.Equal(digest.Subject, mail.GetProperty("title").GetString());
        Assert.Equal(0, mail.GetProperty("injected").GetInt32());
        Assert.Equal(["Item", "Finding", "Controls", "Due", "Status"], Strings(mail.GetProperty("headers")));
        var rows = mail.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(digest.Items.Count, rows.Count);
        foreach (var item in digest.Items)
        {
            var row = Assert.Single(rows, r => Strings(r.GetProperty("cells"))[0] == $"Corrective action: {item.Title}");
            Assert.Equal(
                [$"Corrective action: {item.Title}", item.FindingId ?? "-", "A.5.1, A.8.13", item.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ReminderDigestRenderer.Status(item)],
                Strings(row.GetProperty("cells")));
            var expectedLinks = item.Link is { Scheme: "https" } link ? new[] { link.AbsoluteUri } : [];
            Assert.Equal(expectedLinks, Strings(row.GetProperty("links")));
            Assert.Equal(1, Occurrences(mail.GetProperty("text").GetString()!, item.Title));
        }

        Assert.DoesNotContain(Strings(mail.GetProperty("links")), href => href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(Strings(mail.GetProperty("paragraphs")), p => p == $"Hello {digest.OwnerUpn},");
    }

    [Fact]
    public async Task The_failure_report_to_the_isms_manager_parses_with_each_item_once_and_typed_text_as_text()
    {
        const string Typed = "Owner <o@example.com> & \"team\" <img src=x onerror=alert(1)>";
        var items = new[] { $"CA-000001: {Typed}", "CA-000002: Rotate the backup keys" };

        var (html, text) = await MessageBody.BuildAsync(
            "ISMS: reminders to <o@example.com> could not be delivered",
            [$"The reminder digest for {Typed} could not be delivered.", "Please give these items an owner who can be reached."],
            [("Run", "2026-04-01 & later")],
            items,
            ("Open the audit", new Uri("https://isms.example.com/audits/AUD-1?x=1&y=2")));
        var mail = await ParseAsync(html);

        Assert.Equal("html", mail.GetProperty("doctype").GetString());
        Assert.Equal("ISMS: reminders to <o@example.com> could not be delivered", mail.GetProperty("title").GetString());
        Assert.Equal(0, mail.GetProperty("injected").GetInt32());
        Assert.Equal(items, Strings(mail.GetProperty("items")));
        Assert.Contains($"The reminder digest for {Typed} could not be delivered.", Strings(mail.GetProperty("paragraphs")));
        Assert.Equal(["https://isms.example.com/audits/AUD-1?x=1&y=2"], Strings(mail.GetProperty("links")));
        Assert.Equal(1, Occurrences(mail.GetProperty("text").GetString()!, "CA-000001"));
        Assert.Contains($"- CA-000001: {Typed}", text, StringComparison.Ordinal);
        Assert.Contains("Run: 2026-04-01 & later", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_evidence_digest_parses_with_each_control_once_linked_to_its_page()
    {
        var isms = new IsmsOptions { PublicBaseUrl = "https://isms.example.com" };
        var controls = new[]
        {
            new EvidenceFreshnessResponse("A.5.15", "Access control <b>& rights</b>", "o@example.com", ReviewFrequency.Quarterly, EvidenceFreshnessState.Stale, new DateOnly(2025, 11, 1), new DateOnly(2026, 3, 1), null, 31),
            new EvidenceFreshnessResponse("A.8.13", "Information backup", "o@example.com", ReviewFrequency.Annual, EvidenceFreshnessState.Missing, null, null, null, 0),
        };

        var notification = await EvidenceFreshnessNotices.DigestAsync("o@example.com", controls, Today, isms);
        var mail = await ParseAsync(notification.HtmlBody);

        Assert.Equal(notification.Subject, mail.GetProperty("title").GetString());
        Assert.Equal(0, mail.GetProperty("injected").GetInt32());
        var rows = mail.GetProperty("rows").EnumerateArray().Select(r => (Cells: Strings(r.GetProperty("cells")), Links: Strings(r.GetProperty("links")))).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["A.5.15", "Access control <b>& rights</b>", "stale", "2025-11-01", "2026-03-01"], Assert.Single(rows, r => r.Cells[0] == "A.5.15").Cells);
        Assert.Equal(["A.8.13", "Information backup", "missing", "none", "-"], Assert.Single(rows, r => r.Cells[0] == "A.8.13").Cells);
        foreach (var (cells, links) in rows)
        {
            Assert.Equal([isms.Link(Isms.Functions.Pages.PagePaths.Control(cells[0])).AbsoluteUri], links);
        }

        Assert.Contains(isms.Link(Isms.Functions.Pages.PagePaths.Upload).AbsoluteUri, Strings(mail.GetProperty("links")));
        Assert.Equal(1, Occurrences(mail.GetProperty("text").GetString()!, "Access control <b>& rights</b>"));
    }

    private async Task<JsonElement> ParseAsync(string html)
    {
        await using var context = await browser.NewContextAsync(new() { JavaScriptEnabled = true });
        var page = await context.NewPageAsync();
        return await page.EvaluateAsync<JsonElement>(Parse, html);
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray();

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private OwedReminder Owed(string id, DateOnly due, string title, Uri link)
    {
        var subject = new ReminderSubject(id, ReminderKind.CorrectiveAction, "o@example.com", due, null, title, "F-" + id, ["A.5.1", "A.8.13"], link);
        return new OwedReminder(subject, _ladder.StageOwed(subject, Today) ?? throw new InvalidOperationException($"{id} owes nothing on {Today}"));
    }
}
