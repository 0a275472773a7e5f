using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Platform;
using Microsoft.AspNetCore.Components;

namespace Isms.Functions.Pages;

/// <summary>A form posted to a page: who posted it and what it holds, once its token and origin have been checked.</summary>
public sealed record PagePost(PageContext Page, IFormCollection Form)
{
    public string? Text(string name)
    {
        var value = Form[name].ToString();
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>The named fields as sent (trimmed; empty ones null), to pass on and to show again.</summary>
    public Dictionary<string, string?> Values(IEnumerable<string> names) => names.ToDictionary(n => n, Text, StringComparer.Ordinal);

    /// <summary>A yes/no choice sent as "true" or "false"; null when neither was chosen.</summary>
    public bool? Choice(string name) => Text(name) switch { "true" => true, "false" => false, _ => null };

    /// <summary>The record's version the form was opened on, for <see cref="IfMatch"/>.</summary>
    public IfMatch IfMatch => new(Form["etag"].ToString());
}

/// <summary>
/// The pages' one way in and out: who is signed in, whether a posted form may change anything, and how a component
/// becomes the HTML answer (rendered by <see cref="ComponentHtml"/>, so every value is encoded), with the headers
/// every page carries: a strict Content-Security-Policy (scripts and styles only from this app, forms only to it),
/// no framing, no caching.
/// </summary>
public sealed class PageRenderer(CallerReader callers, FormTokens tokens, OrganisationClock clock, IOptions<IsmsOptions> isms)
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The pages' policy, with <paramref name="connectTo"/>'s origin added to what script may send to.</summary>
    public static string ContentSecurityPolicyFor(Uri? connectTo) =>
        connectTo is null
            ? ContentSecurityPolicy
            : ContentSecurityPolicy.Replace("connect-src 'self'", $"connect-src 'self' {connectTo.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal);

    /// <summary>The signed-in person for a page read; otherwise the page to answer (401).</summary>
    public bool TrySignIn(HttpRequest request, out PageContext page, out IActionResult? refusal)
    {
        ArgumentNullException.ThrowIfNull(request);
        page = null!;
        if (callers.Read(request) is not { } caller)
        {
            refusal = SignedOut(request);
            return false;
        }

        page = new PageContext(caller, tokens.Issue(caller), clock.Today, Notices.Text(request.Query["done"].ToString()), Root(isms.Value));
        refusal = null;
        return true;
    }

    /// <summary>
    /// A post whose body the caller reads itself (a file streamed to storage): the person is signed in and it did not
    /// come from another site; its antiforgery token is checked from the fields before the file.
    /// </summary>
    public async Task<(PageContext? Page, IActionResult? Refusal)> CheckPostWithoutFormAsync(HttpRequest request)
    {
        if (!TrySignIn(request, out var page, out var refusal))
        {
            return (null, refusal);
        }

        return CrossSite.IsCrossSite(request)
            ? (null, await MessageAsync(request, page, StatusCodes.Status403Forbidden, "Refused: sent from another site",
                "This form was sent from a page of another site, so nothing was changed. Open the page in this app and send it from there.").ConfigureAwait(false))
            : (page, null);
    }

    /// <summary>
    /// A posted form, once the person is signed in, the request came from this app's own pages (not another site) and
    /// it carries their antiforgery token; otherwise the page to answer (401 or 403), and nothing is changed.
    /// </summary>
    public async Task<(PagePost? Post, IActionResult? Refusal)> ReadPostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TrySignIn(request, out var page, out var refusal))
        {
            return (null, refusal);
        }

        if (CrossSite.IsCrossSite(request))
        {
            return (null, await MessageAsync(request, page, StatusCodes.Status403Forbidden, "Refused: sent from another site",
                "This form was sent from a page of another site, so nothing was changed. Open the page in this app and send it from there.").ConfigureAwait(false));
        }

        if (!request.HasFormContentType)
        {
            return (null, await MessageAsync(request, page, StatusCodes.Status415UnsupportedMediaType, "Refused: not a form",
                "This address takes a form sent from its page; nothing was changed.").ConfigureAwait(false));
        }

