using System.Net;
using System.Net.Http.Json;
using Isms.Core.Controls;
using Isms.IntegrationTests.Infrastructure;
using Isms.LocalHost;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Programme;

/// <summary>ScheduleAudits through the admin endpoint, as an operator would run it, twice.</summary>
public sealed class ScheduleAuditsTests(AzuriteFixture azurite) : IsolatedHostTests(azurite)
{
    private const string PoolAuditor = "pool.auditor@contoso.example";

    private string Outbox => Host.Configuration["Notifications:OutboxDirectory"]!;

    protected override void Configure(LocalHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Settings["AuditProgramme:InternalAuditors"] = PoolAuditor;
    }

    [Fact]
    public async Task Running_ScheduleAudits_twice_plans_the_same_audits_and_sends_no_extra_notice()
    {
        var api = Api;
        var decision = Today.AddMonths(-10);
        await CertifyAsync(api, decision);
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
        Assert.Equal(string.Empty, page.Query);
        Assert.EndsWith(":Surveillance:1", Uri.UnescapeDataString(page.AbsolutePath), StringComparison.Ordinal);
        Assert.StartsWith("/audits/", page.AbsolutePath, StringComparison.Ordinal);

        var programme = await ApiClient.JsonAsync(await api.GetAsync("api/audit-programme"), HttpStatusCode.OK);
        var highRisk = programme["coverage"]!.AsArray().Single(r => (string?)r!["controlId"] == "A.8.8")!;
        Assert.NotNull(highRisk["nextPlannedOn"]);
        Assert.Equal("High", (string?)highRisk["riskRating"]);
        Assert.Contains(programme["planned"]!.AsArray(), p => (string?)p!["type"] == "Internal" && (string?)p["status"] == "Planned");
        Assert.True((int)programme["controls"]! >= 93);
    }

    [Fact]
    public async Task An_auditor_who_comes_to_own_part_of_an_audits_area_is_taken_off_it_at_the_next_run()
    {
        var api = Api;
        var decision = Today.AddMonths(-1);
        await CertifyAsync(api, decision);

        // High risk, 6.1.2 is audited again within the year, in an audit that does not cover the rest of 6.1.
        await ApiClient.JsonAsync(await api.PutAsync("api/controls/6.1.2", new { applicable = true, implementationStatus = "Implemented", riskRating = "High" }), HttpStatusCode.OK);
        await RunScheduleAuditsAsync();
        var led = (await api.ArrayAsync("api/audits")).Select(a => a!.AsObject())
            .Where(a => (string?)a["type"] == "Internal" && (string?)a["leadAuditorUpn"] == PoolAuditor)
            .Select(a => (Id: (string)a["id"]!, Scope: a["scope"]!.AsArray().Select(s => (string)s!).ToList()))
            .ToList();

        // The auditor becomes owner of the clause of a sub-clause in scope (or of a sub-clause of a clause in
        // scope): the same area under ISO 27001 9.2, though not the same id.
        var (id, owned) = led.Select(a => (a.Id, Owned: SameAreaNotInScope(a.Scope))).First(a => a.Owned is not null);
        await ApiClient.JsonAsync(await api.PutAsync($"api/controls/{owned}", new { applicable = true, implementationStatus = "Implemented", ownerUpn = PoolAuditor }), HttpStatusCode.OK);
        await RunScheduleAuditsAsync();

        var after = await ApiClient.JsonAsync(await api.GetAsync($"api/audits/{Uri.EscapeDataString(id)}"), HttpStatusCode.OK);
        Assert.NotEqual(PoolAuditor, (string?)after["leadAuditorUpn"]);
        var programme = await ApiClient.JsonAsync(await api.GetAsync("api/audit-programme"), HttpStatusCode.OK);
        Assert.Contains(programme["warnings"]!.AsArray(), w => ((string)w!).StartsWith(id + ": ", StringComparison.Ordinal));
        Assert.Empty(programme["conflicts"]?.AsArray() ?? []);
    }

    private static async Task CertifyAsync(ApiClient api, DateOnly decision) =>
        await ApiClient.JsonAsync(await api.PutAsync("api/certification", new
        {
            certificationBody = "Example Certification Ltd",
            certificationDecisionDate = decision.ToString("yyyy-MM-dd"),
            expiryDate = decision.AddYears(3).AddDays(-1).ToString("yyyy-MM-dd"),
            scope = "All services",
        }), HttpStatusCode.OK);

    private async Task RunScheduleAuditsAsync()
    {
        using var run = await Client.PostAsJsonAsync("admin/functions/ScheduleAudits", new { });
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
    }

    private static string? SameAreaNotInScope(List<string> scope)
    {
        var inScope = scope.ToHashSet(StringComparer.Ordinal);
        foreach (var id in scope)
        {
            var control = ControlCatalogue.All.Single(c => c.Id == id);
            if (control.ParentId is { } parent && !inScope.Contains(parent))
            {
                return parent;
            }

            if (ControlCatalogue.All.FirstOrDefault(c => c.ParentId == id && !inScope.Contains(c.Id)) is { } child)
            {
                return child.Id;
            }
        }

        return null;
    }
}
