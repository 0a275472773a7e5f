using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Isms.Benchmarks;
using Isms.Core.Audits;
using Isms.Core.CorrectiveActions;
using Isms.Functions.Platform;
using Isms.Functions.Registers;
using Isms.Functions.Storage;
using Isms.LocalHost;
using Isms.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

// Issue 5's benchmarks: a chasing run over many owners against a slow, mailbox-limited fake Graph, and a run
// with nothing owed over many closed actions, counting storage requests. See docs/benchmarks.md.
var owners = Option("--owners", 1000);
var perOwner = Option("--actions-per-owner", 10);
var latencyMs = Option("--latency-ms", 50);
var closed = Option("--closed", 100_000);
var batchSize = Option("--batch-size", 16);
var warmupOwners = Option("--warmup-owners", 50);
var only = Arg("--only");
var people = Option("--people", 50_000);
var mailboxLimit = Option("--mailbox-limit", 10_000);
var mailboxWindowSeconds = Option("--mailbox-window-seconds", 600);
var monday = new DateOnly(2026, 3, 2);
var friday = monday.AddDays(-3);
var time = new FakeTimeProvider(At(friday));

if (only is null or "send")
{
    await SendRunAsync();
}

if (only is null or "idle")
{
    await IdleRunAsync();
}

// Issue 18's: on demand only (at Exchange's real window, 50,000 people take over 40 minutes).
if (only is "acknowledgements")
{
    await AcknowledgementRunAsync();
}

// How long publishing a policy to a group of N takes inside its request, against reading the group alone.
if (only is "publish")
{
    await PublishRunAsync();
}

// Issue 19's: collecting evidence from a large tenant against reading the same pages alone.
if (only is "collect")
{
    await CollectRunAsync();
}

async Task CollectRunAsync()
{
    var users = Option("--users", 50_000);
    var guests = Option("--guests", 5_000);
    var apps = Option("--apps", 2_000);
    var rounds = Option("--rounds", 5);
    Console.WriteLine($"== Collect run: {users:N0} users, {guests:N0} guests, {apps:N0} applications, fake Graph +{latencyMs} ms per page of 999, {rounds} rounds");
    time.SetUtcNow(At(monday));
    await using var azurite = await AzuriteEmulator.StartAsync(dataDirectory: null);
    await using var graph = await FakeGraphServer.StartAsync();
    graph.KeepBodies = false;
    graph.TenantPageSize = 999;
    graph.Tenant = Isms.LocalHost.Tenant.TenantSeed.Large(users, guests, apps, At(monday));
    graph.Latency = TimeSpan.FromMilliseconds(latencyMs);
    var counter = new RequestCounter();
    await using var host = await StartHostAsync(azurite.ConnectionString, graph, counter, o => o.Settings["Collectors:Enabled"] = "true");
    var runner = host.Services.GetRequiredService<Isms.Functions.Collection.CollectorRunner>();
    string[] names = ["mfa-registration", "guests", "application-credentials"];
    var collectors = names.Select(n => runner.Find(n)!).ToList();

    // The baseline: the very pages the collectors ask for, read with a plain HttpClient and thrown away.
    using var plain = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
    plain.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", FakeTokenCredential.Token);
    var root = graph.BaseUrl.ToString().TrimEnd('/');
    string[] firstPages =
    [
        $"{root}/users?$filter={Uri.EscapeDataString("accountEnabled eq false")}&$select=id&$top=999",
        $"{root}/reports/authenticationMethods/userRegistrationDetails?$select=id,userPrincipalName,userType,isAdmin,isMfaCapable,isMfaRegistered&$top=999",
        $"{root}/users?$filter={Uri.EscapeDataString("userType eq 'Guest'")}&$select=id,displayName,userPrincipalName,createdDateTime,signInActivity&$top=500",
        $"{root}/applications?$select=id,appId,displayName,passwordCredentials,keyCredentials&$top=999",
    ];

    async Task<(TimeSpan Elapsed, int Pages)> ReadPagesAsync()
    {
        var watch = Stopwatch.StartNew();
        var pages = 0;
        foreach (var first in firstPages)
        {
            string? url = first;
            while (url is not null)
            {
                using var response = await plain.GetAsync(url);
                response.EnsureSuccessStatusCode();
                using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
                url = body.RootElement.TryGetProperty("@odata.nextLink", out var next) ? next.GetString() : null;
                pages++;
            }
        }

        return (watch.Elapsed, pages);
    }

    async Task<(TimeSpan Elapsed, int Pages, long PeakWorkingSet, long PeakHeap)> CollectAsync()
    {
        GC.Collect();
        var peakSet = 0L;
        var peakHeap = 0L;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            var process = Process.GetCurrentProcess();
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peakSet = Math.Max(peakSet, process.WorkingSet64);
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                await Task.Delay(20);
            }
        });
        var watch = Stopwatch.StartNew();
        var pages = 0;
        foreach (var collector in collectors)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            var run = await runner.RunAsync(collector, "benchmark", CancellationToken.None) ?? throw new InvalidOperationException($"{collector.Name} is running already");
            if (run.Outcome == Isms.Core.Collection.CollectorRunOutcome.Error)
            {
                throw new InvalidOperationException($"{collector.Name}: {run.Summary}");
            }

            pages += run.Pages;
        }

        var elapsed = watch.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        return (elapsed, pages, peakSet, peakHeap);
    }

    // Warm both paths once (JIT, connections, the evidence records' first versions), then alternate.
    await ReadPagesAsync();
    await CollectAsync();
    var ratios = new List<double>();
    for (var round = 1; round <= rounds; round++)
    {
        var read = await ReadPagesAsync();
        counter.Reset();
        var collected = await CollectAsync();
        var ratio = collected.Elapsed / read.Elapsed;
        ratios.Add(ratio);
        Console.WriteLine($"round {round}: page reads alone {read.Pages} pages in {read.Elapsed.TotalSeconds:F2} s; collecting {collected.Pages} pages (parsed, rules applied, raw JSON and summary filed as evidence, runs recorded) in {collected.Elapsed.TotalSeconds:F2} s; ratio {ratio:F3}; peak working set {collected.PeakWorkingSet / 1048576} MB, managed heap {collected.PeakHeap / 1048576} MB; {counter.Total} storage table/queue requests");
    }

    ratios.Sort();
    Console.WriteLine($"median ratio {ratios[ratios.Count / 2]:F3} over {rounds} rounds (bar 1.25); process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB (the fake Graph and its tenant included)");
}

