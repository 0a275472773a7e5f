using System.Net;
using Isms.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Registers;

/// <summary>Overdue is derived from the due date and the clock on every read, never stored.</summary>
public sealed class OverdueTests(AzuriteFixture azurite) : IsolatedHostTests(azurite)
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(_clock);

    [Fact]
    public async Task An_action_becomes_overdue_when_its_due_date_passes_and_stops_being_overdue_when_implemented()
    {
        var api = Api;
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
