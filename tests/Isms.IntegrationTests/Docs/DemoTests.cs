using System.Net;
using Isms.IntegrationTests.Infrastructure;
using Isms.LocalHost.Demo;

namespace Isms.IntegrationTests.Docs;

/// <summary>The `--demo` first run: a realistic organisation, every timer run once, and pointers that work.</summary>
public sealed class DemoTests(AzuriteFixture azurite) : IsolatedHostTests(azurite)
{
    [Fact]
    public async Task The_demo_seeds_Contoso_runs_every_timer_and_a_second_seeding_adds_nothing()
    {
        var summary = await DemoRun.RunAsync(Host, CancellationToken.None);

        Assert.Contains("Demo organisation (Contoso) is ready.", summary, StringComparison.Ordinal);
        Assert.Contains("ScheduleAudits", summary, StringComparison.Ordinal);
        var outbox = Host.Configuration["Notifications:OutboxDirectory"]!;
        Assert.NotEmpty(Directory.GetFiles(outbox, "*.eml"));
        var overdue = await Api.ArrayAsync("api/corrective-actions?overdue=true");
        Assert.Equal(["CA-DEMO-LATE15", "CA-DEMO-LATE8", "CA-DEMO-LATE3", "CA-DEMO-TREAT3", "CA-DEMO-SNOOZED"], overdue.Select(a => (string)a!["id"]!));
        var risks = await Api.ArrayAsync("api/risks?pageSize=100");
        Assert.InRange(risks.Count, 20, 30);
        Assert.Contains(risks, r => (bool)r!["aboveCriteria"]! && r["approval"] is null && r["acceptance"] is null);
        Assert.Contains(risks, r => (string?)r!["status"] == "Accepted");
        Assert.Contains(risks, r => r!["treatmentActionIds"]!.AsArray().Count > 0 && (string?)r["status"] == "Open");
        Assert.Equal(9, (await Api.ArrayAsync("api/findings")).Count);
        Assert.Equal(["FND-DEMOINC001"], (await Api.ArrayAsync("api/findings?source=Incident")).Select(f => (string)f!["id"]!));
        Assert.Equal(2, (await Api.ArrayAsync("api/improvement-log")).Count);
        var reviews = await Api.ArrayAsync("api/management-reviews");
        Assert.Equal(["Planned", "Completed"], reviews.Select(r => (string)r!["status"]!));
        Assert.Equal(["CA-DEMO-REVIEW1"], reviews[1]!["outputActionIds"]!.AsArray().Select(a => (string)a!));
        Assert.Contains("Report:", summary, StringComparison.Ordinal);
        var freshness = (await Api.GetAsync("api/evidence-freshness")).Content.ReadAsStringAsync();
        Assert.Contains("\"Stale\"", await freshness, StringComparison.Ordinal);
        Assert.Contains("\"Missing\"", await freshness, StringComparison.Ordinal);
        Assert.Contains("\"Fresh\"", await freshness, StringComparison.Ordinal);
        var gaps = await ApiClient.JsonAsync(await Api.GetAsync("api/gap-analysis"), HttpStatusCode.OK);
        Assert.Equal(3, gaps["progress"]!.AsArray().Count);
        Assert.Equal("NotMet", (string?)gaps["requirements"]!.AsArray().Single(r => (string?)r!["requirementId"] == "9.3.1-1")!["status"]);
        Assert.All(gaps["clauses"]!.AsArray(), c => Assert.Equal(0, (int)c!["notAssessed"]!));
        var soa = await Api.GetAsync("api/soa?format=csv");
        Assert.Equal(HttpStatusCode.OK, soa.StatusCode);

        var again = await new DemoSeeder(Host.Services).SeedAsync(CancellationToken.None)
            + await DemoEvidence.UploadAsync(Host.BaseAddress, DateOnly.FromDateTime(DateTime.UtcNow), CancellationToken.None);

        Assert.Equal(0, again);
        Assert.Equal(9, (await Api.ArrayAsync("api/findings")).Count);
        foreach (var link in summary.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("http://127.0.0.1", StringComparison.Ordinal) && !l.Contains("admin", StringComparison.Ordinal)))
        {
            var url = link[link.IndexOf("http://", StringComparison.Ordinal)..].Split(' ')[0];
            using var response = await Client.GetAsync(new Uri(url));
            Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}");
        }
    }
}
