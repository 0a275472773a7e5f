using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Isms.Functions.Storage;
using Isms.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Registers;

/// <summary>A request that dies half way leaves storage in a state the next reader or writer completes, never a gap.</summary>
[Collection(LocalHostGroup.Name)]
public sealed class CrashRecoveryTests(LocalHostFixture fixture)
{
    private ApiClient Api => ApiClient.AdminOf(fixture.Client);

    private async Task<TableClient> TableAsync(string name) =>
        await fixture.Host.Services.GetRequiredService<IsmsStorage>().TableAsync(name, CancellationToken.None);

    private async Task<JsonObject> ActionAsync(string owner)
    {
        var audit = await ApiClient.JsonAsync(await Api.PostAsync("api/audits", Audit()), HttpStatusCode.Created);
        var finding = await ApiClient.JsonAsync(await Api.PostAsync($"api/audits/{audit["id"]}/findings", Finding()), HttpStatusCode.Created);
        return await ApiClient.JsonAsync(await Api.PostAsync($"api/findings/{finding["id"]}/corrective-actions", RegisterData.Action(owner)), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_close_that_died_after_its_first_step_is_finished_by_the_next_reader()
    {
        var owner = $"crash.{Guid.NewGuid():N}@contoso.example";
        var action = await ActionAsync(owner);
        var id = (string)action["id"]!;
        var table = await TableAsync(TableNames.CorrectiveActions);
        var openRow = (await table.GetEntityAsync<TableEntity>($"open|{owner}", id)).Value;

        // Step 1 of a close, then the process dies: the open row says Closed, nothing else happened.
        var json = JsonNode.Parse(openRow.GetString("Json"))!.AsObject();
        json["status"] = "Closed";
        openRow["Json"] = json.ToJsonString();
        await table.UpdateEntityAsync(openRow, openRow.ETag, TableUpdateMode.Replace);

        Assert.DoesNotContain(await Api.ArrayAsync("api/corrective-actions?status=Open"), a => (string?)a!["id"] == id);
        Assert.Equal("Closed", (string?)(await ApiClient.JsonAsync(await Api.GetAsync($"api/corrective-actions/{id}"), HttpStatusCode.OK))["status"]);
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>($"open|{owner}", id)).HasValue);
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>($"closed|{owner}", id)).HasValue);
        Assert.Single(await Api.ArrayAsync($"api/corrective-actions?ownerUpn={owner}"));
    }

    [Fact]
    public async Task A_trail_entry_lost_to_a_crash_is_appended_before_the_next_change_and_never_twice()
    {
        var owner = $"trail.{Guid.NewGuid():N}@contoso.example";
        var action = await ActionAsync(owner);
        var id = (string)action["id"]!;
        var trail = await TableAsync(TableNames.AuditTrail);

        // The record was written with its entry, then the process died before appending it to the trail.
        var entries = trail.Query<TableEntity>($"PartitionKey eq 'corrective-actions|{id}'").ToList();
        Assert.Single(entries);
        await trail.DeleteEntityAsync(entries[0].PartitionKey, entries[0].RowKey);
        Assert.Empty(trail.Query<TableEntity>($"PartitionKey eq 'corrective-actions|{id}'"));

        await ApiClient.JsonAsync(await Api.As(owner, Isms.Functions.Platform.Roles.Contributor).PatchAsync($"api/corrective-actions/{id}", new { rootCause = "Found it." }), HttpStatusCode.OK);

        var history = (await ApiClient.JsonAsync(await Api.GetAsync($"api/audit-trail?entity=corrective-actions/{id}"), HttpStatusCode.OK))["entries"]!.AsArray();
        Assert.Equal(["Created", "Updated"], history.Select(e => (string)e!["action"]!));
    }
}
