using Isms.Functions.Collection;

namespace Isms.Functions.Pages.Collectors;

/// <summary>
/// <c>/collectors</c>: the evidence collectors for people with an ISMS role, and for ISMS admins a form per collector
/// that runs it now (the same <see cref="CollectorRunner.RunNowAsync"/> the API calls), then 303 back to it.
/// </summary>
public sealed class CollectorPages(PageRenderer pages, CollectorRunner runner)
{
    [Function("CollectorsPage")]
    public Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "collectors")] HttpRequest request,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, p => p.CanRead, "The evidence collectors are shown to people with an ISMS role",
            page => RenderAsync(request, page, null, StatusCodes.Status200OK, cancellationToken));

    [Function("CollectorsPageRun")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "collectors/{name}/runs")] HttpRequest request,
        string name,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostForAsync(request, p => p.IsAdmin, "Collectors are run by ISMS admins", cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var run = await runner.RunNowAsync(name, post.Page.Caller, cancellationToken).ConfigureAwait(false);
        return run.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.Collectors, "collector-ran")
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, run.Refusal, "run", new Dictionary<string, string?>(), [],
                (echo, status) => RenderAsync(request, post.Page, echo, status, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<IActionResult> RenderAsync(HttpRequest request, PageContext page, FormEcho? echo, int status, CancellationToken cancellationToken) =>
        await PageRenderer.RenderAsync<CollectorsPage>(request, page, new Dictionary<string, object?>
        {
            [nameof(CollectorsPage.Collectors)] = await runner.ListAsync(cancellationToken).ConfigureAwait(false),
            [nameof(CollectorsPage.Echo)] = echo,
        }, status).ConfigureAwait(false);
}
