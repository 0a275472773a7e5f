using Isms.Core.Evidence;
using Isms.Functions.Platform;

namespace Isms.Functions.Evidence;

/// <summary>Evidence freshness: the per-control report, and the weekly run (<see cref="EvidenceFreshnessNotices"/>) that tells each control owner what needs fresh evidence.</summary>
public sealed class EvidenceFreshnessFunctions(CallerReader callers, EvidenceFreshnessReport report, EvidenceFreshnessNotices notices)
{
    [Function("EvidenceFreshness")]
    [OpenApiOperation("Evidence freshness per applicable control: Fresh, DueSoon, Stale or Missing", "Evidence", Description = "Judged by the latest effective date of the control's evidence against its review frequency; DueSoon within Evidence:DueSoonDays (14) of going stale.")]
    [OpenApiQuery("state", "Fresh, DueSoon, Stale or Missing")]
    [OpenApiQuery("ownerUpn", "the control owner")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<EvidenceFreshnessResponse>))]
    [OpenApiQuery("pageSize", "items per page, 1 to 1000 (100 when absent); the next page is in the Link header")]
    [OpenApiQuery("page", "the page, from 1")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/evidence-freshness")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        var state = query.Enum<EvidenceFreshnessState>("state");
        var owner = query.Text("ownerUpn");
        var page = query.Page();
        if (query.Errors is { } errors)
        {
            return errors;
        }

        var controls = await report.AssessAsync(cancellationToken).ConfigureAwait(false);
        return page.Answer(
            controls
                .Where(c => state is null || c.State == state)
                .Where(c => owner is null || string.Equals(c.OwnerUpn, owner, StringComparison.OrdinalIgnoreCase))
                .ToList(),
            request);
    }

    [Function("CheckEvidenceFreshness")]
    public Task Check([TimerTrigger("%EvidenceFreshnessSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        notices.RunAsync(cancellationToken);
}
