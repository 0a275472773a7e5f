using Isms.Core.Reminders;

namespace Isms.Core.Tests.Reminders;

public class ReminderDigestTests
{
    private static readonly DateOnly Today = new(2026, 4, 1); // Wednesday
    private readonly ReminderLadder _ladder = new(new ReminderPolicy());

    private OwedReminder Owed(string id, string owner, DateOnly due, ReminderKind kind = ReminderKind.CorrectiveAction, string? title = null, Uri? link = null)
    {
        var subject = new ReminderSubject(id, kind, owner, due, null, title ?? "Title of " + id, "f-" + id, ["A.5.1", "A.8.13"], link ?? new Uri("https://isms.example.com/items/" + id));
        var stage = _ladder.StageOwed(subject, Today) ?? throw new InvalidOperationException($"{id} owes nothing on {Today}");
        return new OwedReminder(subject, stage);
    }

    [Fact]
    public void A_risk_review_climbs_the_corrective_action_ladder_and_reads_as_a_review_in_the_digest()
    {
        var digest = ReminderDigestComposer.Compose(
        [
            Owed("RISK-1", "o@example.com", Today.AddDays(-3), ReminderKind.RiskReview),
            Owed("RISK-2", "o@example.com", Today, ReminderKind.RiskReview),
            Owed("ca-1", "o@example.com", Today.AddDays(7)),
        ])[0];

        Assert.Equal(["review 3 days overdue", "review due today", "due in 7 days"], digest.Items.Select(ReminderDigestRenderer.Status));
        Assert.Equal("Risk review", ReminderDigestRenderer.KindLabel(ReminderKind.RiskReview));
        Assert.Equal("1 corrective action due within 7 days; 1 risk review overdue, 1 due today", ReminderDigestSubjectLine.Describe(digest.Items));
        Assert.Equal(
            _ladder.StageOwed(new ReminderSubject("x", ReminderKind.CorrectiveAction, "o@example.com", Today.AddDays(14), null, "t", null, [], null), Today)!.Key,
            _ladder.StageOwed(new ReminderSubject("x", ReminderKind.RiskReview, "o@example.com", Today.AddDays(14), null, "t", null, [], null), Today)!.Key);
        Assert.Equal(
            [ReminderLadder.ManagerEscalationKey, ReminderLadder.IsmsManagerEscalationKey],
            new[] { 7, 14 }.Select(days => _ladder.StageOwed(new ReminderSubject("x", ReminderKind.RiskReview, "o@example.com", Today.AddDays(-days), null, "t", null, [], null), Today)!.Key));
        Assert.True(_ladder.CopiesIsmsManager(ReminderKind.RiskReview, 14));
    }

    [Fact]
    public void One_digest_per_owner_whatever_the_case_of_the_upn()
    {
        var digests = ReminderDigestComposer.Compose(
        [
            Owed("ca-1", "bob@example.com", Today.AddDays(-2)),
            Owed("ca-2", "alice@example.com", Today),
            Owed("ca-3", "Bob@Example.com", Today.AddDays(7)),
        ]);

        Assert.Equal(["alice@example.com", "bob@example.com"], digests.Select(d => d.OwnerUpn));
        Assert.Equal(["ca-1", "ca-3"], digests[1].Items.Select(i => i.ItemId));
        Assert.All(digests, d => Assert.Equal(Today, d.Date));
    }

    [Fact]
    public void Items_are_ordered_most_overdue_first_then_by_due_date_then_id()
    {
        var digest = ReminderDigestComposer.Compose(
        [
            Owed("ca-b", "o@example.com", Today.AddDays(7)),
            Owed("ca-c", "o@example.com", Today.AddDays(-3)),
            Owed("ca-a", "o@example.com", Today.AddDays(7)),
            Owed("ca-d", "o@example.com", Today),
            Owed("ca-e", "o@example.com", Today.AddDays(-16)),
            Owed("ca-f", "o@example.com", Today.AddDays(1)),
        ]).Single();

        Assert.Equal(["ca-e", "ca-c", "ca-d", "ca-f", "ca-a", "ca-b"], digest.Items.Select(i => i.ItemId));
        Assert.Equal([16, 3, 0, 0, 0, 0], digest.Items.Select(i => i.DaysOverdue));
    }

