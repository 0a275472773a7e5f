using System.Net;
using Isms.IntegrationTests.Infrastructure;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Registers;

/// <summary>Overdue is derived from the due date and the clock on every read, never stored.</summary>
public sealed class OverdueTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private LocalFunctionsHost? _host;
    private HttpClient? _client;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(storageConnectionString: null, services: s => s.AddSingleton<TimeProvider>(_clock));
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
    public async Task An_action_becomes_overdue_when_its_due_date_passes_and_stops_being_overdue_when_implemented()
    {
        var api = ApiClient.AdminOf(_client!);
        var audit = await ApiClient.JsonAsync(await api.PostAsync("api/audits", Audit()), HttpStatusCode.Created);
        var finding = await ApiClient.JsonAsync(await api.PostAsync($"api/audits/{audit["id"]}/findings", Finding()), HttpStatusCode.Created);
        var action = await ApiClient.JsonAsync(await api.PostAsync($"api/findings/{finding["id"]}/corrective-actions", RegisterData.Action("late.owner@contoso.example")), HttpStatusCode.Created);
        var path = $"api/corrective-actions/{action["id"]}";
        Assert.Empty(await api.ArrayAsync("api/corrective-actions?overdue=true"));

        _clock.Advance(TimeSpan.FromDays(39));

        var overdue = await api.ArrayAsync("api/corrective-actions?overdue=true");
        Assert.Equal(9, (int)overdue.Single()!["daysOverdue"]!);
        Assert.True((bool)(await ApiClient.JsonAsync(await api.GetAsync(path), HttpStatusCode.OK))["overdue"]!);

        await ApiClient.JsonAsync(await api.PatchAsync(path, new { rootCause = "r", actionPlan = "p", status = "Implemented" }), HttpStatusCode.OK);

        Assert.Empty(await api.ArrayAsync("api/corrective-actions?overdue=true"));
    }
}
