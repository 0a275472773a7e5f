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
using Isms.IntegrationTests.FakeGraph;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

// Issue 5's benchmarks: a chasing run over many owners against a slow, mailbox-limited fake Graph, and a run
// with nothing owed over many closed actions, counting storage requests. See docs/benchmarks.md.
var owners = Option("--owners", 1000);
var perOwner = Option("--actions-per-owner", 10);
var latencyMs = Option("--latency-ms", 50);
var closed = Option("--closed", 100_000);
var batchSize = Option("--batch-size", 16);
var only = Arg("--only");
var monday = new DateOnly(2026, 3, 2);
var time = new FakeTimeProvider(new DateTimeOffset(monday.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero));

if (only is null or "send")
{
    await SendRunAsync();
}

if (only is null or "idle")
{
    await IdleRunAsync();
}

async Task SendRunAsync()
{
    Console.WriteLine($"== Send run: {owners * perOwner:N0} open actions over {owners:N0} owners, fake Graph +{latencyMs} ms per call, 4 concurrent calls per mailbox, queue batch {batchSize}");
    await using var azurite = await AzuriteEmulator.StartAsync(dataDirectory: null);
    await using var graph = await FakeGraphServer.StartAsync();
    var counter = new RequestCounter();
    await using var host = await StartHostAsync(azurite.ConnectionString, graph, counter);

    var seeding = Stopwatch.StartNew();
    var caller = new Caller("seed@contoso.example", new HashSet<string> { Roles.Admin });
    var findings = host.Services.GetRequiredService<FindingRegister>();
    var actions = host.Services.GetRequiredService<CorrectiveActionRegister>();
    int[] offsets = [14, 7, 1, 0, 0, 1, 7, 14, 0, 1];
    await Parallel.ForEachAsync(Enumerable.Range(0, owners), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (o, ct) =>
    {
        var owner = string.Create(CultureInfo.InvariantCulture, $"owner{o:D5}@contoso.example");
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
        for (var i = 0; i < perOwner; i++)
        {
            // One owner in ten has an item a week overdue, so their digest looks up their line manager.
            var offset = o % 10 == 0 && i == perOwner - 1 ? -7 : offsets[i % offsets.Length];
            await actions.InsertAsync(
                new CorrectiveAction
                {
                    Id = RecordIds.New("CA"),
                    FindingId = finding.Id,
                    OwnerUpn = owner,
                    Correction = string.Create(CultureInfo.InvariantCulture, $"Benchmark action {i} of {owner}"),
                    DueDate = monday.AddDays(offset),
                    CreatedAt = time.GetUtcNow(),
                },
                caller,
                ct);
        }
    });
    Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:F1} s");

    graph.Latency = TimeSpan.FromMilliseconds(latencyMs);
    graph.MaxConcurrentPerMailbox = 4;
    counter.Reset();
    using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
    var run = Stopwatch.StartNew();
    using (var started = await client.PostAsync("admin/functions/ChaseCorrectiveActions", JsonContent.Create(new { })))
    {
        started.EnsureSuccessStatusCode();
    }

    var timer = run.Elapsed;
    while (graph.Mails.Count < owners && run.Elapsed < TimeSpan.FromMinutes(10))
    {
        await Task.Delay(10);
    }

    var lastMail = run.Elapsed;
    var summary = await WaitForRunAsync(client);
    var done = run.Elapsed;
    var limit = TimeSpan.FromMilliseconds((double)owners * latencyMs / 4);
    Console.WriteLine($"timer (plan + ledger + queue {owners} messages): {timer.TotalSeconds:F2} s");
    Console.WriteLine($"last of {graph.Mails.Count} mails accepted: {lastMail.TotalSeconds:F2} s; run settled (ledger confirmed, summary written): {done.TotalSeconds:F2} s");
    Console.WriteLine($"physical limit {owners} x {latencyMs} ms / 4 = {limit.TotalSeconds:F2} s; ratio (last mail) {lastMail / limit:F3}; ratio (settled) {done / limit:F3}");
    Console.WriteLine($"Graph calls: {graph.Calls.Count(c => c.Kind == "sendMail")} sendMail, {graph.Activities.Count} Teams, {graph.Calls.Count(c => c.Kind == "manager")} manager, {graph.Calls.Count(c => c.Kind == "user")} user; 429 for mailbox concurrency: {graph.ConcurrencyViolations}");
    Console.WriteLine($"run summary: owed {summary["owed"]}, owners {summary["owners"]}, sent {summary["sent"]}, digests {summary["digests"]}, failed {summary["failed"]}, failedAttempts {summary["failedAttempts"]}");
    PrintRequests(counter);
}

async Task IdleRunAsync()
{
    Console.WriteLine($"== Idle run: {closed:N0} closed actions and 100 open ones not owed today");
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
        var rows = Enumerable.Range(0, Math.Min(100, closed - (o * 100))).Select(_ => Row(owner, closedAction: true));
        await table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), ct);
    });
    await table.SubmitTransactionAsync(Enumerable.Range(0, 100).Select(_ => new TableTransactionAction(TableTransactionActionType.Add, Row("open.owner@contoso.example", closedAction: false))));
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

TableEntity Row(string owner, bool closedAction)
{
    var action = new CorrectiveAction
    {
        Id = RecordIds.New("CA"),
        FindingId = "AUD-BENCH-F000000",
        OwnerUpn = owner,
        Correction = "Benchmark action",
        DueDate = closedAction ? monday.AddDays(-60) : monday.AddDays(30),
        Status = closedAction ? CorrectiveActionStatus.Closed : CorrectiveActionStatus.Open,
        CreatedAt = time.GetUtcNow().AddDays(-90),
        ClosedAt = closedAction ? time.GetUtcNow().AddDays(-30) : null,
    };

    // The register's own row shape: the JSON document and the columns its queries filter on.
    return new TableEntity((closedAction ? "closed|" : "open|") + owner, action.Id)
    {
        ["Json"] = JsonSerializer.Serialize(action, IsmsJson.Options),
        ["Status"] = action.Status.ToString(),
        ["DueDate"] = action.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["FindingId"] = action.FindingId,
        ["OwnerUpn"] = action.OwnerUpn,
    };
}

async Task<LocalFunctionsHost> StartHostAsync(string connectionString, FakeGraphServer graph, RequestCounter counter)
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
    return await LocalFunctionsHost.StartAsync(options);
}

static async Task<JsonObject> WaitForRunAsync(HttpClient client)
{
    var deadline = DateTime.UtcNow.AddMinutes(10);
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
