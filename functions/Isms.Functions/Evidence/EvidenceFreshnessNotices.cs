using Isms.Functions.Platform;
using System.Globalization;
using System.Text;
using Isms.Core.Evidence;
using Isms.Functions.Notifications;
using Isms.Functions.Pages.Mail;

namespace Isms.Functions.Evidence;

/// <summary>
/// The weekly freshness run: every owner of an applicable control whose evidence is missing, stale or due soon gets
/// one digest listing those controls; controls without an owner are counted for the ISMS manager.
/// </summary>
public sealed partial class EvidenceFreshnessNotices(EvidenceFreshnessReport report, INotificationChannel channel, IOptions<IsmsOptions> isms, ILogger<EvidenceFreshnessNotices> logger)
{
    public const string NotificationKind = "EvidenceFreshness";

    /// <summary>Tells each owner of a control whose evidence is missing, stale or going stale, in one digest each.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var today = report.Today;
        var controls = await report.AssessAsync(cancellationToken).ConfigureAwait(false);
        var attention = controls.Where(c => c.State != EvidenceFreshnessState.Fresh).ToList();
        var ownerless = attention.Count(c => string.IsNullOrWhiteSpace(c.OwnerUpn));
        var sent = 0;
        foreach (var owner in attention.Where(c => !string.IsNullOrWhiteSpace(c.OwnerUpn)).GroupBy(c => c.OwnerUpn!.ToLowerInvariant()))
        {
            var items = owner.OrderBy(c => Rank(c.State)).ThenBy(c => c.ControlId, StringComparer.Ordinal).ToList();
            var result = await channel.SendAsync(await DigestAsync(owner.First().OwnerUpn!, items, today, isms.Value).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            if (result.MailDelivered)
            {
                sent++;
            }
            else
            {
                LogNotDelivered(logger, owner.Key, result.Detail ?? result.Mail.ToString());
            }
        }

        LogChecked(logger, controls.Count, attention.Count, sent, ownerless);
    }

    /// <summary>One owner's digest; its key is the owner and ISO week, so a rerun in the same week replaces rather than repeats it.</summary>
    public static async Task<Notification> DigestAsync(string ownerUpn, IReadOnlyList<EvidenceFreshnessResponse> items, DateOnly today, IsmsOptions isms)
    {
        ArgumentNullException.ThrowIfNull(isms);
        ArgumentNullException.ThrowIfNull(ownerUpn);
        ArgumentNullException.ThrowIfNull(items);
        var day = today.ToDateTime(TimeOnly.MinValue);
        var key = string.Create(CultureInfo.InvariantCulture, $"{ownerUpn.ToLowerInvariant()}-{ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):D2}");
        var counts = string.Join(", ", items.GroupBy(i => i.State).OrderBy(g => Rank(g.Key)).Select(g => $"{g.Count()} {Describe(g.Key)}"));
        var subject = $"Evidence needed for {items.Count} control{(items.Count == 1 ? string.Empty : "s")} you own ({counts})";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"These controls you own need fresh evidence (as of {today:yyyy-MM-dd}):").AppendLine();
        foreach (var item in items)
        {
            var latest = item.LatestEffectiveDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none";
            var until = item.CoveredUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-";
            text.AppendLine(CultureInfo.InvariantCulture, $"- {item.ControlId} {item.Title}: {Describe(item.State)} (latest evidence {latest}, covered until {until}, reviewed {item.ReviewFrequency})");
        }

        var upload = isms.Link(Pages.PagePaths.Upload);
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Upload evidence at {upload}, naming the control and the date the evidence speaks for.");
        var html = await MailBodies.RenderAsync<FreshnessMail>(new Dictionary<string, object?>
        {
            [nameof(FreshnessMail.Title)] = subject,
            [nameof(FreshnessMail.Today)] = today,
            [nameof(FreshnessMail.Items)] = items,
            [nameof(FreshnessMail.Upload)] = upload,
            [nameof(FreshnessMail.ControlLink)] = (Func<string, Uri>)(id => isms.Link(Pages.PagePaths.Control(id))),
            [nameof(FreshnessMail.State)] = (Func<EvidenceFreshnessState, string>)Describe,
        }).ConfigureAwait(false);
        var preview = items.Count == 1 ? $"Evidence for control {items[0].ControlId} is {Describe(items[0].State)}" : $"Evidence for {items.Count} controls you own needs attention";
        return new Notification(NotificationKind, key, ownerUpn, [], subject, html, text.ToString(), new TeamsActivity("evidenceStale", preview, upload));
    }

    private static int Rank(EvidenceFreshnessState state) => state switch
    {
        EvidenceFreshnessState.Missing => 0,
        EvidenceFreshnessState.Stale => 1,
        EvidenceFreshnessState.DueSoon => 2,
        _ => 3,
    };

    private static string Describe(EvidenceFreshnessState state) => state switch
    {
        EvidenceFreshnessState.Missing => "missing",
        EvidenceFreshnessState.Stale => "stale",
        EvidenceFreshnessState.DueSoon => "due soon",
        _ => "fresh",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Evidence freshness: {Controls} applicable controls, {Attention} need evidence, {Sent} owner digests sent, {Ownerless} without an owner")]
    private static partial void LogChecked(ILogger logger, int controls, int attention, int sent, int ownerless);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evidence freshness digest for {Owner} was not delivered: {Detail}")]
    private static partial void LogNotDelivered(ILogger logger, string owner, string detail);
}
