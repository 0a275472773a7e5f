using System.Net;
using Isms.IntegrationTests.Infrastructure;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Registers;

/// <summary>
/// With <c>Isms:TimeZone</c> set, the API decides "today" in the organisation's zone: in Auckland, half past midnight
/// on 6 March is still 5 March in UTC, and an action due on the 5th is already a day late there.
/// </summary>
public sealed class TimeZoneTests(AzuriteFixture azurite) : IsolatedHostTests(azurite)
{
    // 23:30 on Thursday 5 March 2026 in Auckland (NZDT, UTC+13).
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 5, 10, 30, 0, TimeSpan.Zero));

    protected override void Configure(LocalHostOptions options) => options.Settings["Isms:TimeZone"] = "Pacific/Auckland";

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(_clock);

    [Fact]
    public async Task An_action_due_on_the_fifth_is_late_at_half_past_midnight_on_the_sixth_in_auckland()
    {
        var api = Api;
        var audit = await ApiClient.JsonAsync(await api.PostAsync("api/audits", Audit()), HttpStatusCode.Created);
        var finding = await ApiClient.JsonAsync(await api.PostAsync($"api/audits/{audit["id"]}/findings", Finding()), HttpStatusCode.Created);
        var action = await ApiClient.JsonAsync(await api.PostAsync($"api/findings/{finding["id"]}/corrective-actions", RegisterData.Action("kiwi.owner@contoso.example", dueDate: "2026-03-05")), HttpStatusCode.Created);
        var path = $"api/corrective-actions/{action["id"]}";
        Assert.False((bool)action["overdue"]!);

        _clock.Advance(TimeSpan.FromHours(1)); // 00:30 on Friday 6 March in Auckland; 11:30 on the 5th in UTC

        var late = await ApiClient.JsonAsync(await api.GetAsync(path), HttpStatusCode.OK);
        Assert.True((bool)late["overdue"]!);
        Assert.Equal(1, (int)late["daysOverdue"]!);

        // The gate agrees: the 5th is now in the past for a new action's due date.
        var refused = await api.PostAsync($"api/findings/{finding["id"]}/corrective-actions", RegisterData.Action("kiwi.owner@contoso.example", dueDate: "2026-03-05"));
        await ApiClient.AssertProblemAsync(refused, HttpStatusCode.BadRequest, "dueDate");
    }

    [Fact]
    public async Task An_unknown_time_zone_stops_the_app_at_start_naming_the_setting()
    {
        var failure = await Assert.ThrowsAnyAsync<OptionsValidationException>(() =>
            TestHost.StartAsync(Host.Configuration["AzureWebJobsStorage"], o => o.Settings["Isms:TimeZone"] = "Europe/Lodnon"));

        Assert.Contains("Isms:TimeZone", failure.Message, StringComparison.Ordinal);
    }
}