async Task AcknowledgementRunAsync()
{
    Console.WriteLine($"== Acknowledgement run: {people:N0} people owed an acknowledgement, fake Graph +{latencyMs} ms per call, 4 concurrent calls and {mailboxLimit:N0} mails per {mailboxWindowSeconds} s per mailbox");
    time.SetUtcNow(At(monday));
    await using var azurite = await AzuriteEmulator.StartAsync(dataDirectory: null);
    await using var graph = await FakeGraphServer.StartAsync();
    graph.KeepBodies = false;
    var counter = new RequestCounter();
    await using var host = await StartHostAsync(azurite.ConnectionString, graph, counter, o =>
    {
        o.Settings["Graph:Throttling:MailboxMessagesPerWindow"] = mailboxLimit.ToString(CultureInfo.InvariantCulture);
        o.Settings["Graph:Throttling:MailboxMessageWindow"] = TimeSpan.FromSeconds(mailboxWindowSeconds).ToString("c", CultureInfo.InvariantCulture);
    });
    using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromHours(2) };

    // Each person's record goes in through the app's own store (the document's partition in transactions of a hundred,
    // then each person's owed copy): the version is due in 14 days, so the first rung is owed today.
    var seeding = Stopwatch.StartNew();
    var records = host.Services.GetRequiredService<Isms.Functions.People.PeopleRecords>();
    var asked = Enumerable.Range(0, people).Select(i => ((Isms.Core.People.PersonRequirement, Azure.ETag?))(new Isms.Core.People.PersonRequirement
    {
        PersonUpn = string.Create(CultureInfo.InvariantCulture, $"person{i:D6}@contoso.example"),
        Kind = Isms.Core.People.RequirementKind.Acknowledgement,
        SubjectId = "DOC-BENCH",
        SubjectTitle = "Acceptable use policy",
        Version = "2.0",
        GroupIds = ["0b7f2c1e-0000-4000-8000-000000000001"],
        RequiredSince = monday,
        DueDate = monday.AddDays(14),
    }, null)).ToList();
    await Parallel.ForEachAsync(asked.Chunk(1000), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, ct) =>
    {
        if ((await records.SaveManyAsync(chunk, ct)).Count > 0)
        {
            throw new InvalidOperationException("Seeding met a conflict.");
        }
    });
    Console.WriteLine($"seeded {people:N0} people in {seeding.Elapsed.TotalSeconds:F1} s");

    graph.Latency = TimeSpan.FromMilliseconds(latencyMs);
    graph.MaxConcurrentPerMailbox = 4;
    graph.MailboxMessageLimit = mailboxLimit;
    graph.MailboxMessageWindow = TimeSpan.FromSeconds(mailboxWindowSeconds);
    counter.Reset();
    GC.Collect();
    using var process = Process.GetCurrentProcess();
    process.Refresh();
    var baseline = (WorkingSet: process.WorkingSet64, Heap: GC.GetTotalMemory(false));
    long peakWorkingSet = baseline.WorkingSet, peakHeap = baseline.Heap;
    using var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            process.Refresh();
            peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
            await Task.Delay(500, CancellationToken.None);
        }
    });

    // The throttle-bound limit: the mailbox sends a window's worth as fast as 4 slots of latencyMs allow, then waits
    // for the window to let the next one go, so N mails take (windows - 1) full windows plus the last window's share.
    var perSlot = TimeSpan.FromMilliseconds((double)latencyMs / 4);
    var windows = (people + mailboxLimit - 1) / mailboxLimit;
    var lastWindow = people - ((windows - 1) * mailboxLimit);
    var burst = perSlot * Math.Min(mailboxLimit, people);
    if (burst > TimeSpan.FromSeconds(mailboxWindowSeconds))
    {
        throw new InvalidOperationException("The window is shorter than a window's worth of mail at 4 slots: the limit below assumes it is not.");
    }

    var limit = (TimeSpan.FromSeconds(mailboxWindowSeconds) * (windows - 1)) + (perSlot * lastWindow);
    var run = Stopwatch.StartNew();
    using (var response = await client.PostAsync("admin/functions/ChaseCorrectiveActions", JsonContent.Create(new { })))
    {
        response.EnsureSuccessStatusCode();
    }

    var timer = run.Elapsed;
    Console.WriteLine($"timer (plan + ledger + queue {people:N0} owners): {timer.TotalSeconds:F1} s");
    var reported = 0;
    while (graph.Mails.Count < people && run.Elapsed < (limit * 2) + TimeSpan.FromMinutes(5))
    {
        await Task.Delay(100);
        if (graph.Mails.Count / 5000 > reported)
        {
            reported = graph.Mails.Count / 5000;
            Console.WriteLine($"  {graph.Mails.Count:N0} mails at {run.Elapsed.TotalSeconds:F0} s");
        }
    }

    var lastMail = run.Elapsed;
    var summary = await WaitForRunAsync(client, TimeSpan.FromMinutes(30));
    var settled = run.Elapsed;
    await sampling.CancelAsync();
    await sampler;
    var duplicates = graph.Mails.GroupBy(m => m.To.Single(), StringComparer.OrdinalIgnoreCase).Count(g => g.Count() > 1);
    Console.WriteLine($"last of {graph.Mails.Count:N0} mails accepted: {lastMail.TotalSeconds:F1} s; run settled: {settled.TotalSeconds:F1} s");
    Console.WriteLine($"throttle-bound limit: {windows - 1} windows of {mailboxWindowSeconds} s + {lastWindow:N0} x {latencyMs} ms / 4 = {limit.TotalSeconds:F1} s; ratio (last mail) {lastMail / limit:F3}; ratio (settled) {settled / limit:F3}");
    Console.WriteLine($"429 for the mailbox window: {graph.QuotaViolations}; for mailbox concurrency: {graph.ConcurrencyViolations}; people mailed twice: {duplicates}");
    Console.WriteLine($"memory (the process: local host, fake Graph, benchmark): working set {baseline.WorkingSet / 1048576.0:F0} MB before, peak {peakWorkingSet / 1048576.0:F0} MB; managed heap {baseline.Heap / 1048576.0:F0} MB before, peak {peakHeap / 1048576.0:F0} MB");
    Console.WriteLine($"run summary: owed {summary["owed"]}, owners {summary["owners"]}, sent {summary["sent"]}, digests {summary["digests"]}, failed {summary["failed"]}, failedAttempts {summary["failedAttempts"]}");
    PrintRequests(counter);
}

