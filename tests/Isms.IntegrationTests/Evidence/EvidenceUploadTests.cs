using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;

namespace Isms.IntegrationTests.Evidence;

[Collection(EvidenceHostGroup.Name)]
public sealed class EvidenceUploadTests(EvidenceHostFixture fixture)
{
    private const string Owner = "control.owner@contoso.example";

    private ApiClient Reader => new(fixture.Client, "reader@contoso.example", Roles.Reader);

    [Fact]
    public async Task An_upload_round_trips_with_the_hash_measured_on_the_way()
    {
        var file = EvidenceFiles.Pdf(300 * 1024);
        var fields = new[] { ("controlIds", "a.5.15, A.8.2"), ("effectiveDate", "2026-01-31"), ("description", "Quarterly access review") };

        using var response = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(file, "Access review Q4.pdf", fields: fields));

        var created = await ApiClient.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal(EvidenceFiles.Sha256(file), (string?)created["sha256"]);
        Assert.Equal(file.Length, (long)created["size"]!);
        Assert.Equal("application/pdf", (string?)created["contentType"]);
        Assert.Equal("Access review Q4.pdf", (string?)created["fileName"]);
        Assert.Equal(1, (int)created["version"]!);
        var id = (string)created["id"]!;
        Assert.Equal($"/api/evidence/{id}", response.Headers.Location?.OriginalString);

        using var download = await Reader.GetAsync($"api/evidence/{id}/content");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(file, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(EvidenceFiles.Sha256(file), download.Headers.GetValues("x-isms-sha256").Single());
        Assert.Equal($"sha-256=:{Convert.ToBase64String(Convert.FromHexString(EvidenceFiles.Sha256(file)))}:", download.Headers.GetValues("Repr-Digest").Single());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("Access review Q4.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);

        var evidence = await ApiClient.JsonAsync(await Reader.GetAsync($"api/evidence/{id}"), HttpStatusCode.OK);
        Assert.Equal(["A.5.15", "A.8.2"], evidence["controlIds"]!.AsArray().Select(c => (string)c!));
        Assert.Equal("2026-01-31", (string?)evidence["effectiveDate"]);
        Assert.Equal("2029-01-31", (string?)evidence["retainUntil"]);
        Assert.Equal(Owner, (string?)evidence["latest"]!["uploadedBy"]);
        Assert.Equal("Quarterly access review", (string?)evidence["latest"]!["description"]);

        var byControl = await Reader.ArrayAsync("api/evidence?controlId=A.8.2");
        Assert.Contains(byControl, e => (string?)e!["id"] == id);
        Assert.DoesNotContain(await Reader.ArrayAsync("api/evidence?controlId=A.8.3"), e => (string?)e!["id"] == id);
    }

    [Fact]
    public async Task A_declared_size_streams_the_file_in_one_request_and_it_round_trips_the_same()
    {
        var file = EvidenceFiles.Pdf(700 * 1024);
        var before = await fixture.Storage.CountAsync();

        using var response = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(file, "sized.pdf", fields: [("controlIds", "A.5.16"), ("size", file.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))]));