    [Fact]
    public void Each_item_carries_what_the_owner_needs_and_its_ledger_key()
    {
        var item = ReminderDigestComposer.Compose([Owed("ca-1", "o@example.com", Today.AddDays(-2))]).Single().Items.Single();

        Assert.Equal(
            ("Title of ca-1", "f-ca-1", "A.5.1,A.8.13", Today.AddDays(-2), 2, 0, "due", "CorrectiveAction_2026-03-30_due", "https://isms.example.com/items/ca-1"),
            (item.Title, item.FindingId, string.Join(",", item.ControlIds), item.DueDate, item.DaysOverdue, item.DaysUntilDue, item.StageKey, item.LedgerKey, item.Link?.AbsoluteUri));
    }

    [Fact]
    public void Copies_are_the_most_any_item_needs()
    {
        var none = ReminderDigestComposer.Compose([Owed("ca-1", "o@example.com", Today.AddDays(-2))]).Single();
        var manager = ReminderDigestComposer.Compose([Owed("ca-1", "o@example.com", Today.AddDays(-2)), Owed("ca-2", "o@example.com", Today.AddDays(-7))]).Single();
        var both = ReminderDigestComposer.Compose([Owed("ca-2", "o@example.com", Today.AddDays(-7)), Owed("ca-3", "o@example.com", Today.AddDays(-14))]).Single();

        Assert.Equal((false, false), (none.CopyManager, none.CopyIsmsManager));
        Assert.Equal((true, false), (manager.CopyManager, manager.CopyIsmsManager));
        Assert.Equal((true, true), (both.CopyManager, both.CopyIsmsManager));
    }

    [Fact]
    public void Owner_without_a_manager_escalates_to_the_isms_manager_and_the_digest_says_so()
    {
        var digest = ReminderDigestComposer.Compose([Owed("ca-2", "o@example.com", Today.AddDays(-7))]).Single();

        var escalated = digest.WithNoManagerOnRecord();

        Assert.Equal((false, true, true), (escalated.CopyManager, escalated.CopyIsmsManager, escalated.OwnerHasNoManager));
        Assert.Contains("ISMS manager has been copied instead", ReminderDigestRenderer.RenderText(escalated), StringComparison.Ordinal);

        var notNeeded = ReminderDigestComposer.Compose([Owed("ca-1", "o@example.com", Today.AddDays(-2))]).Single();
        Assert.Same(notNeeded, notNeeded.WithNoManagerOnRecord());
    }

    [Fact]
    public void Subject_line_says_what_is_owed()
    {
        var digest = ReminderDigestComposer.Compose(
        [
            Owed("ca-1", "o@example.com", Today.AddDays(-2)),
            Owed("ca-2", "o@example.com", Today.AddDays(-16)),
            Owed("ca-3", "o@example.com", Today.AddDays(7)),
        ]).Single();

        Assert.Equal("ISMS: 2 corrective actions overdue, 1 due within 7 days", digest.Subject);
    }

    [Fact]
    public void Subject_line_covers_every_kind_and_bucket()
    {
        var digest = ReminderDigestComposer.Compose(
        [
            Owed("ca-1", "o@example.com", Today),
            Owed("ca-2", "o@example.com", Today.AddDays(14)),
            Owed("A.5.1", "o@example.com", Today.AddDays(-5), ReminderKind.Evidence),
            Owed("A.5.2", "o@example.com", Today.AddDays(14), ReminderKind.Evidence),
            Owed("audit-1", "o@example.com", Today.AddDays(30), ReminderKind.Audit),
        ], subjectPrefix: null).Single();

        Assert.Equal(
            "1 corrective action due today, 1 due within 14 days; 1 audit starting within 30 days; 1 control with stale evidence, 1 with evidence going stale within 14 days",
            digest.Subject);
    }

    [Fact]
    public void Rendering_lists_due_date_status_finding_and_controls()
    {
        var digest = ReminderDigestComposer.Compose([Owed("ca-1", "o@example.com", Today.AddDays(-16)), Owed("ca-2", "o@example.com", Today.AddDays(1))]).Single();

        var text = ReminderDigestRenderer.RenderText(digest);

        Assert.Contains("- Corrective action: Title of ca-1 | finding f-ca-1 | controls A.5.1, A.8.13 | due 2026-03-16 | 16 days overdue | https://isms.example.com/items/ca-1", text, StringComparison.Ordinal);
        Assert.Contains("due in 1 day", text, StringComparison.Ordinal);
        Assert.Contains("Your line manager and the ISMS manager have been copied", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_item_owed_twice_appears_once()
    {
        var owed = Owed("ca-1", "o@example.com", Today.AddDays(-2));
        Assert.Single(ReminderDigestComposer.Compose([owed, owed]).Single().Items);
    }
}