async Task SendRunAsync()
{
    Console.WriteLine($"== Send run: {owners * perOwner:N0} open actions over {owners:N0} owners, fake Graph +{latencyMs} ms per call, 4 concurrent calls per mailbox, queue batch {batchSize}");
    await using var azurite = await AzuriteEmulator.StartAsync(dataDirectory: null);
    await using var graph = await FakeGraphServer.StartAsync();
    var counter = new RequestCounter();
    await using var host = await StartHostAsync(azurite.ConnectionString, graph, counter);

    var caller = Caller.ForDevelopment("seed@contoso.example", new HashSet<string> { Roles.Admin });
    var findings = host.Services.GetRequiredService<FindingRegister>();
    var actions = host.Services.GetRequiredService<CorrectiveActionRegister>();
    var actionTable = new TableServiceClient(azurite.ConnectionString).GetTableClient(TableNames.CorrectiveActions);
    await actionTable.CreateIfNotExistsAsync();
    using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };

    if (warmupOwners > 0)
    {
        // A worker that has chased before: the same code paths run once on the Friday before (JIT, connection
        // pools, Graph client), then the Friday's rows are removed so Monday owes only the measured set.
        var warm = Stopwatch.StartNew();
        await SeedAsync("warmup", warmupOwners, friday);
        await RunChaseAsync(client, warmupOwners);
        await foreach (var row in actionTable.QueryAsync<TableEntity>("PartitionKey ge 'open|warmup' and PartitionKey lt 'open|warmup~'", select: ["PartitionKey", "RowKey"]))
        {
            await actionTable.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        Console.WriteLine($"warm-up on {friday:ddd yyyy-MM-dd}: {warmupOwners} owners chased in {warm.Elapsed.TotalSeconds:F1} s (not measured)");
    }

    time.SetUtcNow(At(monday));
    graph.Calls.Clear();
    graph.Mails.Clear();
    graph.Activities.Clear();
    var seeding = Stopwatch.StartNew();
    await SeedAsync("owner", owners, monday);
    Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:F1} s");

    graph.Latency = TimeSpan.FromMilliseconds(latencyMs);
    graph.MaxConcurrentPerMailbox = 4;
    counter.Reset();
    var run = Stopwatch.StartNew();
    var timer = await RunChaseAsync(client, owners);
    var lastMail = run.Elapsed;
    var summary = await WaitForRunAsync(client);
    var done = run.Elapsed;
    var limit = TimeSpan.FromMilliseconds((double)owners * latencyMs / 4);
    Console.WriteLine($"timer (plan + ledger + queue {owners} messages): {timer.TotalSeconds:F2} s");
    Console.WriteLine($"last of {graph.Mails.Count} mails accepted: {lastMail.TotalSeconds:F2} s; run settled (ledger confirmed, summary written): {done.TotalSeconds:F2} s");
    Console.WriteLine($"physical limit {owners} x {latencyMs} ms / 4 = {limit.TotalSeconds:F2} s; ratio (last mail) {lastMail / limit:F3}; ratio (settled) {done / limit:F3}");
    Console.WriteLine($"Graph calls: {graph.Calls.Count(c => c.Kind == "sendMail")} sendMail, {graph.Activities.Count} Teams, {graph.Calls.Count(c => c.Kind == "manager")} manager, {graph.Calls.Count(c => c.Kind == "user")} user; 429 for mailbox concurrency: {graph.ConcurrencyViolations}");
    Console.WriteLine($"run summary: owed {summary["owed"]}, owners {summary["owners"]}, sent {summary["sent"]}, digests {summary["digests"]}, failed {summary["failed"]}, failedAttempts {summary["failedAttempts"]}");
    var mails = graph.Calls.Where(c => c.Kind == "sendMail").Select(c => c.At).Order().ToList();
    if (mails.Count > 0)
    {
        // Where the time went: mails accepted in each second of the run (the mailbox allows 4 / 50 ms = 80 a second).
        var first = DateTimeOffset.UtcNow - run.Elapsed;
        var perSecond = mails.GroupBy(at => (int)(at - first).TotalSeconds).OrderBy(g => g.Key).Select(g => $"{g.Key}s:{g.Count()}");
        Console.WriteLine($"mails per second: {string.Join(" ", perSecond)}");
    }

    PrintRequests(counter);

    // Starts the timer through the admin endpoint and waits until Graph has accepted a mail per owner.
    async Task<TimeSpan> RunChaseAsync(HttpClient http, int expectedMails)
    {
        var started = Stopwatch.StartNew();
        var before = graph.Mails.Count;
        using (var response = await http.PostAsync("admin/functions/ChaseCorrectiveActions", JsonContent.Create(new { })))
        {
            response.EnsureSuccessStatusCode();
        }

        var timerDone = started.Elapsed;
        while (graph.Mails.Count - before < expectedMails && started.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(10);
        }

        await WaitForRunAsync(http);
        return timerDone;
    }

    async Task SeedAsync(string prefix, int count, DateOnly day)
    {
        int[] offsets = [14, 7, 1, 0, 0, 1, 7, 14, 0, 1];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (o, ct) =>
        {
            var owner = string.Create(CultureInfo.InvariantCulture, $"{prefix}{o:D5}@contoso.example");
            if (o % 10 == 0 && o % 20 == 0)
            {
                graph.Managers[owner] = "manager@contoso.example";
            }

            var finding = new Finding
            {
                Id = RecordIds.NewFinding("AUD-BENCH"),
                AuditId = "AUD-BENCH",
                Type = FindingType.MinorNonconformity,
                ControlIds = ["A.5.18", "A.8.2"],
                Description = "Benchmark finding.",
                RaisedBy = "auditor@contoso.example",
                RaisedAt = time.GetUtcNow(),
            };
            await findings.InsertAsync(finding, caller, ct);

            // The owner's actions go straight into their open partition in the register's row shape, in one
            // transaction: seeding 10,000 through CorrectiveActionRegister (audit trail and all) takes minutes.
            var rows = Enumerable.Range(0, perOwner).Select(i =>
            {
                // One owner in ten has an item a week overdue, so their digest looks up their line manager.
                var offset = o % 10 == 0 && i == perOwner - 1 ? -7 : offsets[i % offsets.Length];
                return Row(new CorrectiveAction
                {
                    Id = RecordIds.New("CA"),
                    FindingId = finding.Id,
                    OwnerUpn = owner,
                    Correction = string.Create(CultureInfo.InvariantCulture, $"Benchmark action {i} of {owner}"),
                    DueDate = day.AddDays(offset),
                    CreatedAt = time.GetUtcNow(),
                });
            });
            await actionTable.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), ct);
        });

        // The register reads the seeded rows as its own.
        var listed = 0;
        await foreach (var action in actions.OwnedByAsync(prefix + "00000@contoso.example", includeClosed: false, CancellationToken.None))
        {
            listed += action.Value.Status == CorrectiveActionStatus.Open ? 1 : 0;
        }

        if (listed != perOwner)
        {
            throw new InvalidOperationException($"The register sees {listed} open actions for {prefix}00000, not {perOwner}.");
        }
    }
}

