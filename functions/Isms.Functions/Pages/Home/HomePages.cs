namespace Isms.Functions.Pages.Home;

/// <summary>The home page (<c>/</c>): readiness for the next external audit and what stands in its way.</summary>
public sealed class HomePages(PageRenderer pages, HomeFigures figures)
{
    [Function("HomePage")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{ignored:maxlength(0)?}")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!pages.TrySignIn(request, out var page, out var refusal))
        {
            return refusal!;
        }

        // A person without an ISMS role has their own work, not the organisation's figures.
        if (!page.CanRead)
        {
            return PageRenderer.SeeOther("/" + PagePaths.MyWork);
        }

        var model = await figures.ReadAsync(cancellationToken).ConfigureAwait(false);
        return await PageRenderer.RenderAsync<HomePage>(request, page, new Dictionary<string, object?> { ["Model"] = model }).ConfigureAwait(false);
    }
}
