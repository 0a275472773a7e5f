using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Isms.Functions.Chasing;
using static Isms.IntegrationTests.Chasing.ChasingHarness;

namespace Isms.IntegrationTests.Chasing;

/// <summary>
/// The chasing run end to end: timer through the admin endpoint, one queue message per owner, SendReminder
/// against Azurite and the loopback fake of Graph, with the clock under the test's control.
/// </summary>
public sealed class ChasingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>A Monday.</summary>
    private static readonly DateOnly Monday = new(2026, 3, 2);
    private static readonly string[] Scope = ["A.5.18"];
    private static readonly string[] MostOverdueFirst = ["Three days late", "Due today", "Due tomorrow", "Due next week"];

    /// <summary>The harness on this class's Azurite, emptied for the test.</summary>
    private Task<ChasingHarness> StartAsync(DateOnly today) => ChasingHarness.StartAsync(azurite, today);

    [Fact]
    public async Task An_action_raised_on_a_gap_is_chased_in_its_owner_s_one_digest_with_their_corrective_actions()
    {
        await using var h = await StartAsync(Monday);
        const string owner = "ana@contoso.example";
        var api = h.Api();
        await ApiClient.JsonAsync(await api.PutAsync("api/gap-analysis/9.1-1", new { status = "NotMet", note = "No metrics defined." }), HttpStatusCode.OK);
        var gapAction = await ApiClient.JsonAsync(await api.PostAsync("api/gap-analysis/9.1-1/actions", new { ownerUpn = owner, description = "Define the ISMS metrics and who measures them.", dueDate = Date(Monday.AddDays(7)) }), HttpStatusCode.Created);
        var corrective = await h.SeedActionAsync(owner, Monday.AddDays(1), "Due tomorrow for ana");

        await h.RunAsync();

        var mail = Assert.Single(h.Graph.Mails);
        Assert.Equal([owner], mail.To);
        Assert.Contains((string)gapAction["id"]!, mail.Html, StringComparison.Ordinal);
        Assert.Contains("Define the ISMS metrics", mail.Html, StringComparison.Ordinal);
        Assert.Contains(corrective, mail.Html, StringComparison.Ordinal);
        Assert.Equal(0, (int)(await h.RunAsync())["sent"]!);
        Assert.Single(h.Graph.Mails);
    }

    [Fact]
    public async Task A_risk_past_its_review_date_is_chased_to_its_owner_in_one_digest_with_their_actions_until_it_is_reviewed()
    {
        await using var h = await StartAsync(Monday);
        const string owner = "ana@contoso.example";
        const string riskOnly = "ben@contoso.example";
        var risks = h.Host.Services.GetRequiredService<Isms.Functions.Risks.RiskRegister>();
        var seeder = Isms.Functions.Platform.Caller.ForDevelopment("seed@contoso.example", new HashSet<string> { Isms.Functions.Platform.Roles.Admin });
        Isms.Core.Risks.Risk Risk(string id, string riskOwner, DateOnly review) => new()
        {
            Id = id,
            Title = $"Ransomware on the file servers ({id})",
            Asset = "File servers",
            Threat = "Ransomware",
            Vulnerability = "Flat network",
            OwnerUpn = riskOwner,
            Likelihood = 4,
            Impact = 4,
            ReviewDate = review,
            CreatedAt = h.Time.GetUtcNow(),
        };
        await risks.InsertAsync(Risk("RISK-LATE", owner, Monday.AddDays(-2)), seeder, CancellationToken.None);
        await risks.InsertAsync(Risk("RISK-TODAY", riskOnly, Monday), seeder, CancellationToken.None);
        await risks.InsertAsync(Risk("RISK-LATER", owner, Monday.AddDays(60)), seeder, CancellationToken.None);
        var corrective = await h.SeedActionAsync(owner, Monday.AddDays(1), "Due tomorrow for ana");

        await h.RunAsync();

        Assert.Equal(2, h.Graph.Mails.Count);
        var ana = h.Graph.Mails.Single(m => m.To.SequenceEqual([owner]));
        Assert.Contains("RISK-LATE", ana.Html, StringComparison.Ordinal);
        Assert.Contains("review 2 days overdue", ana.Html, StringComparison.Ordinal);
        Assert.Contains("/risks/RISK-LATE", ana.Html, StringComparison.Ordinal);
        Assert.Contains(corrective, ana.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("RISK-LATER", ana.Html, StringComparison.Ordinal);
        Assert.Contains("1 risk review overdue", ana.Subject, StringComparison.Ordinal);
        var ben = h.Graph.Mails.Single(m => m.To.SequenceEqual([riskOnly]));
        Assert.Contains("review due today", ben.Html, StringComparison.Ordinal);
        Assert.Equal(0, (int)(await h.RunAsync())["sent"]!);
        Assert.Equal(2, h.Graph.Mails.Count);

        // Reviewed: the owner sets the next review date, and the risk is no longer owed anything.
        var stored = (await risks.GetAsync("RISK-LATE", CancellationToken.None))!;
        await risks.ReplaceAsync(stored, stored.Value with { ReviewDate = Monday.AddYears(1) }, seeder, CancellationToken.None);
        for (var day = 1; day <= 7; day++)
        {
            h.Time.SetUtcNow(new DateTimeOffset(Monday.AddDays(day).ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero));
            await h.RunAsync();
        }

        Assert.DoesNotContain(h.Graph.Mails.Skip(2), m => m.Html.Contains("RISK-LATE", StringComparison.Ordinal));
        Assert.Contains(h.Graph.Mails.Skip(2), m => m.Html.Contains("RISK-TODAY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_owner_gets_one_digest_of_all_their_items_most_overdue_first_and_a_second_timer_sends_nothing()
    {
        await using var h = await StartAsync(Monday);
        var owners = new[] { "ana@contoso.example", "ben@contoso.example", "cy@contoso.example" };
        foreach (var owner in owners)
        {
            await h.SeedActionAsync(owner, Monday.AddDays(7), $"Due next week for {owner}");
            await h.SeedActionAsync(owner, Monday, $"Due today for {owner}");
            await h.SeedActionAsync(owner, Monday.AddDays(-3), $"Three days late for {owner}");
            await h.SeedActionAsync(owner, Monday.AddDays(1), $"Due tomorrow for {owner}");
        }

        var run = await h.RunAsync();

        Assert.Equal(3, h.Graph.Mails.Count);
        foreach (var owner in owners)
        {
            var mail = Assert.Single(h.Graph.Mails, m => m.To.SequenceEqual([owner]));
            Assert.Equal(Sender, mail.Sender);
            Assert.False(mail.SaveToSentItems);
            Assert.Empty(mail.Cc);
            Assert.Equal("ISMS: 1 corrective action overdue, 1 due today, 2 due within 7 days", mail.Subject);
            var order = MostOverdueFirst.Select(t => mail.Html.IndexOf(t, StringComparison.Ordinal)).ToList();
            Assert.All(order, i => Assert.True(i > 0));
            Assert.Equal(order.Order(), order);
            Assert.Matches(@"href=""https://isms\.contoso\.example/actions/CA-[^""?]+""", mail.Html);
            Assert.Contains("A.5.18", mail.Html, StringComparison.Ordinal);
        }

        Assert.Equal(3, h.Graph.Activities.Count);
        Assert.All(h.Graph.Activities, a => Assert.Equal("correctiveActionOverdue", a.ActivityType));
        Assert.All(h.Graph.Calls, c => Assert.Equal("Bearer " + FakeTokenCredential.Token, c.Authorization));
        Assert.Equal(12, (int)run["owed"]!);
        Assert.Equal(3, (int)run["owners"]!);
        Assert.Equal(12, (int)run["sent"]!);
        Assert.Equal(3, (int)run["digests"]!);
        Assert.Equal(0, (int)run["failed"]!);

        var again = await h.RunAsync();

        Assert.Equal(3, h.Graph.Mails.Count);
        Assert.Equal(0, (int)again["owners"]!);
        Assert.Equal(12, (int)again["alreadySent"]!);
    }

    [Fact]
    public async Task Every_ladder_stage_is_sent_on_its_day_with_the_manager_and_the_ISMS_manager_copied_when_due()
    {
        await using var h = await StartAsync(Monday);
        const string owner = "dana@contoso.example";
        const string manager = "line.manager@contoso.example";
        h.Graph.Managers[owner] = manager;
        var due = new DateOnly(2026, 3, 20);
        await h.SeedActionAsync(owner, due);

        var sentOn = new List<(DateOnly Day, FakeMail Mail)>();
        for (var day = Monday; day <= new DateOnly(2026, 4, 8); day = day.AddDays(1))
        {
            h.SetToday(day);
            var before = h.Graph.Mails.Count;
            await h.RunAsync();
            sentOn.AddRange(h.Graph.Mails.Skip(before).Select(m => (day, m)));
        }

        string[] expected = ["2026-03-06", "2026-03-13", "2026-03-19", "2026-03-20", "2026-03-25", "2026-03-27", "2026-03-30", "2026-04-02", "2026-04-03", "2026-04-07"];
        Assert.Equal(expected, sentOn.Select(s => Date(s.Day)));
        foreach (var (day, mail) in sentOn)
        {
            var daysOverdue = day.DayNumber - due.DayNumber;
            Assert.Equal(daysOverdue >= 7, mail.Cc.Contains(manager));
            Assert.Equal(daysOverdue >= 14, mail.Cc.Contains(IsmsManager));
        }

        Assert.Equal(["correctiveActionDue", "correctiveActionDue", "correctiveActionDue", "correctiveActionDue"], h.Graph.Activities.Take(4).Select(a => a.ActivityType));
        Assert.All(h.Graph.Activities.Skip(4), a => Assert.Equal("correctiveActionOverdue", a.ActivityType));
    }

    [Fact]
    public async Task A_snoozed_item_is_skipped_and_counted_until_its_snooze_ends()
    {
        await using var h = await StartAsync(Monday);
        const string owner = "eve@contoso.example";
        await h.SeedActionAsync(owner, Monday, "Rotate the backup keys");
        var snoozed = await h.SeedActionAsync(owner, Monday, "Replace the badge readers", snoozeUntil: Monday.AddDays(2));

        var first = await h.RunAsync();

        var mail = Assert.Single(h.Graph.Mails);
        Assert.Contains("Rotate the backup keys", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Replace the badge readers", mail.Html, StringComparison.Ordinal);
        Assert.Equal(1, (int)first["snoozed"]!);
        Assert.Equal(1, (int)first["sent"]!);

        h.SetToday(Monday.AddDays(1));
        await h.RunAsync();
        Assert.Single(h.Graph.Mails);

        h.SetToday(Monday.AddDays(2));
        var resumed = await h.RunAsync();

        Assert.Equal(2, h.Graph.Mails.Count);
        var second = h.Graph.Mails.Last();
        Assert.Contains("Replace the badge readers", second.Html, StringComparison.Ordinal);
        Assert.Contains(snoozed, second.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Rotate the backup keys", second.Html, StringComparison.Ordinal);
        Assert.Equal(0, (int)resumed["snoozed"]!);
    }

    [Fact]
    public async Task An_owner_without_a_manager_escalates_to_the_ISMS_manager_and_the_digest_says_so()
    {
        await using var h = await StartAsync(Monday);
        const string owner = "fred@contoso.example";
        await h.SeedActionAsync(owner, Monday.AddDays(-7));

        await h.RunAsync();

        var mail = Assert.Single(h.Graph.Mails);
        Assert.Equal([owner], mail.To);
        Assert.Equal([IsmsManager], mail.Cc);
        Assert.Contains("No line manager is on record for you", mail.Html, StringComparison.Ordinal);
        Assert.Single(h.Graph.CallsOf("manager"), c => c.Status == 404);
        // One read tells "no manager" from "no such user"; the other addresses the digest to the directory's mail address.
        Assert.Equal(2, h.Graph.CallsOf("user").Count(c => c.Status == 200));
    }

    [Fact]
    public async Task An_owner_unknown_to_the_directory_is_recorded_and_reported_to_the_ISMS_manager_not_retried()
    {
        await using var h = await StartAsync(Monday);
        const string owner = "gone@contoso.example";
        h.Graph.UnknownUsers[owner] = true;
        var id = await h.SeedActionAsync(owner, Monday.AddDays(-7));

        var run = await h.RunAsync();

        var report = Assert.Single(h.Graph.Mails);
        Assert.True(report.To.SequenceEqual([IsmsManager]), $"{string.Join(",", report.To)}: {report.Subject} {string.Join(" ", h.Graph.Calls.Select(c => c.Kind + c.Status))}");
        Assert.Contains(owner, report.Subject, StringComparison.Ordinal);
        Assert.Contains(id, report.Html, StringComparison.Ordinal);
        Assert.Equal(1, (int)run["failed"]!);
        Assert.Equal(0, (int)run["sent"]!);
        var failure = Assert.Single(run["failures"]!.AsArray());
        Assert.Equal(owner, (string?)failure!["ownerUpn"]);
        Assert.Equal("Failed", (string?)failure["outcome"]);

        var again = await h.RunAsync();

        Assert.Single(h.Graph.Mails);
        Assert.Equal(0, (int)again["owners"]!);
    }

    [Fact]
    public async Task A_throttled_send_waits_for_Retry_After_and_is_sent_once()
    {
        await using var h = await StartAsync(Monday);
        await h.SeedActionAsync("gil@contoso.example", Monday);
        h.Graph.Script("sendMail", 429, retryAfterSeconds: 1);

        var run = await h.RunAsync();

        var attempts = h.Graph.CallsOf("sendMail");
        Assert.Equal([429, 202], attempts.Select(a => a.Status));
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(0.9), $"Retried after {(attempts[1].At - attempts[0].At).TotalMilliseconds} ms");
        Assert.Single(h.Graph.Mails);
        Assert.Equal(1, (int)run["sent"]!);
        Assert.Equal(0, (int)run["failedAttempts"]!);
    }

    [Fact]
    public async Task A_503_on_a_send_is_not_retried_by_the_client_but_by_the_queue_and_sent_once()
    {
        await using var h = await StartAsync(Monday);
        const string owner = "hal@contoso.example";
        h.Graph.Managers[owner] = "boss@contoso.example";
        await h.SeedActionAsync(owner, Monday.AddDays(-7));
        h.Graph.Script("manager", 503, retryAfterSeconds: 0);
        h.Graph.Script("sendMail", 503);

        var run = await h.RunAsync();

        Assert.Equal([503, 200], h.Graph.CallsOf("manager").Take(2).Select(c => c.Status));
        Assert.Equal([503, 202], h.Graph.CallsOf("sendMail").Select(c => c.Status));
        var mail = Assert.Single(h.Graph.Mails);
        Assert.Equal(["boss@contoso.example"], mail.Cc);
        Assert.Equal(1, (int)run["sent"]!);
        Assert.Equal(1, (int)run["failedAttempts"]!);
    }

    [Fact]
    public async Task Owners_sharing_a_queue_message_are_each_sent_once_when_one_of_them_fails_and_the_message_is_retried()
    {
        await using var h = await StartAsync(Monday);
        string[] owners = ["ivy@contoso.example", "jon@contoso.example", "kay@contoso.example"];
        foreach (var owner in owners)
        {
            await h.SeedActionAsync(owner, Monday.AddDays(-7));
        }

        h.Graph.Script("sendMail", 503);
        var run = await h.RunAsync();

        Assert.Equal([503, 202, 202, 202], h.Graph.CallsOf("sendMail").Select(c => c.Status));
        Assert.Equal(owners, h.Graph.Mails.Select(m => m.To.Single()).Order());
        Assert.Equal(3, (int)run["sent"]!);
        Assert.Equal(1, (int)run["failedAttempts"]!);
    }

    [Fact]
    public void Owners_are_queued_a_few_to_a_message_and_one_with_too_many_keys_leaves_them_for_the_sender_to_read()
    {
        var today = new DateOnly(2026, 3, 2);
        var many = Enumerable.Range(0, 60).Select(i => new ReminderOwner($"p{i}@contoso.example", ["Acknowledgement|DOC-1"])).ToList();
        Assert.Equal([25, 25, 10], ChasePlanner.Messages("run", today, many).Select(m => m.Recipients.Count));

        var keys = Enumerable.Range(0, 2000).Select(i => $"Acknowledgement|DOC-{i:D6}").ToList();
        var messages = ChasePlanner.Messages("run", today, [new ReminderOwner("a@contoso.example", ["Training|CRS-1"]), new ReminderOwner("b@contoso.example", keys)]).ToList();
        Assert.Null(messages.SelectMany(m => m.Recipients).Single(r => r.OwnerUpn == "b@contoso.example").Requirements);
        Assert.All(messages, m => Assert.True(System.Text.Json.JsonSerializer.Serialize(m).Length < 48 * 1024));
    }

    [Fact]
    public async Task A_run_killed_after_k_of_n_sends_is_completed_by_the_next_run_with_n_sends_in_all()
    {
        await using var h = await StartAsync(Monday);
        var owners = Enumerable.Range(1, 6).Select(i => $"owner{i}@contoso.example").ToList();
        foreach (var owner in owners)
        {
            await h.SeedActionAsync(owner, Monday);
            await h.SeedActionAsync(owner, Monday.AddDays(1));
        }

        h.Graph.HangMailsAfter = 2;
        var doomed = h.Host;
        using (var client = doomed.Client())
        {
            using var started = await client.PostAsync("admin/functions/ChaseCorrectiveActions", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (h.Graph.HangingMails < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(2, h.Graph.Mails.Count);

        // k sends means k sends the run also recorded: Graph has the two mails as soon as it accepts them, and the run
        // confirms them in its ledger just after. A kill inside that window is the one a ledger cannot close (the
        // README says so); this test is about a kill after the k-th confirm.
        deadline = DateTime.UtcNow.AddSeconds(20);
        while ((int)(await h.Api(doomed).ArrayAsync("api/reminder-runs?top=1"))[0]!["sent"]! < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await h.KillAsync(doomed);
        h.Graph.HangMailsAfter = null;

        // Same morning, once the dead run's claims have expired.
        h.Time.Advance(TimeSpan.FromMinutes(16));
        var survivor = await h.StartHostAsync();
        var next = await h.RunAsync(survivor);
        deadline = DateTime.UtcNow.AddSeconds(20);
        while (h.Graph.Mails.Count < 6 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(6, h.Graph.Mails.Count);
        Assert.Equal(owners.Order(), h.Graph.Mails.Select(m => m.To.Single()).Order());
        Assert.All(h.Graph.Mails, m => Assert.Equal("ISMS: 1 corrective action due today, 1 due within 7 days", m.Subject));
        // The dead run's two digests are in the ledger; its stuck claims expired and were owed again. A message of
        // the dead run that it never picked up may be sent by the survivor while the new run plans: those stages
        // count as in progress (another run's), not as owed by this one.
        Assert.True((int)next["alreadySent"]! >= 4, next.ToJsonString());
        Assert.Equal(12, (int)next["alreadySent"]! + (int)next["inProgress"]! + (int)next["owed"]!);
        Assert.Equal((int)next["owed"]!, (int)next["sent"]!);
    }

    [Fact]
    public async Task Two_concurrent_runs_on_two_instances_send_each_digest_once()
    {
        await using var h = await StartAsync(Monday);
        var owners = Enumerable.Range(1, 8).Select(i => $"pair{i}@contoso.example").ToList();
        foreach (var owner in owners)
        {
            await h.SeedActionAsync(owner, Monday);
            await h.SeedActionAsync(owner, Monday.AddDays(-3));
        }

        var second = await h.StartHostAsync();
        h.Graph.Latency = TimeSpan.FromMilliseconds(20);

        await Task.WhenAll(h.RunAsync(h.Host), h.RunAsync(second));
        var runs = await h.WaitForAllRunsAsync(h.Host);

        Assert.Equal(8, h.Graph.Mails.Count);
        Assert.Equal(owners.Order(), h.Graph.Mails.Select(m => m.To.Single()).Order());
        Assert.Equal(2, runs.Count);
        Assert.Equal(16, runs.Sum(r => (int)r!["sent"]!));
    }

    [Fact]
    public async Task User_text_with_HTML_in_it_arrives_escaped()
    {
        await using var h = await StartAsync(Monday);
        var api = h.Api();
        using var audit = await api.PostAsync("api/audits", new
        {
            type = "Internal",
            title = "Access review",
            plannedStart = Date(Monday),
            plannedEnd = Date(Monday.AddDays(1)),
            leadAuditorUpn = "lead.auditor@contoso.example",
            scope = Scope,
        });
        var auditId = (string)(await ApiClient.JsonAsync(audit, HttpStatusCode.Created))["id"]!;
        using var finding = await api.PostAsync($"api/audits/{auditId}/findings", new { type = "MajorNonconformity", controlIds = Scope, description = "<img src=x onerror=alert(1)>" });
        var findingId = (string)(await ApiClient.JsonAsync(finding, HttpStatusCode.Created))["id"]!;
        const string correction = "<script>alert('owned')</script> & <b>bold</b>";
        using var action = await api.PostAsync($"api/findings/{findingId}/corrective-actions", new { ownerUpn = "ivy@contoso.example", correction, dueDate = Date(Monday) });
        await ApiClient.JsonAsync(action, HttpStatusCode.Created);

        await h.RunAsync();

        var mail = Assert.Single(h.Graph.Mails);
        Assert.DoesNotContain("<script>", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold</b>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;", mail.Html, StringComparison.Ordinal);
    }
}
