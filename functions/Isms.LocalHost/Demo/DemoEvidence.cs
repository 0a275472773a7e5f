using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Isms.Core.Controls;

namespace Isms.LocalHost.Demo;

/// <summary>
/// Hands in Contoso's evidence the way staff do, through <c>POST /api/evidence</c>: most controls have some, a
/// few only old evidence (stale), a few none (missing), and the mandatory documents are partly there.
/// </summary>
public static class DemoEvidence
{
    private static readonly string[] MandatoryDocuments = ["4.3", "5.2", "6.1.2", "6.1.3", "9.2", "9.3", "10.2"];

    public static async Task<int> UploadAsync(Uri baseAddress, DateOnly today, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var uploaded = 0;
        var controls = DemoOrganisation.Soa().Where(e => e.Applicable).Select(e => e.ControlId).ToList();
        var plan = controls
            .Select((id, i) => (Id: id, Skip: i % 7 == 6, DaysOld: i % 5 == 4 ? 420 : 10 + (i % 20)))
            .Concat(MandatoryDocuments.Select((id, i) => (Id: id, Skip: i == MandatoryDocuments.Length - 1, DaysOld: 30)));
        foreach (var (id, skip, daysOld) in plan)
        {
            if (skip || await HasEvidenceAsync(http, id, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            ControlCatalogue.TryGet(id, out var control);
            var text = $"Contoso Ltd: evidence for {id} {control?.Title}\nReviewed by the control owner.\n";
            using var form = new MultipartFormDataContent
            {
                { new StringContent(id), "controlIds" },
                { new StringContent(today.AddDays(-daysOld).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "effectiveDate" },
                { new StringContent($"Record of {control?.Title ?? id}"), "description" },
            };
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(file, "file", $"{id}-record.txt");
            using var response = await http.PostAsync(new Uri("api/evidence", UriKind.Relative), form, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"The demo could not upload evidence for {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
            }

            uploaded++;
        }

        return uploaded;
    }

    private static async Task<bool> HasEvidenceAsync(HttpClient http, string controlId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri($"api/evidence?controlId={Uri.EscapeDataString(controlId)}", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        return body.RootElement.ValueKind == JsonValueKind.Array && body.RootElement.GetArrayLength() > 0;
    }
}
