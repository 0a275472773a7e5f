using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;

namespace Isms.IntegrationTests.Host;

/// <summary>
/// Malformed and hostile requests on every route the OpenAPI document describes: odd ids in the path, broken and
/// wrongly typed bodies, wrong content types, absurd query values. Each is answered with a 4xx in problem details
/// (never a 5xx), and the storage account holds exactly what it held before: nothing half-written. A NUL in the
/// path is refused by the HTTP server itself (Kestrel here, the front end in Azure) with an empty 400, before the app.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class HostileRequestTests(LocalHostFixture fixture)
{
    private static readonly string[] HostileIds =
    [
        "..%2F..%2Fetc%2Fpasswd", "%00", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", new('A', 1200), "A.99.99",
        "x'%20or%20'1'%3D'1", "%23EXT%23", "%E2%80%AE",
    ];

    private static readonly (string Body, string ContentType)[] HostileBodies =
    [
        ("{", "application/json"),
        ("[1,2,3]", "application/json"),
        ("null", "application/json"),
        ("{\"title\":{\"$ne\":1},\"status\":[\"Open\"],\"dueDate\":\"yesterday\",\"applicable\":\"maybe\"}", "application/json"),
        ("<xml>not json</xml>", "application/xml"),
        ("{\"description\":\"" + new string('x', 300_000) + "\"}", "application/json"),
    ];

    private static readonly string[] HostileQueries =
    [
        "?from=not-a-date&to=2026-13-45", "?status=%3Cscript%3E", "?controlId=A.99.99", "?overdue=perhaps", "?type=Nonsense&pageSize=-1",
    ];

    [Fact]
    public async Task Every_route_answers_hostile_requests_with_a_4xx_problem_and_writes_nothing()
    {
        var document = JsonNode.Parse(await fixture.Client.GetStringAsync("api/openapi.json"))!;
        var operations = document["paths"]!.AsObject()
            .Where(p => p.Key.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(p => p.Value!.AsObject().Select(o => (Method: new HttpMethod(o.Key.ToUpperInvariant()), Path: p.Key)))
            .ToList();
        Assert.True(operations.Count > 30, $"The OpenAPI document lists only {operations.Count} operations.");

        // Real records, so that broken bodies reach the code that would change them.
        var admin = ApiClient.AdminOf(fixture.Client);
        var audit = await ApiClient.JsonAsync(await admin.PostAsync("api/audits", Registers.RegisterData.Audit(lead: ApiClient.Admin)), HttpStatusCode.Created);
        var finding = await ApiClient.JsonAsync(await admin.PostAsync($"api/audits/{audit["id"]}/findings", Registers.RegisterData.Finding()), HttpStatusCode.Created);
        var action = await ApiClient.JsonAsync(await admin.PostAsync($"api/findings/{finding["id"]}/corrective-actions", Registers.RegisterData.Action("hostile.owner@contoso.example")), HttpStatusCode.Created);
        JsonObject evidence;
        using (var upload = await Evidence.EvidenceFiles.PostAsync(fixture.Client, "api/evidence", Evidence.EvidenceFiles.Form(Evidence.EvidenceFiles.Pdf(), "hostile.pdf", fields: [("controlIds", "A.5.1")])))
        {
            evidence = await ApiClient.JsonAsync(upload, HttpStatusCode.Created);
        }

        string Real(string path) => path
            .Replace("{auditId}", (string)audit["id"]!, StringComparison.Ordinal)
            .Replace("{findingId}", (string)finding["id"]!, StringComparison.Ordinal)
            .Replace("{controlId}", "A.5.1", StringComparison.Ordinal)
            .Replace("corrective-actions/{id}", $"corrective-actions/{action["id"]}", StringComparison.Ordinal)
            .Replace("evidence/{id}", $"evidence/{evidence["id"]}", StringComparison.Ordinal);

        var requests = new List<(HttpMethod Method, string Url, string? Body, string? ContentType)>();
        foreach (var (method, path) in operations)
        {
            var hasId = path.Contains('{', StringComparison.Ordinal);
            var writes = method != HttpMethod.Get;
            if (hasId)
            {
                requests.AddRange(HostileIds.Select(id => (method, Fill(path, id), writes ? "{}" : null, writes ? "application/json" : null)));
            }

            if (writes && !path.EndsWith("/complete", StringComparison.Ordinal))
            {
                var target = Fill(Real(path), "A.5.1");
                requests.AddRange(HostileBodies.Select(b => (method, target, (string?)b.Body, (string?)b.ContentType)));
            }
            else if (!writes && !hasId)
            {
                requests.AddRange(HostileQueries.Select(q => (method, path.TrimStart('/') + q, (string?)null, (string?)null)));
            }
        }

        Assert.True(requests.Select(r => $"{r.Method} {r.Url} {r.Body}").Distinct().Count() >= 150, $"Only {requests.Count} hostile requests were built.");
        var before = await InventoryAsync();
        var failures = new List<string>();
        foreach (var (method, url, body, contentType) in requests)
        {
            using var request = new HttpRequestMessage(method, url.TrimStart('/'));
            request.Headers.Add(CallerReader.HeaderName, CallerReader.Encode(ApiClient.Admin, Roles.Admin));
            request.Headers.TryAddWithoutValidation("If-Match", "*");
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType!));
            }

            using var response = await fixture.Client.SendAsync(request);
            var status = (int)response.StatusCode;
            var type = response.Content.Headers.ContentType?.MediaType;
            if (status >= 500)
            {
                failures.Add($"{method} {Short(url)} answered {status}: {Short(await response.Content.ReadAsStringAsync())}");
            }
            else if (status >= 400 && type != Problem.ContentType && !(url.Contains("%00", StringComparison.Ordinal) && status == 400 && type is null))
            {
                failures.Add($"{method} {Short(url)} answered {status} as {type}, not problem details");
            }
            else if (status is >= 200 and < 300 && method != HttpMethod.Get)
            {
                failures.Add($"{method} {Short(url)} with a hostile request changed something ({status}): {Short(body ?? string.Empty)}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests.Count} hostile requests were mishandled:\n{string.Join('\n', failures)}");
        Assert.Equal(before, await InventoryAsync());
    }

    private static string Fill(string path, string id) =>
        System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", id);

    private static string Short(string text) => text.Length > 160 ? text[..160] + "…" : text;

    /// <summary>Every table's row count and every container's blob count in the host's storage account.</summary>
    private async Task<string> InventoryAsync()
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var tables = new TableServiceClient(fixture.StorageConnectionString);
        await foreach (var table in tables.QueryAsync())
        {
            var rows = 0;
            await foreach (var _ in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey"]))
            {
                rows++;
            }

            counts[$"table {table.Name}"] = rows;
        }

        var blobs = new BlobServiceClient(fixture.StorageConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            var count = 0;
            await foreach (var _ in blobs.GetBlobContainerClient(container.Name).GetBlobsAsync())
            {
                count++;
            }

            counts[$"container {container.Name}"] = count;
        }

        // The health probe writes its own row on every fresh check; it is not a record.
        counts.Remove("table Health");
        // A table or container made on first use, still empty, holds no record.
        return string.Join(", ", counts.Where(c => c.Value > 0).Select(c => $"{c.Key}={c.Value}"));
    }
}
