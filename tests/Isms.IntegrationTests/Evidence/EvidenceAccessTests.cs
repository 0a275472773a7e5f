using System.Net;
using System.Text.Json.Nodes;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;

namespace Isms.IntegrationTests.Evidence;

/// <summary>
/// Permission per record (issue 16): a contributor adds versions only to evidence they uploaded or that speaks for
/// an action or control they own; which controls it speaks for is changed by an auditor or admin. Each refusal
/// leaves the evidence as it was.
/// </summary>
[Collection(EvidenceHostGroup.Name)]
public sealed class EvidenceAccessTests(EvidenceHostFixture fixture)
{
    private const string Uploader = "uploader.access@contoso.example";
    private const string Stranger = "stranger.access@contoso.example";
    private const string ControlOwner = "owner.access@contoso.example";

    private ApiClient Admin => ApiClient.AdminOf(fixture.Client);

    [Fact]
    public async Task Only_the_uploader_the_owners_and_auditors_add_versions_and_only_auditors_change_what_it_speaks_for()
    {
        // A.6.8 gets an owner; the evidence speaks for A.6.8 and was uploaded by someone else.
        await ApiClient.JsonAsync(await Admin.PutAsync("api/controls/A.6.8", new { applicable = true, implementationStatus = "Partial", ownerUpn = ControlOwner }), HttpStatusCode.OK);
        var id = await UploadAsync(Uploader, null, ("controlIds", "A.6.8"));

        // Another contributor: no version, whether by multipart or by the SAS flow, and nothing is added.
        await ApiClient.AssertProblemAsync(await VersionAsync(id, Stranger), HttpStatusCode.Forbidden);
        var start = await new ApiClient(fixture.Client, Stranger, Roles.Contributor).PostAsync("api/evidence/uploads", new { fileName = "a.pdf", size = 10, evidenceId = id });
        var refused = await ApiClient.AssertProblemAsync(start, HttpStatusCode.Forbidden);
        Assert.Contains(Stranger, (string?)refused["detail"], StringComparison.Ordinal);
        Assert.Single(await VersionsAsync(id));

        // The uploader and the control's owner add versions with the same links.
        await ApiClient.JsonAsync(await VersionAsync(id, Uploader), HttpStatusCode.Created);
        await ApiClient.JsonAsync(await VersionAsync(id, ControlOwner, ("controlIds", "A.6.8")), HttpStatusCode.Created);

        // Moving it to another control is an auditor's decision: the uploader is refused and the links stay.
        var relinked = await ApiClient.AssertProblemAsync(await VersionAsync(id, Uploader, ("controlIds", "A.8.2")), HttpStatusCode.Forbidden);
        Assert.Contains("leave controlIds out", (string?)relinked["detail"], StringComparison.Ordinal);
        var large = await new ApiClient(fixture.Client, Uploader, Roles.Contributor).PostAsync("api/evidence/uploads", new { fileName = "a.pdf", size = 10, evidenceId = id, controlIds = new[] { "A.8.2" } });
        Assert.Contains("leave controlIds out", (string?)(await ApiClient.AssertProblemAsync(large, HttpStatusCode.Forbidden))["detail"], StringComparison.Ordinal);
        var evidence = await ApiClient.JsonAsync(await Admin.GetAsync($"api/evidence/{id}"), HttpStatusCode.OK);
        Assert.Equal(["A.6.8"], evidence["controlIds"]!.AsArray().Select(c => (string?)c));
        Assert.Equal(3, evidence["versions"]!.AsArray().Count);

        await ApiClient.JsonAsync(await VersionAsync(id, "lead.access@contoso.example", Roles.Auditor, ("controlIds", "A.8.2")), HttpStatusCode.Created);
        evidence = await ApiClient.JsonAsync(await Admin.GetAsync($"api/evidence/{id}"), HttpStatusCode.OK);
        Assert.Equal(["A.8.2"], evidence["controlIds"]!.AsArray().Select(c => (string?)c));
        Assert.Equal(4, evidence["versions"]!.AsArray().Count);
    }