async Task IdleRunAsync()
{
    Console.WriteLine($"== Idle run: {closed:N0} closed actions and 100 open ones not owed today");
    if (time.GetUtcNow() < At(monday))
    {
        time.SetUtcNow(At(monday));
    }

    await using var azurite = await AzuriteEmulator.StartAsync(dataDirectory: null);
    await using var graph = await FakeGraphServer.StartAsync();
    var counter = new RequestCounter();
    var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(TableNames.CorrectiveActions);
    await table.CreateIfNotExistsAsync();
    var seeding = Stopwatch.StartNew();
    var closedOwners = Math.Max(1, closed / 100);
    await Parallel.ForEachAsync(Enumerable.Range(0, closedOwners), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (o, ct) =>
    {
        var owner = string.Create(CultureInfo.InvariantCulture, $"owner{o:D5}@contoso.example");
        var rows = Enumerable.Range(0, Math.Min(100, closed - (o * 100))).Select(_ => ClosedOrOpenRow(owner, closedAction: true));
        await table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), ct);
    });
    await table.SubmitTransactionAsync(Enumerable.Range(0, 100).Select(_ => new TableTransactionAction(TableTransactionActionType.Add, ClosedOrOpenRow("open.owner@contoso.example", closedAction: false))));
    Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:F1} s");

    await using var host = await StartHostAsync(azurite.ConnectionString, graph, counter);
    using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
    for (var attempt = 1; attempt <= 2; attempt++)
    {
        counter.Reset();
        var run = Stopwatch.StartNew();
        using (var started = await client.PostAsync("admin/functions/ChaseCorrectiveActions", JsonContent.Create(new { })))
        {
            started.EnsureSuccessStatusCode();
        }

        Console.WriteLine($"run {attempt} ({(attempt == 1 ? "first in the process: tables and queues created" : "steady state")}): {run.Elapsed.TotalMilliseconds:F0} ms, {counter.Total} storage requests, {graph.Calls.Count} Graph calls");
        PrintRequests(counter);
    }

    var summary = await WaitForRunAsync(client);
    Console.WriteLine($"run summary: openActions {summary["openActions"]}, owed {summary["owed"]}, owners {summary["owners"]}");
}

