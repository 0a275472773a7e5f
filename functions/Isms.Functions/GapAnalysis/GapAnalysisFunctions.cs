using System.Globalization;
using Isms.Core.GapAnalysis;
using Isms.Functions.Pages;
using Isms.Functions.Platform;

namespace Isms.Functions.GapAnalysis;

/// <summary>The gap analysis of clauses 4 to 10: read it, read one requirement's history, assess one.</summary>
public sealed class GapAnalysisFunctions(CallerReader callers, GapAnalysisService gaps)
{
    [Function("GapAnalysis")]
    [OpenApiOperation("The gap analysis: every requirement of clauses 4-10 with its current assessment, counts per clause and progress over time", "Gap analysis",
        Description = "?format=json (default); html answers 301 to the /gap-analysis page, which prints as the report.")]
    [OpenApiQuery("clause", "4 to 10: only that clause's requirements (the counts stay whole)")]
    [OpenApiQuery("format", "json, or html (301 to /gap-analysis)")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(GapAnalysisResponse))]
    public Task<IActionResult> Read(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/gap-analysis")] HttpRequest request,
        CancellationToken cancellationToken) =>
        AnswerAsync(request, withHistory: false, cancellationToken);

    [Function("GapAnalysisReport")]
    [OpenApiOperation("The gap analysis report: by clause, every requirement with every assessment it had, and the progress over time", "Gap analysis",
        Description = "?format=json (default); html answers 301 to the /gap-analysis page, which prints as the report (each requirement's page holds its history).")]
    [OpenApiQuery("clause", "4 to 10: only that clause's requirements (the counts stay whole)")]
    [OpenApiQuery("format", "json, or html (301 to /gap-analysis)")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(GapAnalysisResponse))]
    public Task<IActionResult> Report(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/gap-analysis/report")] HttpRequest request,
        CancellationToken cancellationToken) =>
        AnswerAsync(request, withHistory: true, cancellationToken);

    private async Task<IActionResult> AnswerAsync(HttpRequest request, bool withHistory, CancellationToken cancellationToken)
    {
        var query = Query.Of(request);
        var format = query.Format("json", "html");
        var clause = Clause(query);
        if (query.Errors is { } errors)
        {
            return errors;
        }

        if (format == "html")
        {
            return PageRenderer.MovedTo(PagePaths.GapAnalysis);
        }

        return callers.TryAuthorize(request, Access.Read, out _, out var refusal)
            ? new OkObjectResult(await gaps.ReadAsync(clause, cancellationToken, withHistory).ConfigureAwait(false))
            : refusal!;
    }

    [Function("GetGapRequirement")]
    [OpenApiOperation("One requirement with its current assessment and every earlier one", "Gap analysis")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(GapItemResponse))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/gap-analysis/{requirementId}")] HttpRequest request,
        string requirementId,
        CancellationToken cancellationToken) =>
        callers.TryAuthorize(request, Access.Read, out _, out var refusal)
            ? ApiResults.Ok(await gaps.GetAsync(requirementId, cancellationToken).ConfigureAwait(false), request)
            : refusal!;

    [Function("AssessGapRequirement")]
    [OpenApiOperation("Assess one requirement (ISMS admin or auditor)", "Gap analysis",
        Description = "Met, Partial or NotMet, with a note (required unless Met) and evidence ids; the earlier assessments are kept.")]
    [OpenApiRequest(typeof(GapAssessmentInput))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(GapItemResponse))]
    public async Task<IActionResult> Assess(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/gap-analysis/{requirementId}")] HttpRequest request,
        string requirementId,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Audit, out var caller, out var refusal))
        {
            return refusal!;
        }

        if (!RequirementCatalogue.TryGet(requirementId, out _))
        {
            return ApiResults.Refused(GapAnalysisService.Unknown(requirementId));
        }

        var body = await JsonBody.ReadAsync<GapAssessmentInput>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Ok(await gaps.AssessAsync(caller, requirementId, body.Value!, IfMatch.From(request), cancellationToken).ConfigureAwait(false), request)
            : body.Problem!;
    }

    [Function("RaiseGapAction")]
    [OpenApiOperation("Raise an action to close a requirement's gap (ISMS admin or auditor)", "Gap analysis",
        Description = "The requirement must be assessed NotMet or Partial. The action has kind GapClosure and is chased like a corrective action.")]
    [OpenApiRequest(typeof(GapActionCreate))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(Registers.CorrectiveActionResponse))]
    public async Task<IActionResult> RaiseAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/gap-analysis/{requirementId}/actions")] HttpRequest request,
        string requirementId,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Audit, out var caller, out var refusal))
        {
            return refusal!;
        }

        if (!RequirementCatalogue.TryGet(requirementId, out _))
        {
            return ApiResults.Refused(GapAnalysisService.Unknown(requirementId));
        }

        var body = await JsonBody.ReadAsync<GapActionCreate>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Created(await gaps.RaiseActionAsync(caller, requirementId, body.Value!, cancellationToken).ConfigureAwait(false), request, a => $"/api/corrective-actions/{a.Id}")
            : body.Problem!;
    }

    private static int? Clause(Query query)
    {
        if (query.Text("clause") is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var clause) && RequirementCatalogue.ClauseNames.ContainsKey(clause))
        {
            return clause;
        }

        query.Fail("clause", "clause must be one of 4 to 10.");
        return null;
    }
}
