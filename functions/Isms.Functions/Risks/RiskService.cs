using Isms.Core.CorrectiveActions;
using Isms.Core.Risks;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Platform;
using Isms.Functions.Registers;
using Isms.Functions.Storage;

namespace Isms.Functions.Risks;

/// <summary>
/// The risk register for the API and the pages: list and read risks, assess new ones, change them (an ISMS admin any
/// risk, an owner their own), record the owner's acceptance and the ISMS manager's approval, and raise treatment
/// actions, which are chased like corrective actions. The rules are <see cref="RiskRules"/>'s; who may touch which
/// risk is decided here, because it needs the record.
/// </summary>
public sealed class RiskService(
    RiskRegister register,
    RiskRules rules,
    CorrectiveActionRegister actions,
    CorrectiveActionService actionService,
    People.Assignees assignees,
    IOptions<IsmsOptions> isms,
    OrganisationClock clock)
{
    private const string OriginPrefix = "risks/";

    public static string Origin(string riskId) => OriginPrefix + riskId;

    public RiskMatrixResponse Matrix() => new(
        [.. rules.Matrix.Likelihoods.Select((name, i) => new RiskLevel(i + 1, name))],
        [.. rules.Matrix.Impacts.Select((name, i) => new RiskLevel(i + 1, name))],
        rules.Matrix.AcceptanceCriteria,
        rules.Matrix.MaxScore,
        isms.Value.IsmsManagerUpn);

    /// <summary>Risks by owner, status and whether above the criteria, the highest residual risk first.</summary>
    public async Task<IReadOnlyList<RiskResponse>> ListAsync(string? ownerUpn, RiskStatus? status, bool? aboveCriteria, CancellationToken cancellationToken)
    {
        var all = await register.ListAsync(cancellationToken).ConfigureAwait(false);
        var raised = await actions.ActionIdsByOriginAsync(OriginPrefix, cancellationToken).ConfigureAwait(false);
        var today = clock.Today;
        return [.. all
            .Where(r => ownerUpn is null || string.Equals(r.Value.OwnerUpn, ownerUpn, StringComparison.OrdinalIgnoreCase))
            .Where(r => status is null || r.Value.Status == status)
            .Where(r => aboveCriteria is null || rules.IsAboveCriteria(r.Value) == aboveCriteria)
            .OrderByDescending(r => r.Value.ResidualScore).ThenByDescending(r => r.Value.InherentScore).ThenBy(r => r.Value.Id, StringComparer.Ordinal)
            .Select(r => RiskResponse.From(r, rules.Matrix, today, raised[Origin(r.Value.Id)]))];
    }

    /// <summary>One risk, for someone with an ISMS role or its owner.</summary>
    public async Task<Outcome<RiskResponse>> GetAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var stored = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return NotFound<RiskResponse>(id);
        }

        return caller.IsAny(Access.Read) || caller.Is(stored.Value.OwnerUpn, stored.Value.OwnerObjectId)
            ? Outcome.Success(await ResponseAsync(stored, cancellationToken).ConfigureAwait(false))
            : Outcome.Refused<RiskResponse>(RefusalCode.Forbidden, "id", $"Risk {id} is read by people with an ISMS role and by its owner; {caller.Upn} is neither.");
    }

    public async Task<Outcome<RiskResponse>> CreateAsync(Caller caller, RiskInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var created = rules.Create(RecordIds.New("RISK"), Change(input.Title, input.Description, input.Asset, input.Threat, input.Vulnerability, input.OwnerUpn, input.Likelihood, input.Impact, input.ReviewDate, input.Treatment), clock.Today, clock.Now);
        if (!created.IsSuccess)
        {
            return Outcome.Refused<RiskResponse>(created.Refusal);
        }

        var owner = await assignees.ResolveAsync("ownerUpn", created.Value.OwnerUpn, cancellationToken).ConfigureAwait(false);
        if (!owner.IsSuccess)
        {
            return Outcome.Refused<RiskResponse>(owner.Refusal);
        }

        var saved = await register.InsertAsync(created.Value with { OwnerObjectId = owner.Value }, caller, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(RiskResponse.From(saved, rules.Matrix, clock.Today, []));
    }

    /// <summary>Changes a risk: an ISMS admin any, its owner their own.</summary>
    public async Task<Outcome<RiskResponse>> UpdateAsync(Caller caller, string id, RiskInput input, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var before = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return NotFound<RiskResponse>(id);
        }

        if (!caller.IsAdmin && !caller.Is(before.Value.OwnerUpn, before.Value.OwnerObjectId))
        {
            return Outcome.Refused<RiskResponse>(RefusalCode.Forbidden, "ownerUpn", $"Risk {id} is changed by its owner ({before.Value.OwnerUpn}) or an ISMS admin.");
        }

        if (!ifMatch.Matches(before.ETag))
        {
            return Outcome.Refused<RiskResponse>(ETags.Stale($"Risk {id}"));
        }

        var changed = rules.Change(before.Value, Change(input.Title, input.Description, input.Asset, input.Threat, input.Vulnerability, input.OwnerUpn, input.Likelihood, input.Impact, input.ReviewDate, input.Treatment), clock.Today);
        if (!changed.IsSuccess)
        {
            return Outcome.Refused<RiskResponse>(changed.Refusal);
        }

        var (ownerId, notAUser) = await assignees.OwnerAsync("ownerUpn", changed.Value.OwnerUpn, before.Value.OwnerUpn, before.Value.OwnerObjectId, cancellationToken).ConfigureAwait(false);
        return notAUser is not null
            ? Outcome.Refused<RiskResponse>(notAUser)
            : await SaveAsync(before, changed.Value with { OwnerObjectId = ownerId }, caller, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The risk owner accepts the residual risk (6.1.3 f).</summary>
    public Task<Outcome<RiskResponse>> AcceptAsync(Caller caller, string id, RiskDecisionInput input, IfMatch ifMatch, CancellationToken cancellationToken) =>
        DecideAsync(caller, id, ifMatch, risk => rules.Accept(risk, caller.Upn, caller.ObjectId, clock.Now, input.Note), cancellationToken);

    /// <summary>The ISMS manager approves retaining a risk above the acceptance criteria at its current scores.</summary>
    public Task<Outcome<RiskResponse>> ApproveAsync(Caller caller, string id, RiskDecisionInput input, IfMatch ifMatch, CancellationToken cancellationToken) =>
        DecideAsync(caller, id, ifMatch, risk => rules.Approve(risk, caller.Upn, caller.ObjectId, isms.Value.IsmsManagerUpn, clock.Now, input.Note), cancellationToken);

    /// <summary>A treatment action (6.1.3 e, 8.3): an ISMS admin or the risk owner raises it once a treatment is chosen.</summary>
    public async Task<Outcome<CorrectiveActionResponse>> RaiseTreatmentActionAsync(Caller caller, string id, OriginActionCreate input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var risk = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (risk is null)
        {
            return NotFound<CorrectiveActionResponse>(id);
        }

        if (!caller.IsAdmin && !caller.Is(risk.Value.OwnerUpn, risk.Value.OwnerObjectId))
        {
            return Outcome.Refused<CorrectiveActionResponse>(RefusalCode.Forbidden, "ownerUpn", $"Treatment actions on {id} are raised by its owner ({risk.Value.OwnerUpn}) or an ISMS admin.");
        }

        if (risk.Value.Treatment is null)
        {
            return Outcome.Refused<CorrectiveActionResponse>(RefusalCode.GateNotMet, "treatment", $"{id} has no treatment yet: choose the option and the residual risk, then raise the actions that carry it out.");
        }

        return await actionService.OpenForAsync(caller, ActionKind.Treatment, Origin(id), input, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Outcome<RiskResponse>> DecideAsync(Caller caller, string id, IfMatch ifMatch, Func<Risk, Outcome<Risk>> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var before = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return NotFound<RiskResponse>(id);
        }

        if (!ifMatch.Matches(before.ETag))
        {
            return Outcome.Refused<RiskResponse>(ETags.Stale($"Risk {id}"));
        }

        var decided = decide(before.Value);
        return decided.IsSuccess
            ? await SaveAsync(before, decided.Value, caller, cancellationToken).ConfigureAwait(false)
            : Outcome.Refused<RiskResponse>(decided.Refusal);
    }

    private async Task<Outcome<RiskResponse>> SaveAsync(Stored<Risk> before, Risk after, Caller caller, CancellationToken cancellationToken)
    {
        try
        {
            var saved = await register.ReplaceAsync(before, after, caller, cancellationToken).ConfigureAwait(false);
            return Outcome.Success(await ResponseAsync(saved, cancellationToken).ConfigureAwait(false));
        }
        catch (StaleRecordException ex)
        {
            return Outcome.Refused<RiskResponse>(ETags.Stale(ex.EntityPath));
        }
    }

    private async Task<RiskResponse> ResponseAsync(Stored<Risk> stored, CancellationToken cancellationToken)
    {
        var raised = await actions.ActionIdsByOriginAsync(Origin(stored.Value.Id), cancellationToken).ConfigureAwait(false);
        return RiskResponse.From(stored, rules.Matrix, clock.Today, raised[Origin(stored.Value.Id)]);
    }

    private static RiskChange Change(string? title, string? description, string? asset, string? threat, string? vulnerability, string? ownerUpn, int? likelihood, int? impact, DateOnly? reviewDate, RiskTreatmentInput? treatment) => new()
    {
        Title = title,
        Description = description,
        Asset = asset,
        Threat = threat,
        Vulnerability = vulnerability,
        OwnerUpn = ownerUpn,
        Likelihood = likelihood,
        Impact = impact,
        ReviewDate = reviewDate,
        Option = treatment?.Option,
        ControlIds = treatment?.ControlIds,
        ResidualLikelihood = treatment?.ResidualLikelihood,
        ResidualImpact = treatment?.ResidualImpact,
    };

    internal static Outcome<T> NotFound<T>(string id)
        where T : notnull =>
        Outcome.Refused<T>(RefusalCode.NotFound, "id", $"There is no risk '{id}'. GET /api/risks lists them.");
}
