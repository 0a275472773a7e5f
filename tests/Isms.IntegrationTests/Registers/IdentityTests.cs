using System.Net;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Chasing;
using Isms.Functions.Registers;
using Isms.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Registers;

/// <summary>
/// People are their Entra object id. A record keeps the id of whoever it names, resolved when they were assigned, so a
/// sign-in name that is renamed or handed to someone else does not carry the first person's records with it; locally
/// the development directory gives every address the id the local host gives a principal header without one.
/// </summary>
public sealed class IdentityTests(AzuriteFixture azurite) : IsolatedHostTests(azurite)
{
    private const string Owner = "ann.owner@contoso.example";

    [Fact]
    public async Task Someone_signing_in_under_the_owners_name_with_another_object_id_is_not_the_owner()
    {
        var id = await OpenActionAsync(Api, Owner);
        var impostor = CallerReader.Encode(Guid.NewGuid().ToString(), tenantId: null, Owner, Roles.Contributor);

        using var refused = await Api.SendAsync(HttpMethod.Patch, $"api/corrective-actions/{id}", System.Net.Http.Json.JsonContent.Create(new { rootCause = "Not mine to say." }), ApiClient.AnyVersion, impostor);
        await ApiClient.AssertProblemAsync(refused, HttpStatusCode.Forbidden);

        // The owner as the curl examples send them (no oid: the local host gives the development directory's id) still is.
        var owner = Api.As(Owner, Roles.Contributor);
        var updated = await ApiClient.JsonAsync(await owner.PatchAsync($"api/corrective-actions/{id}", new { rootCause = "The leaver list never reached IT." }), HttpStatusCode.OK);
        Assert.Equal("The leaver list never reached IT.", (string?)updated["rootCause"]);
    }

    [Fact]
    public async Task The_owner_keeps_their_actions_under_a_new_sign_in_name()
    {
        var id = await OpenActionAsync(Api, Owner);
        var renamed = CallerReader.Encode(DevelopmentIdentity.ObjectIdFor(Owner), tenantId: null, "ann.married-name@contoso.example", Roles.Contributor);

        using var response = await Api.SendAsync(HttpMethod.Patch, $"api/corrective-actions/{id}", System.Net.Http.Json.JsonContent.Create(new { rootCause = "Renamed, still mine." }), ApiClient.AnyVersion, renamed);

        Assert.Equal("Renamed, still mine.", (string?)(await ApiClient.JsonAsync(response, HttpStatusCode.OK))["rootCause"]);
    }

    internal static async Task<string> OpenActionAsync(ApiClient admin, string owner)
    {
        var audit = await ApiClient.JsonAsync(await admin.PostAsync("api/audits", Audit()), HttpStatusCode.Created);
        var finding = await ApiClient.JsonAsync(await admin.PostAsync($"api/audits/{audit["id"]}/findings", Finding()), HttpStatusCode.Created);
        var action = await ApiClient.JsonAsync(await admin.PostAsync($"api/findings/{finding["id"]}/corrective-actions", RegisterData.Action(owner)), HttpStatusCode.Created);
        Assert.Equal(DevelopmentIdentity.ObjectIdFor(owner), (string?)action["ownerObjectId"]);
        return (string)action["id"]!;
    }
}

