using Isms.Functions.Platform;

namespace Isms.Functions.Collection;

/// <summary>Evidence collected from Microsoft 365: the collectors, a run now (ISMS admins), and each one's runs.</summary>
public sealed class CollectorFunctions(CallerReader callers, CollectorRunner runner, CollectorStore store)
{
    [Function("CollectEvidence")]
    public Task Collect([TimerTrigger("%CollectEvidenceSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAllAsync(cancellationToken);

    [Function("ListCollectors")]
    [OpenApiOperation("Each evidence collector: enabled, the Graph permissions it needs, its controls, its last run, outcome and figures", "Collected evidence")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<CollectorResponse>))]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/collectors")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var list = await runner.ListAsync(cancellationToken).ConfigureAwait(false);
        return new OkObjectResult(list);
    }

    [Function("RunCollector")]
    [OpenApiOperation("Run one collector now (ISMS admin)", "Collected evidence", Description = "No body. Collects, files the evidence and applies the rule before answering 201 with the run (its outcome Passed, Failed or Error). 404 for an unknown collector, 409 for one turned off in settings or running already.")]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(CollectorRun))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/collectors/{name}/runs")] HttpRequest request,
        string name,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Admin, out var caller, out var refusal))
        {
            return refusal!;
        }

        if (await JsonBody.RefuseAnyBodyAsync(request, cancellationToken).ConfigureAwait(false) is { } body)
        {
            return body;
        }

        var run = await runner.RunNowAsync(name, caller, cancellationToken).ConfigureAwait(false);
        return run.IsSuccess
            ? new CreatedResult($"/api/collectors/{run.Value.Collector}/runs/{run.Value.Id}", run.Value)
            : ApiResults.Refused(run.Refusal);
    }

    [Function("ListCollectorRuns")]
    [OpenApiOperation("A collector's runs, newest first", "Collected evidence")]
    [OpenApiQuery("pageSize", "items per page, 1 to 1000 (100 when absent); the next page is in the Link header")]
    [OpenApiQuery("page", "the page, from 1")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<CollectorRun>))]
    public async Task<IActionResult> Runs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/collectors/{name}/runs")] HttpRequest request,
        string name,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        if (runner.Find(name) is not { } collector)
        {
            return Unknown(name);
        }

        var query = Query.Of(request);
        var page = query.Page();
        return query.Errors ?? page.Answer(await store.RunsAsync(collector.Name, 10_000, cancellationToken).ConfigureAwait(false), request);
    }

    private ObjectResult Unknown(string name) => ApiResults.Refused(runner.Unknown(name));
}
