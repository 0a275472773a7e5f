using Isms.Functions.Notifications;
using Isms.Functions.Platform;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.SendMail;

namespace Isms.IntegrationTests.Notifications;

/// <summary>
/// Exchange counts the messages a mailbox sends in a sliding window (10,000 per 10 minutes) and answers 429 beyond it.
/// The app's Graph client paces its mail to that window, so a burst larger than the window is sent in full without
/// one 429, through the real GraphServiceClient against the fake that enforces the window.
/// </summary>
public sealed class MailboxPacingTests
{
    [Fact]
    public async Task A_burst_larger_than_the_mailbox_window_waits_for_the_window_instead_of_being_throttled()
    {
        await using var fake = await FakeGraphServer.StartAsync();
        fake.MailboxMessageLimit = 5;
        fake.MailboxMessageWindow = TimeSpan.FromSeconds(1);
        var throttling = new GraphThrottlingOptions { MailboxMessagesPerWindow = 5, MailboxMessageWindow = TimeSpan.FromSeconds(1), MaxRetries = 0 };
        var graph = GraphClientSetup.Create(new GraphOptions { BaseUrl = fake.BaseUrl.ToString() }, throttling, new FakeTokenCredential());

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => graph.Users["isms-reminders@contoso.example"].SendMail.PostAsync(new SendMailPostRequestBody
        {
            Message = new Message
            {
                Subject = $"Reminder {i}",
                Body = new ItemBody { ContentType = BodyType.Text, Content = "Due soon." },
                ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = $"person{i}@contoso.example" } }],
            },
        })));

        Assert.Equal(12, fake.Mails.Count);
        Assert.Equal(0, fake.QuotaViolations);
    }

    [Fact]
    public async Task A_mail_waiting_for_the_window_longer_than_a_request_may_take_is_sent_not_timed_out()
    {
        await using var fake = await FakeGraphServer.StartAsync();
        var throttling = new GraphThrottlingOptions { MailboxMessagesPerWindow = 2, MailboxMessageWindow = TimeSpan.FromSeconds(3), RequestTimeout = TimeSpan.FromSeconds(1), MaxRetries = 0 };
        var graph = GraphClientSetup.Create(new GraphOptions { BaseUrl = fake.BaseUrl.ToString() }, throttling, new FakeTokenCredential());
        var waited = System.Diagnostics.Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => graph.Users["isms-reminders@contoso.example"].SendMail.PostAsync(new SendMailPostRequestBody
        {
            Message = new Message { Subject = $"Reminder {i}", ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = $"person{i}@contoso.example" } }] },
        })));

        Assert.Equal(4, fake.Mails.Count);
        Assert.True(waited.Elapsed > TimeSpan.FromSeconds(2), $"The last two should have waited for the window, {waited.Elapsed} in all.");
    }

    [Fact]
    public async Task A_request_Graph_does_not_answer_in_time_fails_as_a_timeout()
    {
        await using var fake = await FakeGraphServer.StartAsync();
        fake.Latency = TimeSpan.FromSeconds(3);
        var throttling = new GraphThrottlingOptions { RequestTimeout = TimeSpan.FromMilliseconds(500), MaxRetries = 0 };
        var graph = GraphClientSetup.Create(new GraphOptions { BaseUrl = fake.BaseUrl.ToString() }, throttling, new FakeTokenCredential());

        var failed = await Assert.ThrowsAnyAsync<TaskCanceledException>(() => graph.Users["isms-reminders@contoso.example"].SendMail.PostAsync(new SendMailPostRequestBody
        {
            Message = new Message { Subject = "Reminder", ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = "p@contoso.example" } }] },
        }));
        Assert.IsType<TimeoutException>(failed.InnerException);
    }

    [Fact]
    public async Task Without_pacing_the_same_burst_is_throttled_by_the_fake()
    {
        await using var fake = await FakeGraphServer.StartAsync();
        fake.MailboxMessageLimit = 5;
        fake.MailboxMessageWindow = TimeSpan.FromSeconds(30);
        var throttling = new GraphThrottlingOptions { MailboxMessagesPerWindow = 0, MaxRetries = 0 };
        var graph = GraphClientSetup.Create(new GraphOptions { BaseUrl = fake.BaseUrl.ToString() }, throttling, new FakeTokenCredential());

        var sends = Enumerable.Range(0, 8).Select(i => graph.Users["isms-reminders@contoso.example"].SendMail.PostAsync(new SendMailPostRequestBody
        {
            Message = new Message { Subject = $"Reminder {i}", ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = "p@contoso.example" } }] },
        }));
        await Assert.ThrowsAnyAsync<Exception>(() => Task.WhenAll(sends));

        Assert.Equal(5, fake.Mails.Count);
        Assert.Equal(3, fake.QuotaViolations);
    }
}
