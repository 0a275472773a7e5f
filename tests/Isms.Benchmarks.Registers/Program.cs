using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Azure.Data.Tables;
using Isms.Core.CorrectiveActions;
using Isms.Functions.Platform;
using Isms.Functions.Registers;
using Isms.Functions.Storage;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;

// Benchmarks of the registers, each against its baseline measured on the same Azurite in the same run:
//   dotnet run -c Release --project tests/Isms.Benchmarks.Registers -- list-by-owner [actions=10000] [runs=5]
//   dotnet run -c Release --project tests/Isms.Benchmarks.Registers -- plan-programme [runs=5]
//   dotnet run -c Release --project tests/Isms.Benchmarks.Registers -- review-pack [runs=5]
//   dotnet run -c Release --project tests/Isms.Benchmarks.Registers -- home-page [actions=10000] [owners=1000] [evidence=100000] [runs=5]
if (args.Length > 0 && args[0] == "home-page")
{
    int Arg(int at, int fallback) => args.Length > at ? int.Parse(args[at], CultureInfo.InvariantCulture) : fallback;
    await HomePageBenchmark.RunAsync(Arg(1, 10_000), Arg(2, 1_000), Arg(3, 100_000), Arg(4, 5));
    return;
}

if (args.Length > 0 && args[0] == "review-pack")
{
    await ReviewPackBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5);
    return;
}

if (args.Length > 0 && args[0] == "plan-programme")
{
    await ProgrammeBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5);
    return;
}

var rest = args.Length > 0 && args[0] == "list-by-owner" ? args[1..] : args;
var actions = rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 10_000;
var runs = rest.Length > 1 ? int.Parse(rest[1], CultureInfo.InvariantCulture) : 5;
const string Owner = "benchmark.owner@contoso.example";

await using var azurite = await AzuriteEmulator.StartAsync(dataDirectory: null);
var options = new LocalHostOptions { Port = 0, RunTimers = false, PersistAzuriteData = false };
options.Settings["AzureWebJobsStorage"] = azurite.ConnectionString;
await using var host = await LocalFunctionsHost.StartAsync(options);
var register = host.Services.GetRequiredService<CorrectiveActionRegister>();
var admin = Caller.ForDevelopment("isms.manager@contoso.example", new HashSet<string> { Roles.Admin });

Console.WriteLine($"Seeding {actions:N0} open corrective actions for one owner (plus 1,000 for others)...");
var seeding = Stopwatch.StartNew();
var today = DateOnly.FromDateTime(DateTime.UtcNow);
await Parallel.ForEachAsync(Enumerable.Range(0, actions + 1_000), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
{
    var action = new CorrectiveAction
    {
        Id = $"CA-BENCH{i:D6}",
        FindingId = "AUD-BENCH-FBENCH0",
        OwnerUpn = i < actions ? Owner : $"other.{i % 50}@contoso.example",
        Correction = $"Correction number {i} with a realistic sentence or two of text describing what was contained.",
        RootCause = "A process gap found in the audit.",
        ActionPlan = "Fix the process and train the team.",
        DueDate = today.AddDays(i % 120 - 30),
        CreatedAt = DateTimeOffset.UtcNow,
    };
    await register.InsertAsync(action, admin, ct);
});
Console.WriteLine($"Seeded in {seeding.Elapsed.TotalSeconds:F1} s.");

var table = new TableClient(azurite.ConnectionString, TableNames.CorrectiveActions);
using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
http.DefaultRequestHeaders.Add(CallerReader.HeaderName, CallerReader.Encode(admin.Upn, Roles.Admin));
http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

async Task<(double Seconds, int Count)> ApiAsync()
{
    var watch = Stopwatch.StartNew();
    using var response = await http.GetAsync(new Uri($"api/corrective-actions?ownerUpn={Owner}", UriKind.Relative));
    response.EnsureSuccessStatusCode();
    var body = await response.Content.ReadAsByteArrayAsync();
    watch.Stop();
    using var document = System.Text.Json.JsonDocument.Parse(body);
    return (watch.Elapsed.TotalSeconds, document.RootElement.GetArrayLength());
}

async Task<(double Seconds, int Count)> BareAsync()
{
    var watch = Stopwatch.StartNew();
    var count = 0;
    await foreach (var _ in table.QueryAsync<TableEntity>($"PartitionKey eq 'open|{Owner}'", maxPerPage: 1000))
    {
        count++;
    }

    return (watch.Elapsed.TotalSeconds, count);
}

await ApiAsync();
await BareAsync();
var apiTimes = new List<double>();
var bareTimes = new List<double>();
var ratios = new List<double>();
for (var run = 0; run < runs; run++)
{
    var api = await ApiAsync();
    var bare = await BareAsync();
    if (api.Count != actions || bare.Count != actions)
    {
        throw new InvalidOperationException($"Expected {actions} from both, got API {api.Count}, bare {bare.Count}.");
    }

    apiTimes.Add(api.Seconds);
    bareTimes.Add(bare.Seconds);
    ratios.Add(api.Seconds / bare.Seconds);
    Console.WriteLine($"run {run + 1}: API {api.Seconds:F3} s, bare Table query {bare.Seconds:F3} s, ratio {api.Seconds / bare.Seconds:F2}");
}

Console.WriteLine($"median: API {Stats.Median(apiTimes):F3} s, bare {Stats.Median(bareTimes):F3} s, ratio {Stats.Median(ratios):F2} (target <= 1.5)");
