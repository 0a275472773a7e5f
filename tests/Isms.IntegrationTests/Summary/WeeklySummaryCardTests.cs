using System.Text.Json.Nodes;
using Isms.Core.Audits;
using Isms.Functions.Platform;
using Isms.Functions.Summary;

namespace Isms.IntegrationTests.Summary;

/// <summary>The card's words for cases the seeded host does not reach.</summary>
public sealed class WeeklySummaryCardTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Fact]
    public void A_snoozed_action_says_when_its_reminders_resume_and_no_escalation_figure_is_given_when_escalation_is_off()
    {
        var summary = Summary(escalationDays: 0, overdue: [new OverdueAction("CA-000007", "F-000002", "kim@contoso.example", "Replace the agent_v2 build host", Today.AddDays(-4), 4, Today.AddDays(10))]);

        var card = WeeklySummaryCard.Message(summary, new IsmsOptions())["attachments"]![0]!["content"]!;

        Assert.Equal("2 open, 1 overdue", Facts(card)["Corrective actions"]);
        var line = Texts(card).Single(t => t.StartsWith("CA-000007", StringComparison.Ordinal));
        Assert.Contains("4 days overdue, due 2026-11-19, reminders paused until 2026-12-03", line, StringComparison.Ordinal);
        Assert.EndsWith(@"Replace the agent\_v2 build host", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Texts(card), t => t.Contains("certification", StringComparison.Ordinal));
    }

    [Fact]
    public void Long_typed_text_is_cut_and_line_breaks_cannot_start_a_list()
    {
        var title = "Line one\n1. looks like a list " + new string('x', 300);
        var summary = Summary(audits: [new ComingAudit("AUD-1", AuditType.Internal, title, Today.AddDays(5))]);

        var line = Texts(WeeklySummaryCard.Message(summary, new IsmsOptions())["attachments"]![0]!["content"]!).Single(t => t.StartsWith("2026-11-28", StringComparison.Ordinal));

        Assert.DoesNotContain('\n', line);
        Assert.Contains("Line one 1. looks like a list", line, StringComparison.Ordinal);
        Assert.EndsWith("…", line, StringComparison.Ordinal);
        Assert.True(line.Length < 220, line);
    }

    private static WeeklySummary Summary(int escalationDays = 14, IReadOnlyList<OverdueAction>? overdue = null, IReadOnlyList<ComingAudit>? audits = null) =>
        new("2026-W48", Today, 2, overdue?.Count ?? 0, 0, escalationDays, overdue ?? [], 0, 0, 0, 14, 0, 0, audits ?? [], 90, []);

    /// <summary>The card's facts, title to value.</summary>
    internal static Dictionary<string, string> Facts(JsonNode card) =>
        card["body"]!.AsArray().Where(b => (string?)b!["type"] == "FactSet").SelectMany(b => b!["facts"]!.AsArray())
            .ToDictionary(f => (string)f!["title"]!, f => (string)f!["value"]!);

    /// <summary>The text of every TextBlock of the card's body, in order.</summary>
    internal static List<string> Texts(JsonNode card) =>
        [.. card["body"]!.AsArray().Where(b => (string?)b!["type"] == "TextBlock").Select(b => (string)b!["text"]!)];
}