TableEntity ClosedOrOpenRow(string owner, bool closedAction) => Row(new CorrectiveAction
{
    Id = RecordIds.New("CA"),
    FindingId = "AUD-BENCH-F000000",
    OwnerUpn = owner,
    Correction = "Benchmark action",
    DueDate = closedAction ? monday.AddDays(-60) : monday.AddDays(30),
    Status = closedAction ? CorrectiveActionStatus.Closed : CorrectiveActionStatus.Open,
    CreatedAt = time.GetUtcNow().AddDays(-90),
    ClosedAt = closedAction ? time.GetUtcNow().AddDays(-30) : null,
});

// The register's own row shape: the JSON document and the columns its queries filter on.
static TableEntity Row(CorrectiveAction action)
{
    var closedAction = action.Status == CorrectiveActionStatus.Closed;
    var owner = action.OwnerUpn;
    return new TableEntity((closedAction ? "closed|" : "open|") + owner, action.Id)
    {
        ["Json"] = JsonSerializer.Serialize(action, IsmsJson.Options),
        ["Status"] = action.Status.ToString(),
        ["DueDate"] = action.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["FindingId"] = action.FindingId,
        ["OwnerUpn"] = action.OwnerUpn,
    };
}

async Task PublishRunAsync()
{
    Console.WriteLine($"== Publish run: a policy asked of a group of {people:N0}, fake Graph +{latencyMs} ms per call, 999 members a page");
    time.SetUtcNow(At(monday));
    await using var azurite = await AzuriteEmulator.StartAsync(dataDirectory: null);
    await using var graph = await FakeGraphServer.StartAsync();
    const string group = "0b7f2c1e-0000-4000-8000-0000000000b1";
    graph.GroupPageSize = 999;
    graph.Groups[group] = new FakeGroup("All staff", [.. Enumerable.Range(0, people).Select(i => string.Create(CultureInfo.InvariantCulture, $"person{i:D6}@contoso.example"))], []);
    var counter = new RequestCounter();
    await using var host = await StartHostAsync(azurite.ConnectionString, graph, counter);
    using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromHours(1) };

    async Task<JsonObject> SendAsync(HttpMethod method, string path, HttpContent content, string upn, string role)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add(CallerReader.HeaderName, CallerReader.Encode(upn, role));
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonNode.Parse(body)!.AsObject() : throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {body}");
    }

    var document = await SendAsync(HttpMethod.Post, "api/documents", JsonContent.Create(new
    {
        title = "Acceptable use policy", kind = "Policy", ownerUpn = "isms.manager@contoso.example", reviewFrequency = "Annual",
        audienceGroupIds = new[] { group }, requiresAcknowledgement = true,
    }), "isms.manager@contoso.example", Roles.Admin);
    var id = (string)document["id"]!;
    using (var form = new MultipartFormDataContent())
    {
        var file = new ByteArrayContent("%PDF-1.7\n% Acceptable use\n"u8.ToArray());
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "aup.pdf");
        form.Add(new StringContent("First issue."), "changeSummary");
        await SendAsync(HttpMethod.Post, $"api/documents/{id}/versions", form, "writer@contoso.example", Roles.Contributor);
    }

    graph.Latency = TimeSpan.FromMilliseconds(latencyMs);
    var directory = host.Services.GetRequiredService<Isms.Functions.People.IGroupDirectory>();
    var reading = Stopwatch.StartNew();
    var members = 0;
    await foreach (var _ in directory.MembersAsync(group, CancellationToken.None))
    {
        members++;
    }

    var read = reading.Elapsed;
    counter.Reset();
    var publishing = Stopwatch.StartNew();
    var approval = await SendAsync(HttpMethod.Post, $"api/documents/{id}/versions/1.0/approval", JsonContent.Create(new { }), "isms.manager@contoso.example", Roles.Admin);
    var published = publishing.Elapsed;
    Console.WriteLine($"reading the group alone: {members:N0} members in {read.TotalSeconds:F1} s");
    Console.WriteLine($"publishing (the approval's request, which reads the group and asks everyone): {published.TotalSeconds:F1} s; ratio {published / read:F2}");
    Console.WriteLine($"audience: {approval["audience"]?.ToJsonString()}");
    PrintRequests(counter);
}

