using Isms.Core.CorrectiveActions;
using Isms.Core.GapAnalysis;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Evidence;
using Isms.Functions.Platform;
using Isms.Functions.Registers;
using Isms.Functions.Storage;

namespace Isms.Functions.GapAnalysis;

/// <summary>
/// The gap analysis as people and the API handle it: read it whole (requirements, counts per clause, progress) or
/// one requirement with its history, assess a requirement (<see cref="GapAnalysisRules.Assess"/>) citing evidence
/// that exists, with the version the assessor read, and raise an action to close a gap, which is chased like a
/// corrective action. Which actions a requirement has is read from the actions' own index, never stored twice.
/// </summary>
public sealed class GapAnalysisService(GapRegister register, EvidenceRegister evidence, CorrectiveActionRegister actions, CorrectiveActionService actionService, OrganisationClock clock)
{
    private const string OriginPrefix = "gap-analysis/";

    /// <param name="withHistory">Each requirement with every assessment it had (the report), not only its latest.</param>
    public async Task<GapAnalysisResponse> ReadAsync(int? clause, CancellationToken cancellationToken, bool withHistory = false)
    {
        var all = await register.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var raised = await actions.ActionIdsByOriginAsync(OriginPrefix, cancellationToken).ConfigureAwait(false);
        var items = all.Select(s => s.Value).ToList();
        return new GapAnalysisResponse(
            [.. all.Where(s => clause is null || RequirementCatalogue.TryGet(s.Value.RequirementId, out var r) && r.MainClause == clause).Select(s => GapItemResponse.From(s, withHistory, raised))],
            GapAnalysisRules.Summarise(items),
            GapAnalysisRules.Progress(items, clock.DateOf));
    }

    public async Task<Outcome<GapItemResponse>> GetAsync(string requirementId, CancellationToken cancellationToken)
    {
        if (!RequirementCatalogue.TryGet(requirementId, out var requirement))
        {
            return Outcome.Refused<GapItemResponse>(Unknown(requirementId));
        }

        var item = await register.GetAsync(requirement.Id, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(GapItemResponse.From(item, withHistory: true, await RaisedAsync(requirement.Id, cancellationToken).ConfigureAwait(false)));
    }

    /// <summary>The actions raised on a requirement, each as the API shows it, oldest first.</summary>
    public async Task<IReadOnlyList<CorrectiveActionResponse>> ActionsAsync(string requirementId, CancellationToken cancellationToken) =>
        [.. (await actions.ForOriginAsync(GapItemResponse.Origin(requirementId), cancellationToken).ConfigureAwait(false)).Select(a => CorrectiveActionResponse.From(a, clock.Today))];

    public async Task<Outcome<GapItemResponse>> AssessAsync(Caller caller, string requirementId, GapAssessmentInput input, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        if (!RequirementCatalogue.TryGet(requirementId, out var requirement))
        {
            return Outcome.Refused<GapItemResponse>(Unknown(requirementId));
        }

        var before = await register.GetAsync(requirement.Id, cancellationToken).ConfigureAwait(false);
        var assessed = GapAnalysisRules.Assess(before.Value, input.Assessed, input.Note, input.EvidenceIds, caller.Upn, caller.ObjectId, clock.Now);
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
            var saved = await register.SaveAsync(before, assessed.Value, caller, cancellationToken).ConfigureAwait(false);
            return Outcome.Success(GapItemResponse.From(saved, withHistory: true, await RaisedAsync(requirement.Id, cancellationToken).ConfigureAwait(false)));
        }
        catch (Exception ex) when (ex is StaleRecordException or DuplicateRecordException)
        {
            return Outcome.Refused<GapItemResponse>(ETags.Stale($"The assessment of {requirement.Id}"));
        }
    }

    /// <summary>Raises an action to close the gap of a requirement assessed Not met or Partly met.</summary>
    public async Task<Outcome<CorrectiveActionResponse>> RaiseActionAsync(Caller caller, string requirementId, GapActionCreate input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!RequirementCatalogue.TryGet(requirementId, out var requirement))
        {
            return Outcome.Refused<CorrectiveActionResponse>(Unknown(requirementId));
        }

        var item = await register.GetAsync(requirement.Id, cancellationToken).ConfigureAwait(false);
        if (!GapAnalysisRules.HasGap(item.Value))
        {
            return Outcome.Refused<CorrectiveActionResponse>(RefusalCode.GateNotMet, "status",
                $"{requirement.Id} is {(item.Value.Status is { } s ? s.ToString() : "not assessed")}: an action closes a gap, so assess the requirement Not met or Partly met first.");
        }

        return await actionService.OpenForAsync(caller, ActionKind.GapClosure, GapItemResponse.Origin(requirement.Id), new OriginActionCreate(input.OwnerUpn, input.Description, input.DueDate), cancellationToken).ConfigureAwait(false);
    }

    private async Task<ILookup<string, string>> RaisedAsync(string requirementId, CancellationToken cancellationToken) =>
        await actions.ActionIdsByOriginAsync(GapItemResponse.Origin(requirementId), cancellationToken).ConfigureAwait(false);

    internal static Refusal Unknown(string requirementId) =>
        Refusal.For(RefusalCode.NotFound, "requirementId", $"There is no requirement '{requirementId}' in clauses 4 to 10. GET /api/gap-analysis lists them (ids such as 6.1.2-3).");
}
