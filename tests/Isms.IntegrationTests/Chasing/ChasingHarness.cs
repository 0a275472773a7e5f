using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Core;
using Isms.Core.Audits;
using Isms.Core.CorrectiveActions;
using Isms.Functions.Platform;
using Isms.Functions.Registers;
using Isms.Functions.Storage;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Isms.IntegrationTests.Chasing;

/// <summary>
/// An emptied Azurite, the fake Graph and a fake clock for one test, plus as many local hosts on them as the
/// test wants (a second host is a second Functions instance; disposing one mid-run is a crash).
/// </summary>
public sealed class ChasingHarness : IAsyncDisposable
{
    public const string Sender = "isms-reminders@contoso.example";
    public const string IsmsManager = "isms.manager@contoso.example";

    private readonly List<LocalFunctionsHost> _hosts = [];
    private readonly Action<LocalHostOptions>? _configure;

    private ChasingHarness(AzuriteEmulator azurite, FakeGraphServer graph, FakeTimeProvider time, Action<LocalHostOptions>? configure)
    {
        _configure = configure;
        Azurite = azurite;
        Graph = graph;
        Time = time;
    }

    public AzuriteEmulator Azurite { get; }

    public FakeGraphServer Graph { get; }

    public FakeTimeProvider Time { get; }

    public LocalFunctionsHost Host => _hosts[0];

    public DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    /// <summary>Empties the test class's Azurite and starts the rest with the clock at 08:00 UTC on <paramref name="today"/>.</summary>
    public static async Task<ChasingHarness> StartAsync(AzuriteFixture storage, DateOnly today, Action<LocalHostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        await storage.ResetAsync();
        var azurite = storage.Emulator;
        var graph = await FakeGraphServer.StartAsync();
        var harness = new ChasingHarness(azurite, graph, new FakeTimeProvider(new DateTimeOffset(today.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero)), configure);
        await harness.StartHostAsync();
        return harness;
    }

    public async Task<LocalFunctionsHost> StartHostAsync()
    {
        var host = await TestHost.StartAsync(
            Azurite.ConnectionString,
            o =>
            {
                o.Settings["Notifications:Channel"] = "Graph";
                o.Settings["Graph:BaseUrl"] = Graph.BaseUrl.ToString();
                o.Settings["Graph:SenderMailbox"] = Sender;
                o.Settings["Graph:TeamsAppId"] = "00000000-0000-0000-0000-0000000000aa";
                o.Settings["Graph:Throttling:FirstRetryDelay"] = "00:00:00.050";
                o.Settings["Isms:IsmsManagerUpn"] = IsmsManager;
                o.Settings["Isms:PublicBaseUrl"] = "https://isms.contoso.example";
                o.Settings["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.050";
                _configure?.Invoke(o);
            },
            s =>
            {
                s.AddSingleton<TimeProvider>(Time);
                s.AddSingleton<TokenCredential>(new FakeTokenCredential());
            });
        _hosts.Add(host);
        return host;
    }

    /// <summary>Stops a host the hard way for the test's purpose: its in-flight work is cancelled, nothing is tidied.</summary>
    public async Task KillAsync(LocalFunctionsHost host)
    {
        _hosts.Remove(host);
        await host.DisposeAsync();
    }

    public ApiClient Api(LocalFunctionsHost? host = null) => ApiClient.AdminOf((host ?? Host).Client());

    /// <summary>A finding and a corrective action written straight to the registers (any due date, past ones too).</summary>
    public async Task<string> SeedActionAsync(string owner, DateOnly due, string correction = "Disabled the leavers' accounts.", DateOnly? snoozeUntil = null, string[]? controls = null)
    {
        var services = Host.Services;
        var caller = Caller.ForDevelopment("seed@contoso.example", new HashSet<string> { Roles.Admin });
        var finding = new Finding
        {
            Id = RecordIds.NewFinding("AUD-SEED"),
            AuditId = "AUD-SEED",
            Type = FindingType.MajorNonconformity,
            ControlIds = controls ?? ["A.5.18"],
            Description = "Leavers keep access for weeks.",
            RaisedBy = "auditor@contoso.example",
            RaisedAt = Time.GetUtcNow(),
        };
        await services.GetRequiredService<FindingRegister>().InsertAsync(finding, caller, CancellationToken.None);
        var action = new CorrectiveAction
        {
            Id = RecordIds.New("CA"),
            FindingId = finding.Id,
            OwnerUpn = owner,
            Correction = correction,
            DueDate = due,
            SnoozeUntil = snoozeUntil,
            SnoozeReason = snoozeUntil is null ? null : "Waiting for the vendor.",
            CreatedAt = Time.GetUtcNow(),
        };
        await services.GetRequiredService<CorrectiveActionRegister>().InsertAsync(action, caller, CancellationToken.None);
        return action.Id;
    }

    /// <summary>Runs the timer now through the admin endpoint and waits until every digest it queued is sent or given up.</summary>
    public async Task<JsonObject> RunAsync(LocalFunctionsHost? host = null)
    {
        host ??= Host;
        using var client = host.Client();
        using var response = await client.PostAsync("admin/functions/ChaseCorrectiveActions", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return await WaitForLatestRunAsync(host);
    }

    public async Task<JsonObject> WaitForLatestRunAsync(LocalFunctionsHost? host = null, TimeSpan? timeout = null)
    {
        var api = Api(host);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var runs = await api.ArrayAsync("api/reminder-runs?top=1");
            var run = runs[0]!.AsObject();
            if ((int)run["pendingOwners"]! == 0)
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The run did not finish: {run.ToJsonString()} Fake Graph errors: {string.Join(" | ", Graph.Errors)}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Waits until every run recorded has no owner pending: for runs started at the same instant, "the latest" is only
    /// the one whose random id sorts last, and the other may still be sending.
    /// </summary>
    public async Task<JsonArray> WaitForAllRunsAsync(LocalFunctionsHost? host = null, TimeSpan? timeout = null)
    {
        var api = Api(host);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var runs = await api.ArrayAsync("api/reminder-runs");
            if (runs.All(r => (int)r!["pendingOwners"]! == 0))
            {
                return runs;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The runs did not finish: {runs.ToJsonString()} Fake Graph errors: {string.Join(" | ", Graph.Errors)}");
            await Task.Delay(50);
        }
    }

    /// <summary>Moves the clock to 08:00 UTC on the given day.</summary>
    public void SetToday(DateOnly day) => Time.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero));

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await Graph.DisposeAsync();
    }
}
