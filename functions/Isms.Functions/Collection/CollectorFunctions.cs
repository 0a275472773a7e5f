using Isms.Core.Validation;
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

        var list = new List<CollectorResponse>();
        foreach (var collector in runner.All)
        {
            var state = (await store.StateAsync(collector.Name, cancellationToken).ConfigureAwait(false))?.Value;
            var last = state?.LastRunId is { } runId ? (await store.RunAsync(collector.Name, runId, cancellationToken).ConfigureAwait(false))?.Value : null;
            list.Add(new CollectorResponse(
                collector.Name,
                collector.Title,
                runner.IsEnabled(collector),
                collector.Permissions,
                collector.ControlIds,
                collector.Reads,
                collector.Rule(runner.Options),
                last,
                last?.Outcome,
                state?.LastFigures ?? [],
                state?.Streak.ConsecutiveFailures ?? 0,
                state?.Streak.OpenFindingId));
        }

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

        if (runner.Find(name) is not { } collector)
        {
            return Unknown(name);
        }

        if (!runner.IsEnabled(collector))
        {
            return ApiResults.Refused(Refusal.For(RefusalCode.InvalidTransition, "name", $"Collector {collector.Name} is turned off (Collectors:Enabled or its own Enabled setting); turn it on to run it."));
        }

        if (await runner.RunAsync(collector, caller.Upn, cancellationToken).ConfigureAwait(false) is not { } run)
        {
            return ApiResults.Refused(Refusal.For(RefusalCode.InvalidTransition, "name", $"Collector {collector.Name} is running already; its run will be in GET /api/collectors/{collector.Name}/runs when it ends."));
        }

        return new CreatedResult($"/api/collectors/{collector.Name}/runs/{run.Id}", run);
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

    private ObjectResult Unknown(string name) =>
        ApiResults.Refused(Refusal.For(RefusalCode.NotFound, "name", $"There is no collector '{name}'; the collectors are {string.Join(", ", runner.All.Select(c => c.Name))}."));
}
