using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Isms.Core.People;
using Isms.Functions.People;
using Isms.Functions.Platform;
using Microsoft.Extensions.DependencyInjection;

namespace Isms.LocalHost.Demo;

/// <summary>
/// Contoso's policies and training, put in the way people do it, through the API: three policies (one with a new major
/// version awaiting acknowledgement), annual awareness training, and people in every state (acknowledged, owed, overdue,
/// trained by themselves, imported from the learning platform, not yet trained).
/// </summary>
public static class DemoPeople
{
    public static async Task<int> SeedAsync(LocalFunctionsHost host, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var existing = await Send(http, HttpMethod.Get, "api/documents", DemoOrganisation.IsmsManager, Roles.Admin, null, cancellationToken).ConfigureAwait(false);
        if (existing.AsArray().Count > 0)
        {
            return 0;
        }

        var staff = LocalHostDefaults.StaffGroup;
        var security = await PublishAsync(http, "Information security policy", [staff], ["5.2", "A.5.1"], cancellationToken).ConfigureAwait(false);
        var acceptable = await PublishAsync(http, "Acceptable use policy", [staff], ["A.5.10"], cancellationToken).ConfigureAwait(false);
        var secure = await PublishAsync(http, "Secure development policy", [LocalHostDefaults.EngineeringGroup], ["A.8.25"], cancellationToken).ConfigureAwait(false);

        foreach (var person in new[] { "dana.owner@contoso.example", "sam.it@contoso.example", "lee.hr@contoso.example", "pat.dev@contoso.example", DemoOrganisation.IsmsManager })
        {
            await Acknowledge(http, security, "1.0", person, cancellationToken).ConfigureAwait(false);
            await Acknowledge(http, acceptable, "1.0", person, cancellationToken).ConfigureAwait(false);
        }

        await Acknowledge(http, secure, "1.0", "sam.it@contoso.example", cancellationToken).ConfigureAwait(false);

        // The acceptable use policy's 2.0 covers personal devices: everyone is asked again, and Lee has done so already.
        await VersionAsync(http, acceptable, "Personal devices and home working are now covered.", major: true, cancellationToken).ConfigureAwait(false);
        await Send(http, HttpMethod.Post, $"api/documents/{acceptable}/versions/2.0/approval", DemoOrganisation.IsmsManager, Roles.Admin, new { }, cancellationToken).ConfigureAwait(false);
        await Acknowledge(http, acceptable, "2.0", "lee.hr@contoso.example", cancellationToken).ConfigureAwait(false);

        // Pat joined engineering a month ago and has not acknowledged the secure development policy: overdue.
        var records = host.Services.GetRequiredService<PeopleRecords>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        if (await records.GetAsync(RequirementKind.Acknowledgement, secure, "pat.dev@contoso.example", cancellationToken).ConfigureAwait(false) is { } pat)
        {
            await records.SaveAsync(pat.Value with { RequiredSince = today.AddDays(-30), DueDate = today.AddDays(-16) }, pat.ETag, cancellationToken).ConfigureAwait(false);
        }

        var course = (string)(await Send(http, HttpMethod.Post, "api/courses", DemoOrganisation.IsmsManager, Roles.Admin,
            new { title = "Security awareness 2026", kind = "Awareness", frequencyMonths = 12, dueWithinDays = 30, audienceGroupIds = new[] { staff } }, cancellationToken).ConfigureAwait(false))["id"]!;
        await Send(http, HttpMethod.Post, $"api/courses/{course}/completions", "dana.owner@contoso.example", null, new { completedOn = today.AddDays(-40).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken).ConfigureAwait(false);
        var csv = new StringBuilder("Learner,Email,Completion date\n")
            .Append("Sam IT,sam.it@contoso.example,").Append(today.AddDays(-20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append('\n')
            .Append("\"Facilities, Kim\",kim.facilities@contoso.example,").Append(today.AddDays(-5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append('\n')
            .ToString();
        using (var import = new HttpRequestMessage(HttpMethod.Post, $"api/courses/{course}/completions/import?upnColumn=Email&dateColumn=Completion%20date") { Content = new StringContent(csv, Encoding.UTF8, "text/csv") })
        {
            import.Headers.Add(CallerReader.HeaderName, CallerReader.Encode(DemoOrganisation.IsmsManager, Roles.Admin));
            using var response = await http.SendAsync(import, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
        }

        return 4;
    }

    private static async Task<string> PublishAsync(HttpClient http, string title, string[] groups, string[] controls, CancellationToken cancellationToken)
    {
        var id = (string)(await Send(http, HttpMethod.Post, "api/documents", DemoOrganisation.IsmsManager, Roles.Admin,
            new { title, kind = "Policy", ownerUpn = DemoOrganisation.IsmsManager, reviewFrequency = "Annual", audienceGroupIds = groups, requiresAcknowledgement = true, controlIds = controls }, cancellationToken).ConfigureAwait(false))["id"]!;
        await VersionAsync(http, id, "First issue, approved by the board.", major: false, cancellationToken).ConfigureAwait(false);
        await Send(http, HttpMethod.Post, $"api/documents/{id}/versions/1.0/approval", DemoOrganisation.IsmsManager, Roles.Admin, new { }, cancellationToken).ConfigureAwait(false);
        return id;
    }

    private static async Task VersionAsync(HttpClient http, string id, string summary, bool major, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(summary), "changeSummary");
        form.Add(new StringContent(major ? "true" : "false"), "major");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"%PDF-1.7\n% {id}: {summary}\n"));
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("application/pdf");
        form.Add(file, "file", "policy.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/documents/{id}/versions") { Content = form };
        request.Headers.Add(CallerReader.HeaderName, CallerReader.Encode("dana.owner@contoso.example", Roles.Contributor));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static Task<JsonNode> Acknowledge(HttpClient http, string id, string version, string person, CancellationToken cancellationToken) =>
        Send(http, HttpMethod.Post, $"api/documents/{id}/versions/{version}/acknowledgements", person, null, new { }, cancellationToken);

    private static async Task<JsonNode> Send(HttpClient http, HttpMethod method, string path, string upn, string? role, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(CallerReader.HeaderName, role is null ? CallerReader.Encode(upn) : CallerReader.Encode(upn, role));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The demo's {method} {path} was refused ({(int)response.StatusCode}): {text}");
        }

        return JsonNode.Parse(text)!;
    }
}
