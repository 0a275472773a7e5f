using System.Net;
using System.Net.Http.Json;
using Isms.IntegrationTests.Infrastructure;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Programme;

/// <summary>ScheduleAudits through the admin endpoint, as an operator would run it, twice.</summary>
public sealed class ScheduleAuditsTests(AzuriteFixture azurite) : IsolatedHostTests(azurite)
{
    private string Outbox => Host.Configuration["Notifications:OutboxDirectory"]!;

    [Fact]
    public async Task Running_ScheduleAudits_twice_plans_the_same_audits_and_sends_no_extra_notice()
    {
        var api = Api;
        var decision = Today.AddMonths(-10);
        await ApiClient.JsonAsync(await api.PutAsync("api/certification", new
        {
            certificationBody = "Example Certification Ltd",
            certificationDecisionDate = decision.ToString("yyyy-MM-dd"),
            expiryDate = decision.AddYears(3).AddDays(-1).ToString("yyyy-MM-dd"),
            scope = "All services",
        }), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await api.PutAsync("api/controls/A.8.8", new { applicable = true, implementationStatus = "Partial", riskRating = "High", ownerUpn = "vuln.owner@contoso.example" }), HttpStatusCode.OK);

        using (var first = await Client.PostAsJsonAsync("admin/functions/ScheduleAudits", new { }))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        var auditsAfterFirst = (await api.ArrayAsync("api/audits")).Select(a => (string)a!["id"]!).Order().ToList();
        var outboxAfterFirst = Directory.Exists(Outbox) ? Directory.GetFiles(Outbox).Order().ToList() : [];

        using (var second = await Client.PostAsJsonAsync("admin/functions/ScheduleAudits", new { }))
        {
            Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        }

        Assert.Equal(auditsAfterFirst, (await api.ArrayAsync("api/audits")).Select(a => (string)a!["id"]!).Order());
        Assert.Equal(outboxAfterFirst, Directory.Exists(Outbox) ? Directory.GetFiles(Outbox).Order().ToList() : []);

        // The first surveillance audit falls within 90 days of today, so its notice went out once, to the ISMS manager.
        Assert.Contains(auditsAfterFirst, id => id.EndsWith(":Surveillance:1", StringComparison.Ordinal));
        Assert.Contains(auditsAfterFirst, id => id.Contains(":Internal:", StringComparison.Ordinal));
        Assert.Contains(auditsAfterFirst, id => id.Contains(":ManagementReview:", StringComparison.Ordinal));
        var notice = Assert.Single(outboxAfterFirst, f => f.Contains("Surveillance_1", StringComparison.Ordinal) && f.EndsWith(".eml", StringComparison.Ordinal));
        var bytes = await File.ReadAllBytesAsync(notice);
        Assert.Equal((byte)'F', bytes[0]); // "From:", with no byte-order mark a mail client would trip over
        var eml = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Contains("To: isms.manager@contoso.example", eml, StringComparison.Ordinal);
        Assert.Contains("Surveillance audit", eml, StringComparison.Ordinal);
        var teams = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(notice.Replace(".eml", ".teams.json", StringComparison.Ordinal)))!;
        var page = new Uri((string)teams["topic"]!["webUrl"]!);
        Assert.Equal("?format=html", page.Query);
        Assert.EndsWith(":Surveillance:1", Uri.UnescapeDataString(page.AbsolutePath), StringComparison.Ordinal);
        Assert.StartsWith("/api/audits/", page.AbsolutePath, StringComparison.Ordinal);

        var programme = await ApiClient.JsonAsync(await api.GetAsync("api/audit-programme"), HttpStatusCode.OK);
        var highRisk = programme["coverage"]!.AsArray().Single(r => (string?)r!["controlId"] == "A.8.8")!;
        Assert.NotNull(highRisk["nextPlannedOn"]);
        Assert.True((int)programme["controls"]! >= 93);
    }
}
