using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Isms.IntegrationTests.Evidence;

/// <summary>A host whose clock the test moves, Monday 16 March 2026, 09:00 UTC, on the collection's Azurite emptied for it.</summary>
public sealed class FakeClockHostFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    private LocalFunctionsHost? _host;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 16, 9, 0, 0, TimeSpan.Zero));

    public LocalFunctionsHost Host => _host!;

    public HttpClient Client { get; private set; } = null!;

    public string Outbox => Host.Configuration["Notifications:OutboxDirectory"]!;

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _host = await TestHost.StartAsync(azurite.ConnectionString, services: s => s.AddSingleton<TimeProvider>(Clock));
        Client = _host.Client();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

[Collection(IsolatedHostGroup.Name)]
public sealed partial class FreshnessTests(FakeClockHostFixture fixture) : IClassFixture<FakeClockHostFixture>
{
    private const string Alice = "alice@contoso.example";
    private const string Bob = "bob@contoso.example";

    private ApiClient Admin => ApiClient.AdminOf(fixture.Client);

    [Fact]
    public async Task Freshness_follows_the_effective_date_and_review_frequency_and_owners_get_one_digest_a_week()
    {
        await SetControlAsync("A.6.1", Alice, "Monthly");
        await SetControlAsync("A.6.2", Alice, "Quarterly");
        await SetControlAsync("A.6.3", Bob, "Annual");
        await SetControlAsync("A.6.4", Bob, "Annual");
        using (var notApplicable = await Admin.PutAsync("api/controls/A.6.5", new { applicable = false, justification = "No remote staff.", implementationStatus = "NotStarted" }))
        {
            await ApiClient.JsonAsync(notApplicable, HttpStatusCode.OK);
        }

        await UploadAsync("A.6.1", "2026-03-01"); // covered until 1 April: 16 days left
        await UploadAsync("A.6.2", "2025-12-20"); // covered until 20 March: 4 days left
        await UploadAsync("A.6.3", "2025-01-10"); // covered until 10 January: stale
        await UploadAsync("A.6.3", "2024-12-01"); // an older piece changes nothing

        var states = await StatesAsync();
        Assert.Equal("Fresh", states["A.6.1"]);
        Assert.Equal("DueSoon", states["A.6.2"]);
        Assert.Equal("Stale", states["A.6.3"]);
        Assert.Equal("Missing", states["A.6.4"]);
        Assert.False(states.ContainsKey("A.6.5"), "A control that is not applicable has no freshness.");
        var stale = (await Admin.ArrayAsync("api/evidence-freshness?state=Stale")).Single(c => (string?)c!["controlId"] == "A.6.3")!;
        Assert.Equal("2025-01-10", (string?)stale["latestEffectiveDate"]);
        Assert.Equal("2026-01-10", (string?)stale["coveredUntil"]);
        Assert.Equal(65, (int)stale["daysStale"]!);

        await RunAsync("CheckEvidenceFreshness");
        Assert.Equal(["A.6.2"], ControlsIn(Single(Digests(Alice))));
        Assert.Equal(["A.6.4", "A.6.3"], ControlsIn(Single(Digests(Bob))));

        // Thursday of the same ISO week: A.6.1 is now within 14 days, and the rerun replaces each owner's digest.
        fixture.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal("DueSoon", (await StatesAsync())["A.6.1"]);
        await RunAsync("CheckEvidenceFreshness");
        await RunAsync("CheckEvidenceFreshness");
        Assert.Equal(["A.6.1", "A.6.2"], ControlsIn(Single(Digests(Alice))));
        Assert.Single(Digests(Bob));

        // Fresh evidence for A.6.3 makes it Fresh; a month on, A.6.1 is stale.
        await UploadAsync("A.6.3", "2026-03-18");
        fixture.Clock.Advance(TimeSpan.FromDays(30));
        states = await StatesAsync();
        Assert.Equal("Fresh", states["A.6.3"]);
        Assert.Equal("Stale", states["A.6.1"]);
    }

    private async Task SetControlAsync(string id, string owner, string frequency)
    {
        using var response = await Admin.PutAsync($"api/controls/{id}", new { applicable = true, implementationStatus = "Implemented", ownerUpn = owner, reviewFrequency = frequency });
        await ApiClient.JsonAsync(response, HttpStatusCode.OK);
    }

    private async Task UploadAsync(string control, string effectiveDate)
    {
        using var response = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(EvidenceFiles.Pdf(), "proof.pdf", fields: [("controlIds", control), ("effectiveDate", effectiveDate)]), Alice, Roles.Contributor);
        await ApiClient.JsonAsync(response, HttpStatusCode.Created);
    }

    private async Task<Dictionary<string, string>> StatesAsync() =>
        (await Admin.ArrayAsync("api/evidence-freshness")).ToDictionary(c => (string)c!["controlId"]!, c => (string)c!["state"]!);

    private async Task RunAsync(string function)
    {
        using var run = await fixture.Client.PostAsync($"admin/functions/{function}", JsonContent.Create(new { }));
        Assert.True(run.StatusCode == HttpStatusCode.Accepted, await run.Content.ReadAsStringAsync());
    }

    private string[] Digests(string owner) =>
        Directory.Exists(fixture.Outbox)
            ? Directory.GetFiles(fixture.Outbox, "EvidenceFreshness-*.eml").Where(f => File.ReadAllText(f).Contains($"To: {owner}\r\n", StringComparison.Ordinal)).ToArray()
            : [];

    private static string Single(string[] files) => File.ReadAllText(Assert.Single(files));

    /// <summary>The control ids listed in the plain-text part of a digest, in order.</summary>
    private static string[] ControlsIn(string eml)
    {
        var text = TextPart().Match(eml).Groups[1].Value;
        var body = Encoding.UTF8.GetString(Convert.FromBase64String(text.Replace("\r\n", string.Empty, StringComparison.Ordinal)));
        return [.. ListedControl().Matches(body).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex(@"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--")]
    private static partial Regex TextPart();

    [GeneratedRegex(@"^- (A\.\d+\.\d+) ", RegexOptions.Multiline)]
    private static partial Regex ListedControl();
}
