using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;

namespace Isms.LocalHost.Demo;

/// <summary>
/// <c>--demo</c>: seeds the demo organisation, runs every timer function once (as their schedules would), lets the
/// queue functions finish, and tells the person where to look.
/// </summary>
public static class DemoRun
{
    public static async Task<string> RunAsync(LocalFunctionsHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var added = await new DemoSeeder(host.Services).SeedAsync(cancellationToken).ConfigureAwait(false);
        added += await DemoEvidence.UploadAsync(host.BaseAddress, DateOnly.FromDateTime(DateTime.UtcNow), cancellationToken).ConfigureAwait(false);
        added += await DemoPeople.SeedAsync(host, cancellationToken).ConfigureAwait(false);
        var runner = host.Services.GetRequiredService<FunctionRunner>();
        var ran = new List<string>();
        // The weekly summary reports what the other runs made (the programme's planned audits, say), so it goes last.
        // Evidence is collected first, so the snapshot sealed after it shows the collected evidence.
        var timers = host.Functions.Where(f => f.Timer is not null).OrderBy(f => f.Name != "CollectEvidence").ThenBy(f => f.Name == "PostWeeklySummary");
        foreach (var timer in timers)
        {
            var now = DateTime.UtcNow;
            await runner.RunTimerAsync(timer, now, now, cancellationToken, rethrow: true).ConfigureAwait(false);
            ran.Add(timer.Name);
        }

        await DrainQueuesAsync(host, cancellationToken).ConfigureAwait(false);
        var report = await LatestSnapshotReportAsync(host, cancellationToken).ConfigureAwait(false);
        return Describe(host, added, ran, report);
    }

    /// <summary>Waits (up to a minute) until the queue-triggered functions have taken every message the timers queued.</summary>
    private static async Task DrainQueuesAsync(LocalFunctionsHost host, CancellationToken cancellationToken)
    {
        var queues = host.Services.GetRequiredService<QueueServiceClient>();
        var names = host.Functions.Where(f => f.Queue is not null).Select(f => f.Queue!.QueueName).Distinct().ToList();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            var waiting = 0;
            foreach (var name in names)
            {
                var queue = queues.GetQueueClient(name);
                if (await queue.ExistsAsync(cancellationToken).ConfigureAwait(false))
                {
                    waiting += (await queue.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
                }
            }

            if (waiting == 0)
            {
                // A message being processed is invisible, not gone: give the last ones time to finish.
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                return;
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Uri?> LatestSnapshotReportAsync(LocalFunctionsHost host, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var response = await http.GetAsync(new Uri("api/snapshots", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var body = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        var ids = body.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array
            ? body.RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetString()).Where(id => id is not null).Order(StringComparer.Ordinal).ToList()
            : [];
        return ids.Count == 0 ? null : new Uri(host.BaseAddress, $"api/snapshots/{ids[^1]}/report");
    }

    private static string Describe(LocalFunctionsHost host, int added, IReadOnlyList<string> ran, Uri? report)
    {
        var api = new Uri(host.BaseAddress, "api/");
        var outbox = Path.GetFullPath(host.Configuration["Notifications:OutboxDirectory"] ?? ".local/outbox");
        var messages = Directory.Exists(outbox) ? Directory.GetFiles(outbox).Order(StringComparer.Ordinal).ToList() : [];
        var lines = new List<string>
        {
            string.Empty,
            "Demo organisation (Contoso) is ready.",
            added == 0 ? "  Seeded:     nothing new (it was there already)" : $"  Seeded:     {added} records",
            $"  Ran:        {string.Join(", ", ran)}",
            $"  Outbox:     {outbox} ({messages.Count} files: open the .eml files in a mail client)",
        };
        lines.AddRange(messages.Take(8).Select(m => $"                {Path.GetFileName(m)}"));
        if (messages.Count > 8)
        {
            lines.Add($"                ... and {messages.Count - 8} more");
        }

        if (report is not null)
        {
            lines.Add($"  Report:     {report}");
        }

        // The pages people act on, then the JSON API's reports.
        var site = host.BaseAddress;
        lines.Add($"  Home:       {site}  (readiness, overdue actions, freshness, next audits)");
        lines.Add($"  My work:    {site}my  (as the development identity; try another person with the X-MS-CLIENT-PRINCIPAL header)");
        lines.Add($"  SoA:        {site}controls");
        lines.Add($"  Action:     {site}actions/CA-DEMO-LATE8  (an overdue action, with its owner's forms)");
        lines.Add($"  Upload:     {site}upload");
        lines.Add($"  Programme:  {api}audit-programme");
        foreach (var route in new[] { "snapshots", "reminder-runs", "evidence-freshness" })
        {
            lines.Add($"  {Label(route),-11} {api}{route}");
        }

        lines.Add($"  API:        {api}openapi.json (and docs/api.md for curl examples)");
        return string.Join(Environment.NewLine, lines);
    }

    private static string Label(string route) => route switch
    {
        "snapshots" => "Snapshots:",
        "reminder-runs" => "Reminders:",
        _ => "Freshness:",
    };
}
