using System.Globalization;
using System.Net;
using System.Text;
using Isms.Core.Controls;
using Isms.Core.Documents;
using Isms.Functions.Pages;
using Isms.Functions.Platform;

namespace Isms.Functions.Registers;

/// <summary>The control catalogue with its SoA fields, and the Statement of Applicability as JSON, CSV and HTML.</summary>
public sealed class ControlsFunctions(CallerReader callers, ControlService controls)
{
    [Function("ListControls")]
    [OpenApiOperation("Clauses 4-10 and the 93 Annex A controls with their SoA fields", "Controls")]
    [OpenApiQuery("theme", "Clause, Organizational, People, Physical or Technological")]
    [OpenApiQuery("applicable", "true or false")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<ControlResponse>))]
    [OpenApiQuery("pageSize", "items per page, 1 to 1000 (100 when absent); the next page is in the Link header")]
    [OpenApiQuery("page", "the page, from 1")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/controls")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        var theme = query.Enum<ControlTheme>("theme");
        var applicable = query.Bool("applicable");
        var page = query.Page();
        return query.Errors ?? page.Answer(await controls.ListAsync(theme, applicable, cancellationToken).ConfigureAwait(false), request);
    }

    [Function("GetControl")]
    [OpenApiOperation("One control with its SoA fields", "Controls")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(ControlResponse))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/controls/{controlId}")] HttpRequest request,
        string controlId,
        CancellationToken cancellationToken) =>
        callers.TryAuthorize(request, Access.Read, out _, out var refusal)
            ? ApiResults.Ok(await controls.GetAsync(controlId, cancellationToken).ConfigureAwait(false), request)
            : refusal!;

    [Function("UpdateControl")]
    [OpenApiOperation("Set a control's SoA fields (ISMS admin)", "Controls", Description = "Replaces the SoA fields; a justification is required when the control is not applicable.")]
    [OpenApiRequest(typeof(ControlUpdate))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(ControlResponse))]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/controls/{controlId}")] HttpRequest request,
        string controlId,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Admin, out var caller, out var refusal))
        {
            return refusal!;
        }

        if (!ControlCatalogue.Contains(controlId))
        {
            return ApiResults.Refused(ControlService.Unknown(controlId));
        }

        var body = await JsonBody.ReadAsync<ControlUpdate>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Ok(await controls.UpdateAsync(caller, controlId, body.Value!, IfMatch.From(request), cancellationToken).ConfigureAwait(false), request)
            : body.Problem!;
    }

    [Function("StatementOfApplicability")]
    [OpenApiOperation("The Statement of Applicability of the 93 Annex A controls", "Controls", Description = "?format=json (default) or csv; html answers 301 to the /controls page.")]
    [OpenApiQuery("format", "json, csv, or html (301 to /controls)")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<ControlResponse>))]
    public async Task<IActionResult> Soa(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/soa")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var query = Query.Of(request);
        var format = query.Format("json", "csv", "html");
        if (query.Errors is { } errors)
        {
            return errors;
        }

        if (format == "html")
        {
            // The SoA to read and edit is the /controls page now.
            return PageRenderer.MovedTo(PagePaths.Controls);
        }

        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var statement = await controls.StatementAsync(cancellationToken).ConfigureAwait(false);
        return format switch
        {
            "csv" => new FileContentResult(SoaDocuments.CsvFile(statement), "text/csv; charset=utf-8")
            {
                FileDownloadName = "statement-of-applicability.csv",
            },
            _ => new OkObjectResult(statement),
        };
    }
}

/// <summary>The SoA as a file for spreadsheets (the page to read and print is /controls).</summary>
public static class SoaDocuments
{
    private static readonly string[] Columns = ["Control", "Title", "Theme", "Applicable", "Justification", "Implementation status", "Owner", "Review frequency", "Risk rating"];

    /// <summary>The SoA as a CSV file: UTF-8 with a byte-order mark, so spreadsheets read accents and dashes right.</summary>
    public static byte[] CsvFile(IEnumerable<ControlResponse> controls)
    {
        ArgumentNullException.ThrowIfNull(controls);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        csv.WriteRow(Columns);
        foreach (var c in controls)
        {
            csv.WriteRow(
                c.Id, c.Title, c.Theme.ToString(), c.Applicable ? "Yes" : "No", c.Justification,
                c.ImplementationStatus.ToString(), c.OwnerUpn, c.ReviewFrequency.ToString(), c.RiskRating.ToString());
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

}