    [Fact]
    public async Task Restricted_evidence_is_read_only_by_admins_auditors_its_uploader_and_its_controls_owners()
    {
        const string mediaOwner = "media.owner.access@contoso.example";
        await ApiClient.JsonAsync(await Admin.PutAsync("api/controls/A.7.10", new { applicable = true, implementationStatus = "Partial", ownerUpn = mediaOwner }), HttpStatusCode.OK);
        var id = await UploadAsync(Uploader, null, ("controlIds", "A.7.10"), ("restricted", "true"), ("description", "Penetration test of the media vault"));
        var reader = new ApiClient(fixture.Client, "top.manager.access@contoso.example", Roles.Reader);
        var contributor = new ApiClient(fixture.Client, Stranger, Roles.Contributor);

        foreach (var outsider in new[] { reader, contributor })
        {
            await ApiClient.AssertProblemAsync(await outsider.GetAsync($"api/evidence/{id}"), HttpStatusCode.Forbidden);
            await ApiClient.AssertProblemAsync(await outsider.GetAsync($"api/evidence/{id}/content"), HttpStatusCode.Forbidden);
            Assert.DoesNotContain(await outsider.ArrayAsync("api/evidence?controlId=A.7.10"), e => (string?)e!["id"] == id);
        }

        foreach (var insider in new[] { new ApiClient(fixture.Client, Uploader, Roles.Contributor), new ApiClient(fixture.Client, mediaOwner), new ApiClient(fixture.Client, "auditor.access@contoso.example", Roles.Auditor) })
        {
            Assert.True((bool)(await ApiClient.JsonAsync(await insider.GetAsync($"api/evidence/{id}"), HttpStatusCode.OK))["restricted"]!);
            using var content = await insider.GetAsync($"api/evidence/{id}/content");
            Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        }

        // The uploader cannot lift the restriction with a version; an auditor can, and then readers read it.
        Assert.Contains("leave restricted out", (string?)(await ApiClient.AssertProblemAsync(await VersionAsync(id, Uploader, ("restricted", "false")), HttpStatusCode.Forbidden))["detail"], StringComparison.Ordinal);
        await ApiClient.AssertProblemAsync(await reader.GetAsync($"api/evidence/{id}"), HttpStatusCode.Forbidden);
        await ApiClient.JsonAsync(await VersionAsync(id, "auditor.access@contoso.example", Roles.Auditor, ("restricted", "false")), HttpStatusCode.Created);
        Assert.False((bool)(await ApiClient.JsonAsync(await reader.GetAsync($"api/evidence/{id}"), HttpStatusCode.OK))["restricted"]!);
    }

    private async Task<string> UploadAsync(string upn, string? role, params (string Name, string Value)[] fields)
    {
        using var response = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(EvidenceFiles.Pdf(), "register.pdf", fields: fields), upn, role ?? Roles.Contributor);
        return (string)(await ApiClient.JsonAsync(response, HttpStatusCode.Created))["id"]!;
    }

    private Task<HttpResponseMessage> VersionAsync(string id, string upn, params (string Name, string Value)[] fields) =>
        VersionAsync(id, upn, Roles.Contributor, fields);

    private Task<HttpResponseMessage> VersionAsync(string id, string upn, string role, params (string Name, string Value)[] fields) =>
        EvidenceFiles.PostAsync(fixture.Client, $"api/evidence/{id}/versions", EvidenceFiles.Form(EvidenceFiles.Pdf(), "register-v2.pdf", fields: fields), upn, role);

    private async Task<JsonArray> VersionsAsync(string id) =>
        (await ApiClient.JsonAsync(await Admin.GetAsync($"api/evidence/{id}"), HttpStatusCode.OK))["versions"]!.AsArray();
}
