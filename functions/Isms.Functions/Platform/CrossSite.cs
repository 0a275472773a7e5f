namespace Isms.Functions.Platform;

/// <summary>
/// Whether a state-changing request came from another site. App Service Authentication signs people in with a
/// cookie, which a browser sends with a form or fetch posted from any site; the browser also says where the request
/// came from (<c>Sec-Fetch-Site</c>, <c>Origin</c>), and that is what is checked here. Requests without those
/// headers (curl, scripts, the Functions host's own calls) are not cross-site.
/// </summary>
public static class CrossSite
{
    public static bool ChangesState(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
    }

    /// <summary>True when the browser says the request was made by a page of another site.</summary>
    public static bool IsCrossSite(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (string.Equals(fetchSite, "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }

        // "null" is what a sandboxed frame or a redirect across sites sends: not this site.
        return !Uri.TryCreate(origin, UriKind.Absolute, out var from)
            || !string.Equals(from.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The refusal of a state-changing request from another site, or null when it may go on.</summary>
    public static IActionResult? Refusal(HttpRequest request) =>
        ChangesState(request) && IsCrossSite(request)
            ? Problem.Forbidden("This request came from another site (Sec-Fetch-Site or Origin), and a change is only accepted from this app's own pages or from a client that is not a browser.")
            : null;
}
