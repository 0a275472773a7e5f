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

public sealed class AuditProgrammeFunction(CallerReader callers, ProgrammeStateReader reader, IOptions<AuditProgrammeOptions> options, Isms.Core.Time.OrganisationClock clock)
{
    [Function("AuditProgramme")]
    [OpenApiOperation("The audit programme's coverage matrix", "Audits", Description = "Per clause and applicable control: last audited, next planned, and whether the cycle is on track; with independence conflicts and planning warnings.")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(AuditProgrammeResponse))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit-programme")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var (state, _) = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var plan = new AuditProgrammePlanner(clock, options.Value).Plan(state);
        var rows = plan.Coverage.Where(r => r.IsClause || r.Applicable).ToList();
        return new OkObjectResult(new AuditProgrammeResponse(
            plan.Today,
            plan.CycleKey,
            rows.Count,
            rows.Count(r => r.OnTrack),
            plan.Coverage,
            [.. plan.Audits.Where(a => a.Action != PlanAction.Locked)],
            plan.Conflicts,
            [.. plan.Warnings.Concat(plan.StaffingProblems.Select(p => $"{p.AuditKey}: {p.Reason}"))]));
    }
}