async Task<LocalFunctionsHost> StartHostAsync(string connectionString, FakeGraphServer graph, RequestCounter counter, Action<LocalHostOptions>? configure = null)
{
    var options = new LocalHostOptions { Port = 0, RunTimers = false, PersistAzuriteData = false };
    options.Settings["AzureWebJobsStorage"] = connectionString;
    options.Settings["Notifications:Channel"] = "Graph";
    options.Settings["Graph:BaseUrl"] = graph.BaseUrl.ToString();
    options.Settings["Graph:SenderMailbox"] = "isms-reminders@contoso.example";
    options.Settings["Graph:TeamsAppId"] = "00000000-0000-0000-0000-0000000000aa";
    options.Settings["Isms:IsmsManagerUpn"] = "isms.manager@contoso.example";
    options.Settings["AzureFunctionsJobHost:extensions:queues:batchSize"] = batchSize.ToString(CultureInfo.InvariantCulture);
    options.Settings["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.100";
    options.Settings["Logging:LogLevel:Default"] = "Warning";
    options.Settings["Notifications:OutboxDirectory"] = Path.Combine(Path.GetTempPath(), "isms-bench-outbox");
    options.ConfigureServices = services =>
    {
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<TokenCredential>(new FakeTokenCredential());
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerRetry);
        services.AddSingleton(new TableServiceClient(connectionString, tableOptions));
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerRetry);
        services.AddSingleton(new QueueServiceClient(connectionString, queueOptions));
    };
    configure?.Invoke(options);
    return await LocalFunctionsHost.StartAsync(options);
}

static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero);

static async Task<JsonObject> WaitForRunAsync(HttpClient client, TimeSpan? patience = null)
{
    var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromMinutes(10));
    while (true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/reminder-runs?top=1");
        request.Headers.Add(CallerReader.HeaderName, CallerReader.Encode("isms.manager@contoso.example", Roles.Admin));
        using var response = await client.SendAsync(request);
        var run = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray()[0]!.AsObject();
        if ((int)run["pendingOwners"]! == 0 || DateTime.UtcNow > deadline)
        {
            return run;
        }

        await Task.Delay(20);
    }
}

static void PrintRequests(RequestCounter counter)
{
    Console.WriteLine($"storage requests: {counter.Total}");
    foreach (var (kind, count) in counter.ByKind.OrderByDescending(k => k.Value))
    {
        Console.WriteLine($"  {count,7}  {kind}");
    }
}

int Option(string name, int fallback) =>
    Arg(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

string? Arg(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