        var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        if (!tokens.IsValid(form[FormTokens.FieldName].ToString(), page.Caller))
        {
            return (null, await MessageAsync(request, page, StatusCodes.Status403Forbidden, "Refused: the form has expired",
                "The form did not carry this app's token for you (it was opened too long ago, by someone else, or sent from elsewhere), so nothing was changed. Reload the page and send it again.").ConfigureAwait(false));
        }

        return (new PagePost(page, form), null);
    }

    /// <summary>A page any signed-in person may open: the record it shows decides what they see (its service refuses the rest).</summary>
    public async Task<IActionResult> ShowAsync(HttpRequest request, Func<PageContext, Task<IActionResult>> render)
    {
        ArgumentNullException.ThrowIfNull(render);
        return TrySignIn(request, out var page, out var refusal) ? await render(page).ConfigureAwait(false) : refusal!;
    }

    /// <summary>
    /// A page read by the people <paramref name="allowed"/> admits: rendered by <paramref name="render"/>; anyone else
    /// signed in gets a page saying who reads it (403).
    /// </summary>
    /// <param name="whoReads">Who reads the page, as a sentence start ("Management reviews are read by people with an ISMS role").</param>
    public async Task<IActionResult> ShowAsync(HttpRequest request, Func<PageContext, bool> allowed, string whoReads, Func<PageContext, Task<IActionResult>> render)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(render);
        if (!TrySignIn(request, out var page, out var refusal))
        {
            return refusal!;
        }

        return allowed(page)
            ? await render(page).ConfigureAwait(false)
            : await MessageAsync(request, page, StatusCodes.Status403Forbidden, "Not for your role", $"{whoReads}; {page.Caller.Upn} is not one of them.").ConfigureAwait(false);
    }

    /// <summary>
    /// A posted form (<see cref="ReadPostAsync"/>) from someone <paramref name="allowed"/> admits; anyone else gets a page
    /// saying who may send it (403), and nothing is changed.
    /// </summary>
    /// <param name="whoChanges">Who sends the form, as a sentence start ("Management reviews are recorded by an ISMS admin").</param>
    public async Task<(PagePost? Post, IActionResult? Refusal)> ReadPostForAsync(HttpRequest request, Func<PageContext, bool> allowed, string whoChanges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var (post, refusal) = await ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return (null, refusal);
        }

        return allowed(post.Page)
            ? (post, null)
            : (null, await MessageAsync(request, post.Page, StatusCodes.Status403Forbidden, "Not yours to change",
                $"{whoChanges}; {post.Page.Caller.Upn} is not one of them. Nothing was changed.").ConfigureAwait(false));
    }

    /// <summary>Renders <typeparamref name="TPage"/> with these parameters (and <c>Page</c>) as the answer.</summary>
    /// <param name="connectTo">A further origin the page's script may send to (the blob endpoint large uploads go to).</param>
    public static async Task<IActionResult> RenderAsync<TPage>(HttpRequest request, PageContext page, IReadOnlyDictionary<string, object?> parameters, int statusCode = StatusCodes.Status200OK, Uri? connectTo = null)
        where TPage : IComponent
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parameters);
        var all = new Dictionary<string, object?>(parameters, StringComparer.Ordinal) { ["Page"] = page };
        var html = await ComponentHtml.RenderAsync<TPage>(all).ConfigureAwait(false);
        return Html(request.HttpContext.Response, html, statusCode, connectTo);
    }

    /// <summary>A page that says what happened and what to do (a refusal, a record that is not there).</summary>
    public static Task<IActionResult> MessageAsync(HttpRequest request, PageContext? page, int statusCode, string title, string detail) =>
        page is null
            ? Task.FromResult<IActionResult>(SignedOut(request))
            : RenderAsync<MessagePage>(request, page, new Dictionary<string, object?> { ["Title"] = title, ["Detail"] = detail }, statusCode);

    /// <summary>The page for a refusal from an application service, with the status the API would answer.</summary>
    public static Task<IActionResult> RefusedAsync(HttpRequest request, PageContext page, Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var (status, title) = refusal.Code switch
        {
            RefusalCode.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            RefusalCode.Forbidden => (StatusCodes.Status403Forbidden, "Not yours to change"),
            _ => (StatusCodes.Status409Conflict, "Not done"),
        };
        return MessageAsync(request, page, status, title, refusal.Message);
    }

    /// <summary>
    /// How a page answers a service's refusal of one of its forms, the same on every page: the record gone or not the
    /// person's is a page that says so; a stale version is the page again with the current values (409); anything else
    /// is the page again with the errors beside their fields (400 for invalid input, 409 for a rule of the record).
    /// </summary>
    /// <param name="render">Renders the form's page with the echo and the status.</param>
    public static Task<IActionResult> AnswerRefusalAsync(
        HttpRequest request,
        PageContext page,
        Refusal refusal,
        string form,
        IReadOnlyDictionary<string, string?> values,
        IReadOnlyCollection<string> shown,
        Func<FormEcho, int, Task<IActionResult>> render)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(render);
        return refusal.Code switch
        {
            RefusalCode.NotFound or RefusalCode.Forbidden => RefusedAsync(request, page, refusal),
            RefusalCode.Stale => render(FormEcho.Stale(form, values), StatusCodes.Status409Conflict),
            RefusalCode.Invalid => render(FormEcho.Refused(form, values, refusal, shown), StatusCodes.Status400BadRequest),
            RefusalCode.TooLarge => render(FormEcho.Refused(form, values, refusal, shown), StatusCodes.Status413PayloadTooLarge),
            RefusalCode.UnsupportedContent => render(FormEcho.Refused(form, values, refusal, shown), StatusCodes.Status415UnsupportedMediaType),
            RefusalCode.Harmful => render(FormEcho.Refused(form, values, refusal, shown), StatusCodes.Status422UnprocessableEntity),
            _ => render(FormEcho.Refused(form, values, refusal, shown), StatusCodes.Status409Conflict),
        };
    }

    /// <summary>POST, then 303 to the page (so a refresh does not send the form again), saying what was done.</summary>
    public static IActionResult SeeOther(string path, string notice)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Notices.IsKnown(notice))
        {
            throw new ArgumentException($"'{notice}' is not one of the notices pages show.", nameof(notice));
        }

        return new AppRedirect(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "done=" + notice, StatusCodes.Status303SeeOther);
    }

    /// <summary>303 to another page, with nothing to say (a person sent where their work is).</summary>
    public static IActionResult SeeOther(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new AppRedirect(path, StatusCodes.Status303SeeOther);
    }

    /// <summary>301 to a page (relative to the app's root, see <see cref="PagePaths"/>): where an old page's address now leads.</summary>
    public static IActionResult MovedTo(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return new AppRedirect("/" + relativePath, StatusCodes.Status301MovedPermanently);
    }

    public static IActionResult Html(HttpResponse response, string html, int statusCode = StatusCodes.Status200OK, Uri? connectTo = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicyFor(connectTo);
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "same-origin";
        response.Headers.CacheControl = "private, no-store";
        return new ContentResult { Content = "<!DOCTYPE html>" + html, ContentType = "text/html; charset=utf-8", StatusCode = statusCode };
    }

    private static ContentResult SignedOut(HttpRequest request)
    {
        // In Azure the platform signs people in before a page is reached; this is a request nobody signed in to.
        var response = request.HttpContext.Response;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.CacheControl = "no-store";
        return new ContentResult
        {
            Content = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in</title></head><body><main><h1>Sign in</h1><p>Sign in with your work account to see this page.</p></main></body></html>",
            ContentType = "text/html; charset=utf-8",
            StatusCode = StatusCodes.Status401Unauthorized,
        };
    }

    /// <summary>The path in front of the app's routes: the path of its public root, without the trailing slash.</summary>
    public static string Root(IsmsOptions isms)
    {
        ArgumentNullException.ThrowIfNull(isms);
        return Uri.TryCreate(isms.PublicBaseUrl, UriKind.Absolute, out var root) ? root.AbsolutePath.TrimEnd('/') : string.Empty;
    }

    /// <summary>
    /// A redirect to one of the app's own routes (behind the path in front of the app, if any): 303 after a form, so
    /// the browser GETs the page; 301 from an old address.
    /// </summary>
    private sealed class AppRedirect(string location, int statusCode) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var root = context.HttpContext.RequestServices.GetService(typeof(IOptions<IsmsOptions>)) is IOptions<IsmsOptions> isms ? Root(isms.Value) : string.Empty;
            context.HttpContext.Response.StatusCode = statusCode;
            context.HttpContext.Response.Headers.Location = root + location;
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}
