using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Isms.Core.Audits;
using Isms.Core.CorrectiveActions;
using Isms.Functions.Platform;
using Isms.Functions.Registers;
using Isms.Functions.Storage;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Issue 15's bar: rendering the home page over 10,000 open actions held by 1,000 owners and 100,000 evidence records
/// takes at most 1.5x the JSON API calls that return the same figures (open and overdue actions, findings, evidence
/// freshness, audits, snapshots), measured against the same host and Azurite in the same run.
/// </summary>
internal static class HomePageBenchmark
{
    public static async Task RunAsync(int actionCount, int owners, int evidence, int runs)
    {
        await using var azurite = await AzuriteEmulator.StartAsync(dataDirectory: null);
        var options = new LocalHostOptions { Port = 0, RunTimers = false, PersistAzuriteData = false };
        options.Settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        await using var host = await LocalFunctionsHost.StartAsync(options);
        var services = host.Services;
        var admin = Caller.ForDevelopment("isms.manager@contoso.example", new HashSet<string> { Roles.Admin });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        Console.WriteLine($"Seeding {actionCount:N0} open actions for {owners:N0} owners, {actionCount / 20:N0} findings, 12 audits and {evidence:N0} evidence records (their index rows, which both sides read)...");
        var seeding = Stopwatch.StartNew();
        var audits = services.GetRequiredService<AuditRegister>();
        for (var i = 0; i < 12; i++)
        {
            var start = today.AddDays((i * 30) - 150);
            await audits.InsertAsync(new Audit
            {
                Id = $"AUD-HOME{i:D2}",
                Type = i % 4 == 0 ? AuditType.Surveillance : AuditType.Internal,
                Title = $"Audit {i}",
                PlannedStart = start,
                PlannedEnd = start.AddDays(2),
                LeadAuditorUpn = "lead.auditor@contoso.example",
                Scope = ["A.5.15", "A.8.2"],
                Status = start < today ? AuditStatus.Completed : AuditStatus.Planned,
            }, admin, default);
        }

        var findings = services.GetRequiredService<FindingRegister>();
        var findingCount = Math.Max(1, actionCount / 20);
        await Parallel.ForEachAsync(Enumerable.Range(0, findingCount), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await findings.InsertAsync(new Finding
            {
                Id = $"AUD-HOME{i % 5:D2}-F{i:D5}",
                AuditId = $"AUD-HOME{i % 5:D2}",
                Type = i % 3 == 0 ? FindingType.MajorNonconformity : FindingType.MinorNonconformity,
                ControlIds = ["A.5.18"],
                Description = $"Finding {i}: leavers keep access for weeks.",
                RaisedBy = "lead.auditor@contoso.example",
                RaisedAt = DateTimeOffset.UtcNow.AddDays(-100),
            }, admin, ct));

        var register = services.GetRequiredService<CorrectiveActionRegister>();
        await Parallel.ForEachAsync(Enumerable.Range(0, actionCount), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await register.InsertAsync(new CorrectiveAction
            {
                Id = $"CA-HOME{i:D6}",
                FindingId = $"AUD-HOME{i % findingCount % 5:D2}-F{i % findingCount:D5}",
                OwnerUpn = $"owner{i % owners:D4}@contoso.example",
                Correction = $"Correction number {i} with a realistic sentence or two of text describing what was contained.",
                DueDate = today.AddDays((i % 120) - 30),
                CreatedAt = DateTimeOffset.UtcNow.AddDays(-(i % 200)),
            }, admin, ct));

        // Evidence as the freshness scan reads it: one index row per control an evidence record covers (two each).
        var index = new TableClient(azurite.ConnectionString, TableNames.EvidenceIndex);
        await index.CreateIfNotExistsAsync();
        var rows = Enumerable.Range(0, evidence).SelectMany(i => new[] { Control(i), Control(i + 7) }.Select(control => (Control: control, Id: $"EV-HOME{i:D7}", Effective: today.AddDays(-(i % 500)))));
        var batches = rows.GroupBy(r => r.Control).SelectMany(g => g.Chunk(100));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (batch, ct) =>
            await index.SubmitTransactionAsync(
                batch.Select(r => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(TableKey.Prefixed("control|", r.Control), r.Id)
                {
                    ["EffectiveDate"] = r.Effective.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                })),
                ct));
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add(CallerReader.HeaderName, CallerReader.Encode(admin.Upn, Roles.Admin));
        using (var sealing = await http.PostAsync(new Uri("api/snapshots", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
        {
            sealing.EnsureSuccessStatusCode();
        }

        Console.WriteLine($"Seeded in {seeding.Elapsed.TotalSeconds:F1} s.");

        string[] apiCalls = ["api/corrective-actions", "api/findings", "api/evidence-freshness", "api/audits", "api/snapshots", "api/soa"];

        async Task<double> TimeAsync(IEnumerable<string> paths)
        {
            var watch = Stopwatch.StartNew();
            foreach (var path in paths)
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
                response.EnsureSuccessStatusCode();
                _ = await response.Content.ReadAsByteArrayAsync();
            }

            return watch.Elapsed.TotalSeconds;
        }

        await TimeAsync([string.Empty]);
        await TimeAsync(apiCalls);
        var each = new List<string>();
        foreach (var path in apiCalls.Prepend(string.Empty))
        {
            each.Add($"/{path} {await TimeAsync([path]):F2} s");
        }

        Console.WriteLine("Each call alone: " + string.Join(", ", each));
        var homeTimes = new List<double>();
        var apiTimes = new List<double>();
        var ratios = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var home = await TimeAsync([string.Empty]);
            var api = await TimeAsync(apiCalls);
            homeTimes.Add(home);
            apiTimes.Add(api);
            ratios.Add(home / api);
            Console.WriteLine($"run {run + 1}: home page {home:F3} s, JSON API ({apiCalls.Length} calls) {api:F3} s, ratio {home / api:F2}");
        }

        Console.WriteLine($"median: home page {Stats.Median(homeTimes):F3} s, JSON API {Stats.Median(apiTimes):F3} s, ratio {Stats.Median(ratios):F2} (target <= 1.5)");
    }

    private static string Control(int i) => (i % 4) switch
    {
        0 => $"A.5.{(i % 37) + 1}",
        1 => $"A.6.{(i % 8) + 1}",
        2 => $"A.7.{(i % 14) + 1}",
        _ => $"A.8.{(i % 34) + 1}",
    };
}
