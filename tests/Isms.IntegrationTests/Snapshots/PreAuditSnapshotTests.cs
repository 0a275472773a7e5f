using System.Net;
using System.Net.Http.Json;
using Isms.Core.Audits;
using Isms.Functions.Snapshots;
using Isms.IntegrationTests.Infrastructure;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using static Isms.IntegrationTests.Snapshots.SnapshotSeeding;

namespace Isms.IntegrationTests.Snapshots;

/// <summary>The snapshot timer: the month's snapshot and one 7 days before each external audit, each exactly once.</summary>
[Collection(SnapshotHostGroup.Name)]
public sealed class PreAuditSnapshotTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private LocalFunctionsHost? _host;
    private HttpClient? _client;

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _host = await TestHost.StartAsync(azurite.ConnectionString);
        _client = _host.Client();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_pre_audit_snapshot_is_taken_exactly_once_however_often_and_concurrently_the_timer_runs()
    {
        var surveillance = await AuditAsync(_host!, "AUD-PREAUDIT01", AuditType.Surveillance, "Surveillance audit 1", startInDays: 5);
        await AuditAsync(_host!, "AUD-PREAUDIT02", AuditType.Internal, "Internal audit, not external", startInDays: 5);
        await AuditAsync(_host!, "AUD-PREAUDIT03", AuditType.Recertification, "Too far away yet", startInDays: 30);
        await AuditAsync(_host!, "AUD-PREAUDIT04", AuditType.Stage2, "Cancelled", startInDays: 3, status: AuditStatus.Cancelled);

        // Three overlapping runs, then one more through the admin endpoint as an operator would.
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _host!.Services.GetRequiredService<ScheduledSnapshots>().RunAsync(CancellationToken.None)));
        using (var again = await _client!.PostAsJsonAsync("admin/functions/TakeComplianceSnapshot", new { }))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        }

        Assert.Equal(2, runs.Sum(r => r.Taken.Count));
        var snapshots = await ApiClient.AdminOf(_client!).ArrayAsync("api/snapshots");
        var triggers = snapshots.Select(s => (string)s!["trigger"]!).ToList();
        Assert.Equal(2, triggers.Count);
        Assert.Single(triggers, t => t == $"PreAudit Surveillance {surveillance.Id}");
        Assert.Single(triggers, t => t == $"Monthly {Today:yyyy-MM}");
        Assert.All(snapshots, s => Assert.Equal(TakeComplianceSnapshotFunction.System, (string?)s!["takenBy"]));

        // The two link into one chain.
        var oldest = snapshots[^1]!;
        Assert.Equal((string?)oldest["id"], (string?)snapshots[0]!["previousId"]);
    }
}
