using Isms.Core.Programme;
using Isms.Functions.Platform;

namespace Isms.Functions.Programme;

/// <summary>The coverage matrix of the internal audit programme, and what stands in its way.</summary>
public sealed record AuditProgrammeResponse(
    DateOnly Today,
    string? CycleKey,
    int Controls,
    int OnTrack,
    IReadOnlyList<CoverageRow> Coverage,
    IReadOnlyList<PlannedAudit> Planned,
    IReadOnlyList<IndependenceConflict> Conflicts,
    IReadOnlyList<string> Warnings);

public sealed class AuditProgrammeFunction(CallerReader callers, ProgrammeScheduler programme)
{
    [Function("AuditProgramme")]
    [OpenApiOperation("The audit programme's coverage matrix", "Audits", Description = "Per clause and applicable control: last audited, next planned, and whether the cycle is on track; with independence conflicts and planning warnings.")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(AuditProgrammeResponse))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audit-programme")] HttpRequest request,
        CancellationToken cancellationToken) =>
        callers.TryAuthorize(request, Access.Read, out _, out var refusal)
            ? new OkObjectResult(await programme.CoverageAsync(cancellationToken).ConfigureAwait(false))
            : refusal!;
}
