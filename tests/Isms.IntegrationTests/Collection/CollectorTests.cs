using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Isms.IntegrationTests.Chasing;
using Isms.LocalHost.Tenant;
using static Isms.IntegrationTests.Collection.CollectorHarness;

namespace Isms.IntegrationTests.Collection;

/// <summary>
/// Each collector against the fake Graph through the local host: a good tenant passes and a bad one fails with the
/// offender named, every page read and kept byte for byte as sealed, collected evidence; a missing permission, a
/// licence absent and throttling are recorded without a crash.
/// </summary>
public sealed class CollectorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [MemberData(nameof(Collectors), MemberType = typeof(CollectorHarness))]
    public async Task A_collector_passes_on_a_good_tenant_fails_on_a_bad_one_and_files_every_page_as_collected_evidence(string collector)
    {
        await using var h = await StartAsync(azurite);
        var api = h.Api();

        var passed = await RunAsync(h, collector);
        Assert.Equal("Passed", (string?)passed["outcome"]);
        var pages = (int)passed["pages"]!;
        Assert.True(pages >= 2, $"{collector} read {pages} page(s); the tenant spans several pages of 2.");
        Assert.Equal(pages, h.Graph.Calls.Count(c => c.Status == 200 && c.Path.Contains("/v1.0/", StringComparison.Ordinal)));

        // The raw JSON is filed as collected evidence, its hash that of the bytes, each Graph page inside it.
        var evidenceId = (string)passed["evidenceId"]!;
        var evidence = await ApiClient.JsonAsync(await api.GetAsync($"api/evidence/{evidenceId}"), HttpStatusCode.OK);
        var latest = evidence["latest"]!.AsObject();
        Assert.True((bool)latest["collected"]!);
        Assert.Equal(collector, (string?)latest["collector"]);
        Assert.Equal("system:CollectEvidence", (string?)latest["uploadedBy"]);
        Assert.Equal(h.Today.ToString("yyyy-MM-dd"), (string?)latest["effectiveDate"]);
        var bytes = await (await api.GetAsync((string)latest["contentUrl"]!)).Content.ReadAsByteArrayAsync();
        Assert.Equal((string?)passed["sha256"], Convert.ToHexStringLower(SHA256.HashData(bytes)));
        var raw = JsonNode.Parse(bytes)!;
        Assert.Equal(collector, (string?)raw["collector"]);
        Assert.Equal(pages, raw["responses"]!.AsArray().Count(r => r!["body"] is not null));
        var summary = await (await api.GetAsync($"api/evidence/{(string)passed["summaryEvidenceId"]!}/content")).Content.ReadAsStringAsync();
        Assert.Contains("Outcome: <span class=\"Passed\">Passed</span>", summary, StringComparison.Ordinal);
        Assert.Contains((string)passed["sha256"]!, summary, StringComparison.Ordinal);

        // The same tenant with the rule broken: the run fails and names what broke it; the evidence gets its next version.
        var expected = Break(collector, h.Graph.Tenant, h.Time.GetUtcNow());
        var failed = await RunAsync(h, collector);
        Assert.Equal("Failed", (string?)failed["outcome"]);
        Assert.Contains(expected, (string)failed["summary"]!, StringComparison.Ordinal);
        Assert.Equal(2, (int)failed["evidenceVersion"]!);
        Assert.Null(failed["findingId"]);

        var listed = (await api.ArrayAsync("api/collectors")).Single(c => (string?)c!["name"] == collector)!;
        Assert.Equal("Failed", (string?)listed["outcome"]);
        Assert.Equal(1, (int)listed["consecutiveFailures"]!);
        var runs = await api.ArrayAsync($"api/collectors/{collector}/runs");
        Assert.Equal(["Failed", "Passed"], runs.Select(r => (string?)r!["outcome"]));
    }

    [Theory]
    [MemberData(nameof(Collectors), MemberType = typeof(CollectorHarness))]
    public async Task A_missing_permission_is_recorded_by_name_and_the_ISMS_manager_is_told_once(string collector)
    {
        await using var h = await StartAsync(azurite);
        var listed = (await h.Api().ArrayAsync("api/collectors")).Single(c => (string?)c!["name"] == collector)!;
        var permission = (string)listed["permissions"]![0]!;
        h.Graph.DeniedPermissions[permission] = true;

        var first = await RunAsync(h, collector);
        var second = await RunAsync(h, collector);
        foreach (var run in new[] { first, second })
        {
            Assert.Equal("Error", (string?)run["outcome"]);
            Assert.Equal("MissingPermission", (string?)run["errorKind"]);
            Assert.Contains(permission, (string)run["summary"]!, StringComparison.Ordinal);
            Assert.Null(run["evidenceId"]);
        }

        var told = h.Graph.Mails.Where(m => m.To.Contains(ChasingHarness.IsmsManager) && m.Subject.Contains("evidence collector", StringComparison.Ordinal)).ToList();
        var mail = Assert.Single(told);
        Assert.Contains(permission, mail.Html, StringComparison.Ordinal);
        var evidence = await h.Api().GetAsync($"api/evidence/{CollectorRunnerIds(collector)}");
        Assert.Equal(HttpStatusCode.NotFound, evidence.StatusCode);

        // Granted again, it collects; a later failure is a new streak and is told again.
        h.Graph.DeniedPermissions.Clear();
        Assert.Equal("Passed", (string?)(await RunAsync(h, collector))["outcome"]);
        h.Graph.DeniedPermissions[permission] = true;
        Assert.Equal("Error", (string?)(await RunAsync(h, collector))["outcome"]);
        Assert.Equal(2, h.Graph.Mails.Count(m => m.To.Contains(ChasingHarness.IsmsManager) && m.Subject.Contains("evidence collector", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Collectors), MemberType = typeof(CollectorHarness))]
    public async Task Throttling_is_waited_out_and_throttling_past_the_retries_is_recorded(string collector)
    {
        await using var h = await StartAsync(azurite);
        var kind = FirstRead[collector];
        h.Graph.Script(kind, 429, count: 1, retryAfterSeconds: 1);
        var waited = await RunAsync(h, collector);
        Assert.Equal("Passed", (string?)waited["outcome"]);
        Assert.Contains(h.Graph.Calls, c => c.Kind == kind && c.Status == 429);

        h.Graph.Script(kind, 429, count: 3, retryAfterSeconds: 0);
        var gaveUp = await RunAsync(h, collector);
        Assert.Equal("Error", (string?)gaveUp["outcome"]);
        Assert.Equal("Throttled", (string?)gaveUp["errorKind"]);
        Assert.Null(gaveUp["evidenceId"]);
    }

    [Fact]
    public async Task A_rule_failing_twice_in_a_row_raises_one_Monitoring_nonconformity_and_a_later_pass_is_recorded_on_it()
    {
        await using var h = await StartAsync(azurite);
        var api = h.Api();
        Break("guests", h.Graph.Tenant, h.Time.GetUtcNow());

        Assert.Null((await RunAsync(h, "guests"))["findingId"]);
        var second = await RunAsync(h, "guests");
        var findingId = (string)second["findingId"]!;
        var third = await RunAsync(h, "guests");
        Assert.Equal("Failed", (string?)third["outcome"]);
        Assert.Null(third["findingId"]);

        var monitoring = await api.ArrayAsync("api/findings?source=Monitoring");
        var finding = Assert.Single(monitoring)!;
        Assert.Equal(findingId, (string?)finding["id"]);
        Assert.Equal("MinorNonconformity", (string?)finding["type"]);
        Assert.Equal("collector guests", (string?)finding["reference"]);
        Assert.Equal(["A.5.18", "A.5.19"], finding["controlIds"]!.AsArray().Select(c => (string?)c));
        Assert.Contains("sleeper_partner.example", (string)finding["description"]!, StringComparison.Ordinal);

        // The sleeper is removed: the next run passes and is recorded on the finding, which stays open for its action.
        h.Graph.Tenant.Guests.RemoveAll(g => g.DisplayName == "Sleeper");
        var passed = await RunAsync(h, "guests");
        Assert.Equal(findingId, (string?)passed["findingId"]);
        var after = await ApiClient.JsonAsync(await api.GetAsync($"api/findings/{findingId}"), HttpStatusCode.OK);
        var check = Assert.Single(after["checks"]!.AsArray())!;
        Assert.True((bool)check["passed"]!);
        Assert.Equal((string?)passed["id"], (string?)check["reference"]);
        Assert.Equal("Open", (string?)after["status"]);

        // Failing twice again later is a new nonconformity, not the old one again.
        Break("guests", h.Graph.Tenant, h.Time.GetUtcNow());
        await RunAsync(h, "guests");
        var again = await RunAsync(h, "guests");
        Assert.NotEqual(findingId, (string?)again["findingId"]);
        Assert.Equal(2, (await api.ArrayAsync("api/findings?source=Monitoring")).Count);
    }

    [Fact]
    public async Task Licences_the_tenant_lacks_are_named_and_PIM_eligibility_is_skipped_where_PIM_is_not_licensed()
    {
        await using var h = await StartAsync(azurite);
        h.Graph.Tenant.PimLicensed = false;
        h.Graph.Tenant.IntuneLicensed = false;
        h.Graph.Tenant.PremiumLicensed = false;

        // Without PIM only the active Global Administrator is seen (the other is eligible): one, below the two required.
        var roles = await RunAsync(h, "privileged-roles");
        Assert.Equal("Failed", (string?)roles["outcome"]);
        Assert.Contains("1 Global Administrators", (string)roles["summary"]!, StringComparison.Ordinal);
        var raw = JsonNode.Parse(await (await h.Api().GetAsync($"api/evidence/{(string)roles["evidenceId"]!}/content")).Content.ReadAsStringAsync())!;
        Assert.Contains(raw["responses"]!.AsArray(), r => ((string?)r!["skipped"])?.Contains("AadPremiumLicenseRequired", StringComparison.Ordinal) == true);
        var devices = await RunAsync(h, "managed-devices");
        Assert.Equal("LicenceAbsent", (string?)devices["errorKind"]);
        var guests = await RunAsync(h, "guests");
        Assert.Equal("LicenceAbsent", (string?)guests["errorKind"]);
        Assert.Contains("licence", (string)guests["summary"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_timer_runs_every_enabled_collector_and_one_failing_does_not_stop_the_others()
    {
        await using var h = await StartAsync(azurite, o => o.Settings["Collectors:SecureScore:Enabled"] = "false");
        h.Graph.DeniedPermissions["AuditLog.Read.All"] = true;
        using (var client = h.Host.Client())
        {
            using var response = await client.PostAsync("admin/functions/CollectEvidence", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var api = h.Api();
        JsonArray listed;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(200);
            listed = await api.ArrayAsync("api/collectors");
        }
        while (listed.Count(c => c!["lastRun"] is not null) < 6 && DateTime.UtcNow < deadline);

        var outcomes = listed.ToDictionary(c => (string)c!["name"]!, c => (string?)c!["outcome"]);
        Assert.Null(outcomes["secure-score"]);
        Assert.False((bool)listed.Single(c => (string?)c!["name"] == "secure-score")!["enabled"]!);
        Assert.Equal("Error", outcomes["mfa-registration"]);
        Assert.Equal("Error", outcomes["guests"]);
        Assert.All(new[] { "conditional-access", "privileged-roles", "application-credentials", "managed-devices" }, name => Assert.Equal("Passed", outcomes[name]));

        var disabled = await api.SendAsync(HttpMethod.Post, "api/collectors/secure-score/runs", null, null);
        await ApiClient.AssertProblemAsync(disabled, HttpStatusCode.Conflict);
        await ApiClient.AssertProblemAsync(await api.SendAsync(HttpMethod.Post, "api/collectors/nonsense/runs", null, null), HttpStatusCode.NotFound);
        var contributor = api.As("dana.owner@contoso.example", Isms.Functions.Platform.Roles.Contributor);
        await ApiClient.AssertProblemAsync(await contributor.SendAsync(HttpMethod.Post, "api/collectors/guests/runs", null, null), HttpStatusCode.Forbidden);
        Assert.Equal(7, (await contributor.ArrayAsync("api/collectors")).Count);
    }

    [Fact]
    public async Task A_snapshot_shows_per_control_the_collected_evidence_and_its_latest_outcome_and_verifies_its_files()
    {
        await using var h = await StartAsync(azurite);
        var api = h.Api();
        await RunAsync(h, "managed-devices");
        h.Graph.DeniedPermissions["Policy.Read.All"] = true;
        await RunAsync(h, "conditional-access");
        var mfa = await RunAsync(h, "mfa-registration");
        var figures = mfa["figures"]!.AsArray().ToDictionary(f => (string)f!["name"]!, f => (decimal)f!["value"]!);
        Assert.Equal(10m, figures["members"]);
        Assert.Equal(1m, figures["disabledLeftOut"]);

        var snapshot = await ApiClient.JsonAsync(await api.SendAsync(HttpMethod.Post, "api/snapshots", null, null), HttpStatusCode.Created);
        var id = (string)snapshot["id"]!;
        var report = await (await api.GetAsync($"api/snapshots/{id}/report")).Content.ReadAsStringAsync();
        Assert.Contains("<h2>Collected evidence</h2>", report, StringComparison.Ordinal);
        Assert.Contains("<tr><td>A.8.1</td><td>Managed devices</td>", report, StringComparison.Ordinal);
        Assert.Contains("<tr><td>A.5.17</td><td>MFA registration</td>", report, StringComparison.Ordinal);
        Assert.Contains(((string)mfa["sha256"]!)[..16], report, StringComparison.Ordinal);
        Assert.Contains("<tr><td>A.5.15</td><td>Conditional access</td><td><b style=\"color:#8a4b00\">Error</b>", report, StringComparison.Ordinal);

        var manifest = JsonNode.Parse(await (await api.GetAsync($"api/snapshots/{id}")).Content.ReadAsStringAsync())!;
        var collected = manifest["collected"]!.AsArray();
        Assert.Equal(["conditional-access", "managed-devices", "mfa-registration"], collected.Select(c => (string?)c!["collector"]));
        Assert.Null(collected[0]!["evidenceId"]);
        Assert.Contains(manifest["evidence"]!.AsArray(), e => (string?)e!["id"] == (string?)mfa["evidenceId"]);

        var verification = await ApiClient.JsonAsync(await api.GetAsync($"api/snapshots/{id}/verification"), HttpStatusCode.OK);
        Assert.True((bool)verification["verified"]!, verification.ToJsonString());
    }

    [Fact]
    public async Task A_collector_runs_once_at_a_time_and_a_crashed_runs_claim_is_taken_over_after_the_timeout()
    {
        await using var h = await StartAsync(azurite);
        var store = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Isms.Functions.Collection.CollectorStore>(h.Host.Services);
        Assert.NotNull(await store.TryClaimAsync("guests", CancellationToken.None));

        var busy = await h.Api().SendAsync(HttpMethod.Post, "api/collectors/guests/runs", null, null);
        var problem = await ApiClient.AssertProblemAsync(busy, HttpStatusCode.Conflict);
        Assert.Contains("running already", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Empty(await h.Api().ArrayAsync("api/collectors/guests/runs"));

        // The run holding it never ended (a crash): after the timeout the next run takes it over, and gives it back.
        h.Time.Advance(Isms.Functions.Collection.CollectorStore.RunTimeout);
        Assert.Equal("Passed", (string?)(await RunAsync(h, "guests"))["outcome"]);
        Assert.Equal("Passed", (string?)(await RunAsync(h, "guests"))["outcome"]);
    }

    [Fact]
    public async Task Controls_with_collected_evidence_are_fresh_while_their_collector_collects()
    {
        await using var h = await StartAsync(azurite);
        var before = await h.Api().ArrayAsync("api/evidence-freshness");
        Assert.Equal("Missing", (string?)before.Single(c => (string?)c!["controlId"] == "A.8.1")!["state"]);

        await RunAsync(h, "managed-devices");
        var after = await h.Api().ArrayAsync("api/evidence-freshness");
        var control = after.Single(c => (string?)c!["controlId"] == "A.8.1")!;
        Assert.Equal("Fresh", (string?)control["state"]);
        Assert.Equal(h.Today.ToString("yyyy-MM-dd"), (string?)control["latestEffectiveDate"]);
    }

    private static string CollectorRunnerIds(string collector) => Isms.Functions.Collection.CollectorRunner.EvidenceIds(collector).Raw;
}
