using System.Net;
using System.Net.Http.Json;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Evidence;
using Isms.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Registers;

/// <summary>
/// B2B guests sign in with UPNs such as <c>ann_fabrikam.com#EXT#@contoso.onmicrosoft.com</c>; '#' may not stand in a
/// Table Storage key. A guest who owns an action must get through everything a member does: the action, its list,
/// its update, the reminders, the evidence and the audit trail.
/// </summary>
public sealed class GuestOwnerTests(AzuriteFixture azurite) : IsolatedHostTests(azurite)
{
    private const string Guest = "ann_fabrikam.com#EXT#@contoso.onmicrosoft.com";

    // Wednesday 18 March 2026, 08:00 UTC: a business day.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 18, 8, 0, 0, TimeSpan.Zero));

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(_clock);

    [Fact]
    public async Task A_guest_owner_goes_through_actions_reminders_evidence_and_the_audit_trail()
    {
        var admin = Api;
        var guest = admin.As(Guest, Roles.Contributor);
        var audit = await ApiClient.JsonAsync(await admin.PostAsync("api/audits", Audit()), HttpStatusCode.Created);
        var finding = await ApiClient.JsonAsync(await admin.PostAsync($"api/audits/{audit["id"]}/findings", Finding()), HttpStatusCode.Created);

        var created = await ApiClient.JsonAsync(await admin.PostAsync($"api/findings/{finding["id"]}/corrective-actions", RegisterData.Action(Guest, dueDate: "2026-03-18")), HttpStatusCode.Created);
        var id = (string)created["id"]!;
        Assert.Equal(Guest, (string?)created["ownerUpn"]);

        // Read back by id and in the owner's list.
        var read = await ApiClient.JsonAsync(await guest.GetAsync($"api/corrective-actions/{id}"), HttpStatusCode.OK);
        Assert.Equal(Guest, (string?)read["ownerUpn"]);
        var owned = await admin.ArrayAsync($"api/corrective-actions?ownerUpn={Uri.EscapeDataString(Guest)}");
        Assert.Equal(id, (string?)Assert.Single(owned)!["id"]);

        // The guest, as the owner, updates it.
        var updated = await ApiClient.JsonAsync(await guest.PatchAsync($"api/corrective-actions/{id}", new { rootCause = "The leaver list never reached IT.", status = "InProgress" }), HttpStatusCode.OK);
        Assert.Equal("InProgress", (string?)updated["status"]);

        // Evidence linked to the action, uploaded by the guest.
        using var upload = await EvidenceFiles.PostAsync(Client, "api/evidence", EvidenceFiles.Form(EvidenceFiles.Pdf(), fields: [("controlIds", "A.5.15"), ("correctiveActionId", id)]), Guest, Roles.Contributor);
        var evidence = await ApiClient.JsonAsync(upload, HttpStatusCode.Created);
        var linked = await admin.ArrayAsync($"api/evidence?correctiveActionId={id}");
        Assert.Equal((string?)evidence["id"], (string?)Assert.Single(linked)!["id"]);
        Assert.Equal(Guest, (string?)linked[0]!["latest"]!["uploadedBy"]);

        // The reminder on the due day reaches the guest, once.
        using (var chase = await Client.PostAsync("admin/functions/ChaseCorrectiveActions", JsonContent.Create(new { })))
        {
            Assert.True(chase.IsSuccessStatusCode, await chase.Content.ReadAsStringAsync());
        }

        var outbox = Host.Configuration["Notifications:OutboxDirectory"]!;
        var mail = await EventuallyAsync(() => Directory.Exists(outbox)
            ? Directory.GetFiles(outbox, "*.eml").Where(f => File.ReadAllText(f).Contains($"To: {Guest}", StringComparison.Ordinal)).ToArray()
            : []);
        Assert.Single(mail);
        // The mail is written before the run records the delivery, so the count is read once it has caught up.
        var sent = 0;
        for (var attempt = 0; attempt < 100 && sent == 0; attempt++)
        {
            sent = (int)(await admin.ArrayAsync("api/reminder-runs"))[0]!["sent"]!;
            if (sent == 0)
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(1, sent);

        // The audit trail names the guest as the one who changed the action.
        var trail = await ApiClient.JsonAsync(await admin.GetAsync($"api/audit-trail?entity=corrective-actions/{id}"), HttpStatusCode.OK);
        Assert.Contains(trail["entries"]!.AsArray(), e => (string?)e!["by"] == Guest && (string?)e["action"] == "Updated");
    }

    private static async Task<string[]> EventuallyAsync(Func<string[]> find)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var found = find();
            if (found.Length > 0)
            {
                return found;
            }

            await Task.Delay(100);
        }

        return find();
    }
}
