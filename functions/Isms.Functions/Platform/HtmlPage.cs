using System.Globalization;
using System.Text;

namespace Isms.Functions.Platform;

/// <summary>
/// The plain, printable pages the app serves to people (the SoA, corrective actions, audits): one style, every value
/// HTML-encoded, links relative to the page (so a path in front of the app is kept), and headers that allow no
/// script, no framing and no caching.
/// </summary>
public static class HtmlPage
{
    private const string Style =
        "body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#1b1b1b}table{border-collapse:collapse;width:100%}"
        + "th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f1f3f5}"
        + "h2{margin-top:2rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{font-weight:600}dd{margin:0;white-space:pre-wrap}"
        + "td.nowrap{white-space:nowrap}tr.late td{background:#fdecea}p.late{color:#a4262c;font-weight:600}"
        + "@media print{body{margin:0}tr{break-inside:avoid}}";

    /// <summary>Starts a page: the document head with <paramref name="title"/> (encoded) and the shared style, then the heading.</summary>
    public static StringBuilder Start(string title, string extraStyle = "")
    {
        var encoded = Encode(title);
        return new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<title>").Append(encoded).Append("</title><style>").Append(Style).Append(extraStyle).Append("</style></head><body>")
            .Append("<h1>").Append(encoded).Append("</h1>");
    }

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Opens a table with these column headings; the rows follow, then <c>&lt;/tbody&gt;&lt;/table&gt;</c>.</summary>
    public static StringBuilder Table(StringBuilder page, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(columns);
        page.Append("<table><thead><tr>");
        foreach (var column in columns)
        {
            page.Append("<th scope=\"col\">").Append(Encode(column)).Append("</th>");
        }

        return page.Append("</tr></thead><tbody>");
    }

    /// <summary>One term and its (encoded) value in a <c>&lt;dl&gt;</c>.</summary>
    public static void Field(StringBuilder page, string term, string value)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.Append("<dt>").Append(Encode(term)).Append("</dt><dd>").Append(Encode(value)).Append("</dd>");
    }

    public static IActionResult Result(StringBuilder page, HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private, no-store";
        return new ContentResult { Content = page.Append("</body></html>").ToString(), ContentType = "text/html; charset=utf-8", StatusCode = StatusCodes.Status200OK };
    }
}