/// <summary>With Graph, owners and auditors are resolved through <c>/users/{upn}</c> when assigned.</summary>
public sealed class DirectoryAssignmentTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateOnly Today = new(2026, 3, 18);

    [Fact]
    public async Task Owners_and_auditors_are_users_of_the_tenant_kept_with_their_object_id()
    {
        await using var harness = await ChasingHarness.StartAsync(azurite, Today);
        var admin = harness.Api();
        harness.Graph.UnknownUsers["nobody@contoso.example"] = true;
        harness.Graph.DisabledUsers["left@contoso.example"] = true;
        harness.Graph.ObjectIds["ann.owner@contoso.example"] = "2c9d6f0e-7a1b-4c3d-9e8f-0a1b2c3d4e5f";
        var guest = "ann_fabrikam.com#EXT#@contoso.onmicrosoft.com";
        harness.Graph.GuestUsers[guest] = true;

        var audit = await ApiClient.JsonAsync(await admin.PostAsync("api/audits", new { type = "Internal", title = "Access control", plannedStart = "2026-04-01", plannedEnd = "2026-04-02", leadAuditorUpn = "lead.auditor@contoso.example", scope = new[] { "A.5.18" } }), HttpStatusCode.Created);
        Assert.Equal(harness.Graph.ObjectIdOf("lead.auditor@contoso.example"), (string?)audit["teamObjectIds"]!["lead.auditor@contoso.example"]);
        var finding = await ApiClient.JsonAsync(await admin.PostAsync($"api/audits/{audit["id"]}/findings", Finding()), HttpStatusCode.Created);
        var actions = $"api/findings/{finding["id"]}/corrective-actions";

        var unknown = await ApiClient.AssertProblemAsync(await admin.PostAsync(actions, RegisterData.Action("nobody@contoso.example")), HttpStatusCode.BadRequest);
        Assert.Contains("not a user", unknown.ToJsonString(), StringComparison.Ordinal);
        Assert.NotNull(unknown["errors"]?["ownerUpn"]);
        var disabled = await ApiClient.AssertProblemAsync(await admin.PostAsync(actions, RegisterData.Action("left@contoso.example")), HttpStatusCode.BadRequest);
        Assert.Contains("disabled", disabled.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(await admin.ArrayAsync("api/corrective-actions"));

        var owned = await ApiClient.JsonAsync(await admin.PostAsync(actions, RegisterData.Action("ann.owner@contoso.example")), HttpStatusCode.Created);
        Assert.Equal("2c9d6f0e-7a1b-4c3d-9e8f-0a1b2c3d4e5f", (string?)owned["ownerObjectId"]);
        var guestOwned = await ApiClient.JsonAsync(await admin.PostAsync(actions, RegisterData.Action(guest)), HttpStatusCode.Created);
        Assert.Equal(harness.Graph.ObjectIdOf(guest), (string?)guestOwned["ownerObjectId"]);

        var control = await ApiClient.AssertProblemAsync(await admin.PutAsync("api/controls/A.5.18", new { applicable = true, implementationStatus = "Implemented", ownerUpn = "nobody@contoso.example" }), HttpStatusCode.BadRequest);
        Assert.NotNull(control["errors"]?["ownerUpn"]);
        var lead = await ApiClient.AssertProblemAsync(await admin.PatchAsync($"api/audits/{audit["id"]}", new { auditors = new[] { "left@contoso.example" } }), HttpStatusCode.BadRequest);
        Assert.NotNull(lead["errors"]?["auditors"]);
        Assert.Contains(harness.Graph.CallsOf("user"), c => c.Path.Contains("nobody@contoso.example", StringComparison.Ordinal));

        // The audit page raises a finding with its first action in one form: an owner the directory refuses stores neither.
        var findings = harness.Host.Services.GetRequiredService<FindingService>();
        var leadAuditor = Caller.ForDevelopment("lead.auditor@contoso.example", new HashSet<string> { Roles.Auditor });
        var raised = await findings.RaiseAsync(leadAuditor, (string)audit["id"]!, new FindingCreate(Isms.Core.Audits.FindingType.MinorNonconformity, ["A.5.18"], "Access reviews skipped."), new CorrectiveActionCreate("nobody@contoso.example", "Ran the review.", null), CancellationToken.None);
        Assert.False(raised.IsSuccess);
        Assert.True(raised.Refusal.Errors.ContainsKey("ownerUpn"));
        Assert.Single(await admin.ArrayAsync($"api/findings?auditId={audit["id"]}"));
    }

    [Fact]
    public async Task Reminders_go_to_the_address_the_directory_holds_and_never_to_someone_no_longer_in_it()
    {
        await using var harness = await ChasingHarness.StartAsync(azurite, Today);
        harness.Graph.MailAddresses["ann.owner@contoso.example"] = "ann.smith@contoso.example";
        await harness.SeedActionAsync("ann.owner@contoso.example", Today);
        await harness.SeedActionAsync("gone@contoso.example", Today);
        harness.Graph.UnknownUsers["gone@contoso.example"] = true;

        var run = await harness.RunAsync();

        var mails = harness.Graph.Mails.ToList();
        Assert.Contains(mails, m => m.To.SequenceEqual(["ann.smith@contoso.example"]));
        Assert.DoesNotContain(mails, m => m.To.Contains("ann.owner@contoso.example") || m.To.Contains("gone@contoso.example"));
        Assert.Contains(mails, m => m.To.SequenceEqual([ChasingHarness.IsmsManager]) && m.Html.Contains("gone@contoso.example", StringComparison.Ordinal) && m.Html.Contains("not a user", StringComparison.Ordinal));
        Assert.Equal(1, (int)run["failed"]!);
    }

    [Fact]
    public async Task Guests_are_refused_where_the_organisation_forbids_them()
    {
        await using var harness = await ChasingHarness.StartAsync(azurite, Today, o => o.Settings["Identity:AllowGuests"] = "false");
        var admin = harness.Api();
        var guest = "ann_fabrikam.com#EXT#@contoso.onmicrosoft.com";
        harness.Graph.GuestUsers[guest] = true;
        var audit = await ApiClient.JsonAsync(await admin.PostAsync("api/audits", new { type = "Internal", title = "Access control", plannedStart = "2026-04-01", plannedEnd = "2026-04-02", leadAuditorUpn = "lead.auditor@contoso.example", scope = new[] { "A.5.18" } }), HttpStatusCode.Created);
        var finding = await ApiClient.JsonAsync(await admin.PostAsync($"api/audits/{audit["id"]}/findings", Finding()), HttpStatusCode.Created);

        var refused = await ApiClient.AssertProblemAsync(await admin.PostAsync($"api/findings/{finding["id"]}/corrective-actions", RegisterData.Action(guest)), HttpStatusCode.BadRequest);

        Assert.Contains("guest", refused.ToJsonString(), StringComparison.Ordinal);
    }
}