        var created = await ApiClient.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal(EvidenceFiles.Sha256(file), (string?)created["sha256"]);
        using var download = await Reader.GetAsync($"api/evidence/{(string)created["id"]!}/content");
        Assert.Equal(file, await download.Content.ReadAsByteArrayAsync());
        var after = await fixture.Storage.CountAsync();
        Assert.Equal(before.EvidenceBlobs + 1, after.EvidenceBlobs);
        Assert.Equal(before.StagingBlobs, after.StagingBlobs);
    }

    [Fact]
    public async Task A_new_version_is_a_new_blob_and_every_version_stays_readable_with_its_hash()
    {
        var first = EvidenceFiles.Csv();
        var second = Encoding.UTF8.GetBytes("user,last login\nalice,2026-03-30\n");
        using var v1 = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(first, "logins.csv", "text/csv", [("controlIds", "A.8.15"), ("effectiveDate", "2026-01-01")]));
        var id = (string)(await ApiClient.JsonAsync(v1, HttpStatusCode.Created))["id"]!;
        var blobsBefore = (await fixture.Storage.CountAsync()).EvidenceBlobs;

        using var v2 = await EvidenceFiles.PostAsync(fixture.Client, $"api/evidence/{id}/versions", EvidenceFiles.Form(second, "logins.csv", "text/csv", [("effectiveDate", "2026-02-01")]));

        var created = await ApiClient.JsonAsync(v2, HttpStatusCode.Created);
        Assert.Equal(2, (int)created["version"]!);
        Assert.Equal(id, (string?)created["id"]);
        Assert.Equal(blobsBefore + 1, (await fixture.Storage.CountAsync()).EvidenceBlobs);
        var evidence = await ApiClient.JsonAsync(await Reader.GetAsync($"api/evidence/{id}"), HttpStatusCode.OK);
        var versions = evidence["versions"]!.AsArray();
        Assert.Equal([EvidenceFiles.Sha256(first), EvidenceFiles.Sha256(second)], versions.Select(v => (string)v!["sha256"]!));
        Assert.Equal("2026-02-01", (string?)evidence["effectiveDate"]);
        Assert.Equal(["A.8.15"], evidence["controlIds"]!.AsArray().Select(c => (string)c!));
        foreach (var (bytes, version) in new[] { (first, 1), (second, 2) })
        {
            using var download = await Reader.GetAsync($"api/evidence/{id}/content?version={version}");
            Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal(EvidenceFiles.Sha256(bytes), download.Headers.GetValues("x-isms-sha256").Single());
        }

        using var latest = await Reader.GetAsync($"api/evidence/{id}/content");
        Assert.Equal(second, await latest.Content.ReadAsByteArrayAsync());
        using var missing = await Reader.GetAsync($"api/evidence/{id}/content?version=3");
        await ApiClient.AssertProblemAsync(missing, HttpStatusCode.BadRequest, "version");
        using var noSuch = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence/EV-NOSUCHTHING/versions", EvidenceFiles.Form(second, "logins.csv", "text/csv", []));
        await ApiClient.AssertProblemAsync(noSuch, HttpStatusCode.NotFound);
    }

    public static TheoryData<string, Func<HttpContent>, HttpStatusCode, string?> Refusals() => new()
    {
        { "a Windows executable named .pdf", () => EvidenceFiles.Form(EvidenceFiles.Executable(), "report.pdf"), HttpStatusCode.UnsupportedMediaType, null },
        { "an ELF executable", () => EvidenceFiles.Form(EvidenceFiles.Elf(), "tool", "application/octet-stream"), HttpStatusCode.UnsupportedMediaType, null },
        { "a shell script named .txt", () => EvidenceFiles.Form(EvidenceFiles.Script(), "notes.txt", "text/plain"), HttpStatusCode.UnsupportedMediaType, null },
        { "a PNG named .pdf", () => EvidenceFiles.Form(EvidenceFiles.Png(), "scan.pdf"), HttpStatusCode.UnsupportedMediaType, null },
        { "a PDF declared as a PNG", () => EvidenceFiles.Form(EvidenceFiles.Pdf(), "scan", "image/png"), HttpStatusCode.UnsupportedMediaType, null },
        { "binary content that is no evidence type", () => EvidenceFiles.Form(EvidenceFiles.WithHead("\0\x01\x02\x03", 1000, latin1: true), "data.bin", "application/octet-stream"), HttpStatusCode.UnsupportedMediaType, null },
        { "text named .json that is not JSON", () => EvidenceFiles.Form(EvidenceFiles.Csv(), "export.json", "application/json"), HttpStatusCode.UnsupportedMediaType, null },
        { "an empty file", () => EvidenceFiles.Form([], "empty.pdf"), HttpStatusCode.BadRequest, "file" },
        { "a file over the HTTP limit", () => EvidenceFiles.Form(EvidenceFiles.Pdf((int)EvidenceHostFixture.HttpLimit + 1)), HttpStatusCode.RequestEntityTooLarge, null },
        { "unknown controls", () => EvidenceFiles.Form(EvidenceFiles.Pdf(), fields: [("controlIds", "A.5.15,A.9.99,Z.1")]), HttpStatusCode.BadRequest, "controlIds" },
        { "unknown controls sent after the file", () => EvidenceFiles.Form(EvidenceFiles.Pdf(), fields: [("controlIds", "A.9.99")], fieldsAfterFile: true), HttpStatusCode.BadRequest, "controlIds" },
        { "no controls", () => EvidenceFiles.Form(EvidenceFiles.Pdf(), fields: [("description", "no controls")]), HttpStatusCode.BadRequest, "controlIds" },
        { "no file part", () => EvidenceFiles.Form(null), HttpStatusCode.BadRequest, "file" },
        { "two file parts", TwoFiles, HttpStatusCode.BadRequest, "file" },
        { "a duplicated description", () => EvidenceFiles.Form(EvidenceFiles.Pdf(), fields: [("controlIds", "A.5.15"), ("description", "a"), ("description", "b")], fieldsAfterFile: true), HttpStatusCode.BadRequest, "description" },
        { "an unknown part", () => EvidenceFiles.Form(EvidenceFiles.Pdf(), fields: [("controlIds", "A.5.15"), ("owner", "me")]), HttpStatusCode.BadRequest, "owner" },
        { "a file name with a slash", () => EvidenceFiles.Form(EvidenceFiles.Pdf(), "../../etc/report.pdf"), HttpStatusCode.BadRequest, "file" },
        { "a file name with a backslash", () => EvidenceFiles.Form(EvidenceFiles.Pdf(), "C:\\temp\\report.pdf"), HttpStatusCode.BadRequest, "file" },
        { "a file name with a control character", () => EvidenceFiles.Form(EvidenceFiles.Pdf(), "report\u0007.pdf"), HttpStatusCode.BadRequest, "file" },
        { "an effective date in the future", () => EvidenceFiles.Form(EvidenceFiles.Pdf(), fields: [("controlIds", "A.5.15"), ("effectiveDate", DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))]), HttpStatusCode.BadRequest, "effectiveDate" },
        { "a malformed effective date", () => EvidenceFiles.Form(EvidenceFiles.Pdf(), fields: [("controlIds", "A.5.15"), ("effectiveDate", "31/01/2026")], fieldsAfterFile: true), HttpStatusCode.BadRequest, "effectiveDate" },
        { "an unknown corrective action", () => EvidenceFiles.Form(EvidenceFiles.Pdf(), fields: [("controlIds", "A.5.15"), ("correctiveActionId", "CA-NOSUCHTHING")]), HttpStatusCode.BadRequest, "correctiveActionId" },
        { "an unknown audit", () => EvidenceFiles.Form(EvidenceFiles.Pdf(), fields: [("controlIds", "A.5.15"), ("auditId", "AUD-NOSUCHTHING")], fieldsAfterFile: true), HttpStatusCode.BadRequest, "auditId" },
        { "a declared size shorter than the file", () => EvidenceFiles.Form(EvidenceFiles.Pdf(5000), fields: [("controlIds", "A.5.15"), ("size", "4000")]), HttpStatusCode.BadRequest, "size" },
        { "a declared size longer than the file", () => EvidenceFiles.Form(EvidenceFiles.Pdf(5000), fields: [("controlIds", "A.5.15"), ("size", "6000")]), HttpStatusCode.BadRequest, "size" },
        { "a declared size over the HTTP limit", () => EvidenceFiles.Form(EvidenceFiles.Pdf(5000), fields: [("controlIds", "A.5.15"), ("size", "99999999")]), HttpStatusCode.RequestEntityTooLarge, null },
        { "a declared size that is not a number", () => EvidenceFiles.Form(EvidenceFiles.Pdf(5000), fields: [("controlIds", "A.5.15"), ("size", "5kB")]), HttpStatusCode.BadRequest, "size" },
        { "a sized file followed by an unknown audit", () => EvidenceFiles.Form(EvidenceFiles.Pdf(5000), fields: [("controlIds", "A.5.15"), ("size", "5000"), ("auditId", "AUD-NOSUCHTHING")], fieldsAfterFile: true), HttpStatusCode.BadRequest, "auditId" },
        { "more controlIds parts than the catalogue has controls", () => EvidenceFiles.Form(EvidenceFiles.Pdf(), fields: Enumerable.Repeat(("controlIds", "A.5.15"), 128)), HttpStatusCode.BadRequest, "body" },
        { "more controls in one field than the catalogue has", () => EvidenceFiles.Form(EvidenceFiles.Pdf(), fields: [("controlIds", string.Join(',', Enumerable.Repeat("A.5.15", 128)))]), HttpStatusCode.BadRequest, "controlIds" },
        { "fields over 64 KB of text in all", () => EvidenceFiles.Form(EvidenceFiles.Pdf(), fields: [("controlIds", "A.5.15" + new string(' ', 15000)), ("description", new string('d', 15000)), ("correctiveActionId", new string('c', 15000)), ("auditId", new string('a', 15000)), ("effectiveDate", new string('e', 15000))]), HttpStatusCode.BadRequest, "body" },
        { "JSON instead of a form", () => new StringContent("{\"controlIds\":[\"A.5.15\"]}", Encoding.UTF8, "application/json"), HttpStatusCode.UnsupportedMediaType, null },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_upload_answers_clearly_and_leaves_no_blob_and_no_row(string what, Func<HttpContent> content, HttpStatusCode status, string? field)
    {
        var before = await fixture.Storage.CountAsync();

        using var response = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", content());

        var problem = await ApiClient.AssertProblemAsync(response, status, field);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]), what);
        Assert.Equal(before, await fixture.Storage.CountAsync());
    }

    [Fact]
    public async Task Unknown_controls_are_named_in_the_error()
    {
        using var response = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(EvidenceFiles.Pdf(), fields: [("controlIds", "A.5.15,A.9.99")]));

        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "controlIds");
        Assert.Contains("A.9.99", (string?)problem["errors"]!["controlIds"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepted_types_are_stored_with_the_type_their_content_shows()
    {
        var cases = new (byte[] Bytes, string Name, string? Declared, string Stored)[]
        {
            (EvidenceFiles.Png(), "screenshot.png", "image/png", "image/png"),
            (EvidenceFiles.Csv(), "logins.csv", "application/vnd.ms-excel", "text/csv; charset=utf-8"),
            (Encoding.UTF8.GetBytes("{\"users\": []}"), "export.json", "application/json", "application/json; charset=utf-8"),
            (Encoding.UTF8.GetBytes("From: it@contoso.example\r\nTo: all@contoso.example\r\nSubject: Patch day\r\n\r\nDone."), "notice.eml", "message/rfc822", "message/rfc822"),
            (EvidenceFiles.WithHead("PK\x03\x04", 600, latin1: true), "policy.docx", "application/octet-stream", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (EvidenceFiles.WithHead("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 600, latin1: true), "register.xls", null, "application/vnd.ms-excel"),
            (EvidenceFiles.WithHead("\xFF\xD8\xFF\xE0", 600, latin1: true), "badge.jpg", "image/jpeg", "image/jpeg"),
        };
        foreach (var (bytes, name, declared, stored) in cases)
        {
            using var response = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(bytes, name, declared));
            var created = await ApiClient.JsonAsync(response, HttpStatusCode.Created);
            Assert.Equal(stored, (string?)created["contentType"]);
        }
    }

    [Fact]
    public async Task A_reader_may_not_upload_and_nobody_signed_in_gets_401()
    {
        var before = await fixture.Storage.CountAsync();

        using var reader = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(EvidenceFiles.Pdf()), "reader@contoso.example", Roles.Reader);
        using var anonymous = await new ApiClient(fixture.Client, "x").SendAsync(HttpMethod.Post, "api/evidence", EvidenceFiles.Form(EvidenceFiles.Pdf()), null, principalHeader: "not-base64!");

        await ApiClient.AssertProblemAsync(reader, HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        Assert.Equal(before, await fixture.Storage.CountAsync());
    }

    [Fact]
    public async Task Evidence_is_listed_by_corrective_action_and_by_audit()
    {
        var admin = ApiClient.AdminOf(fixture.Client);
        var audit = await ApiClient.JsonAsync(await admin.PostAsync("api/audits", Registers.RegisterData.Audit(scope: ["A.5.24"])), HttpStatusCode.Created);
        var auditId = (string)audit["id"]!;
        var finding = await ApiClient.JsonAsync(await admin.PostAsync($"api/audits/{auditId}/findings", Registers.RegisterData.Finding(controls: ["A.5.24"])), HttpStatusCode.Created);
        var action = await ApiClient.JsonAsync(await admin.PostAsync($"api/findings/{(string)finding["id"]!}/corrective-actions", Registers.RegisterData.Action(Owner)), HttpStatusCode.Created);
        var actionId = (string)action["id"]!;

        using var response = await EvidenceFiles.PostAsync(fixture.Client, "api/evidence", EvidenceFiles.Form(EvidenceFiles.Pdf(), "fix.pdf", fields: [("controlIds", "A.5.24"), ("correctiveActionId", actionId), ("auditId", auditId)]));
        var id = (string)(await ApiClient.JsonAsync(response, HttpStatusCode.Created))["id"]!;

        Assert.Equal([id], (await Reader.ArrayAsync($"api/evidence?correctiveActionId={actionId}")).Select(e => (string)e!["id"]!));
        Assert.Equal([id], (await Reader.ArrayAsync($"api/evidence?auditId={auditId}")).Select(e => (string)e!["id"]!));
        using var bad = await Reader.GetAsync("api/evidence?controlId=A.99");
        await ApiClient.AssertProblemAsync(bad, HttpStatusCode.BadRequest, "controlId");
    }

    [Fact]
    public async Task The_upload_page_is_served_with_a_strict_content_security_policy()
    {
        using var response = await fixture.Client.GetAsync("upload");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Matches("connect-src 'self' http://127\\.0\\.0\\.1:\\d+", csp);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-max-http-bytes=\"1048576\"", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"control-search\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/static/upload.js\" defer>", html, StringComparison.Ordinal);
    }

    private static MultipartFormDataContent TwoFiles()
    {
        var form = EvidenceFiles.Form(EvidenceFiles.Pdf());
        var second = new ByteArrayContent(EvidenceFiles.Pdf());
        second.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(second, "file", "second.pdf");
        return form;
    }
}
