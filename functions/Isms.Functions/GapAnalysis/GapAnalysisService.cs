using Isms.Core.GapAnalysis;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Evidence;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.GapAnalysis;

/// <summary>
/// The gap analysis as people and the API handle it: read it whole (requirements, counts per clause, progress) or
/// one requirement with its history, and assess a requirement (<see cref="GapAnalysisRules.Assess"/>) citing evidence
/// that exists, with the version the assessor read.
/// </summary>
public sealed class GapAnalysisService(GapRegister register, EvidenceRegister evidence, OrganisationClock clock)
{
    public async Task<GapAnalysisResponse> ReadAsync(int? clause, CancellationToken cancellationToken)
    {
        var all = await register.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var items = all.Select(s => s.Value).ToList();
        return new GapAnalysisResponse(
            [.. all.Where(s => clause is null || RequirementCatalogue.TryGet(s.Value.RequirementId, out var r) && r.MainClause == clause).Select(s => GapItemResponse.From(s, withHistory: false))],
            GapAnalysisRules.Summarise(items),
            GapAnalysisRules.Progress(items, clock.DateOf));
    }

    public async Task<Outcome<GapItemResponse>> GetAsync(string requirementId, CancellationToken cancellationToken) =>
        RequirementCatalogue.TryGet(requirementId, out var requirement)
            ? Outcome.Success(GapItemResponse.From(await register.GetAsync(requirement.Id, cancellationToken).ConfigureAwait(false), withHistory: true))
            : Outcome.Refused<GapItemResponse>(Unknown(requirementId));

    public async Task<Outcome<GapItemResponse>> AssessAsync(Caller caller, string requirementId, GapAssessmentInput input, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        if (!RequirementCatalogue.TryGet(requirementId, out var requirement))
        {
            return Outcome.Refused<GapItemResponse>(Unknown(requirementId));
        }

        var before = await register.GetAsync(requirement.Id, cancellationToken).ConfigureAwait(false);
        var assessed = GapAnalysisRules.Assess(before.Value, input.Status, input.Note, input.EvidenceIds, caller.Upn, caller.ObjectId, clock.Now);
        if (!assessed.IsSuccess)
        {
            return Outcome.Refused<GapItemResponse>(assessed.Refusal);
        }

        var missing = new List<string>();
        foreach (var id in assessed.Value.EvidenceIds)
        {
            if (await evidence.GetAsync(id, cancellationToken).ConfigureAwait(false) is null)
            {
                missing.Add(id);
            }
        }

        if (missing.Count > 0)
        {
            return Outcome.Refused<GapItemResponse>(RefusalCode.Invalid, "evidenceIds", $"There is no evidence {string.Join(", ", missing)}: cite evidence filed in the app (GET /api/evidence lists it).");
        }

        if (!ifMatch.Matches(before.ETag))
        {
            return Outcome.Refused<GapItemResponse>(ETags.Stale($"The assessment of {requirement.Id}"));
        }

        try
        {
            return Outcome.Success(GapItemResponse.From(await register.SaveAsync(before, assessed.Value, caller, cancellationToken).ConfigureAwait(false), withHistory: true));
        }
        catch (Exception ex) when (ex is StaleRecordException or DuplicateRecordException)
        {
            return Outcome.Refused<GapItemResponse>(ETags.Stale($"The assessment of {requirement.Id}"));
        }
    }

    internal static Refusal Unknown(string requirementId) =>
        Refusal.For(RefusalCode.NotFound, "requirementId", $"There is no requirement '{requirementId}' in clauses 4 to 10. GET /api/gap-analysis lists them (ids such as 6.1.2-3).");
}
