using Isms.Core.Controls;
using Isms.Core.Validation;

namespace Isms.Core.Risks;

/// <summary>What a person may set on a risk; null leaves a field as it is.</summary>
public sealed record RiskChange
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    public string? Asset { get; init; }

    public string? Threat { get; init; }

    public string? Vulnerability { get; init; }

    public string? OwnerUpn { get; init; }

    public int? Likelihood { get; init; }

    public int? Impact { get; init; }

    public DateOnly? ReviewDate { get; init; }

    public RiskTreatmentOption? Option { get; init; }

    public IReadOnlyList<string>? ControlIds { get; init; }

    public int? ResidualLikelihood { get; init; }

    public int? ResidualImpact { get; init; }

    public bool ChangesTreatment => Option is not null || ControlIds is not null || ResidualLikelihood is not null || ResidualImpact is not null;
}

/// <summary>
/// The rules of the risk register (6.1.2, 6.1.3, 8.2, 8.3): a risk is assessed on the configured matrix; its treatment
/// names the option, the Annex A controls and the residual risk aimed at; only the risk owner accepts the residual
/// risk, with the scores they accepted; a residual risk above the acceptance criteria is accepted only once the ISMS
/// manager has approved retaining it at those scores; and any change to the residual risk (or to the inherent one
/// while no treatment is chosen) asks for acceptance again.
/// </summary>
public sealed class RiskRules(RiskMatrix matrix)
{
    /// <summary>Days to a new risk's first review when none is given.</summary>
    public const int DefaultReviewDays = 365;

    public RiskMatrix Matrix { get; } = matrix ?? throw new ArgumentNullException(nameof(matrix));

    /// <summary>A new risk from <paramref name="input"/> (every assessment field required), reviewed by default in a year.</summary>
    public Outcome<Risk> Create(string id, RiskChange input, DateOnly today, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        foreach (var (field, value) in new[] { ("title", input.Title), ("asset", input.Asset), ("threat", input.Threat), ("vulnerability", input.Vulnerability) })
        {
            errors.Required(field, value);
        }

        if (!errors.IsValid || CheckFields(input, errors, today, requireAssessment: true) is false)
        {
            return Outcome.Invalid<Risk>(errors);
        }

        var risk = new Risk
        {
            Id = id,
            Title = input.Title!.Trim(),
            Description = Trimmed(input.Description),
            Asset = input.Asset!.Trim(),
            Threat = input.Threat!.Trim(),
            Vulnerability = input.Vulnerability!.Trim(),
            OwnerUpn = input.OwnerUpn!.Trim(),
            Likelihood = input.Likelihood!.Value,
            Impact = input.Impact!.Value,
            ReviewDate = input.ReviewDate ?? today.AddDays(DefaultReviewDays),
            CreatedAt = now,
        };
        return input.ChangesTreatment ? Treat(risk, input, errors) : Outcome.Success(risk);
    }

    /// <summary>Applies a change; a residual risk that moves (or an untreated inherent one) loses its acceptance and approval.</summary>
    public Outcome<Risk> Change(Risk risk, RiskChange change, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(change);
        var errors = new ValidationErrors();
        foreach (var (field, value) in new[] { ("title", change.Title), ("asset", change.Asset), ("threat", change.Threat), ("vulnerability", change.Vulnerability) })
        {
            if (value is not null && string.IsNullOrWhiteSpace(value))
            {
                errors.Add(field, $"{field} cannot be emptied.");
            }
        }

        if (!errors.IsValid || CheckFields(change, errors, today, requireAssessment: false) is false)
        {
            return Outcome.Invalid<Risk>(errors);
        }

        var changed = risk with
        {
            Title = change.Title?.Trim() ?? risk.Title,
            Description = change.Description is null ? risk.Description : Trimmed(change.Description),
            Asset = change.Asset?.Trim() ?? risk.Asset,
            Threat = change.Threat?.Trim() ?? risk.Threat,
            Vulnerability = change.Vulnerability?.Trim() ?? risk.Vulnerability,
            OwnerUpn = change.OwnerUpn?.Trim() ?? risk.OwnerUpn,
            Likelihood = change.Likelihood ?? risk.Likelihood,
            Impact = change.Impact ?? risk.Impact,
            ReviewDate = change.ReviewDate ?? risk.ReviewDate,
        };
        var treated = change.ChangesTreatment ? Treat(changed, change, errors) : Outcome.Success(changed);
        if (!treated.IsSuccess)
        {
            return treated;
        }

        var after = treated.Value;
        var residualMoved = Residual(after) != Residual(risk);
        var ownerChanged = !string.Equals(after.OwnerUpn, risk.OwnerUpn, StringComparison.OrdinalIgnoreCase);
        return Outcome.Success(residualMoved || ownerChanged ? after with { Acceptance = null, Approval = residualMoved ? null : after.Approval } : after);
    }

    /// <summary>
    /// The risk owner accepts the residual risk as it stands. Only the owner (by object id); only once a treatment is
    /// chosen; and above the criteria only with the ISMS manager's approval of these very scores.
    /// </summary>
    public Outcome<Risk> Accept(Risk risk, string byUpn, string? byObjectId, DateTimeOffset now, string? note)
    {
        ArgumentNullException.ThrowIfNull(risk);
        if (!UserPrincipalName.AreSamePerson(byUpn, byObjectId, risk.OwnerUpn, risk.OwnerObjectId))
        {
            return Outcome.Refused<Risk>(RefusalCode.Forbidden, "ownerUpn",
                $"Only the risk owner ({risk.OwnerUpn}) accepts the residual risk of {risk.Id}; {byUpn} cannot accept it for them.");
        }

        if (NoteTooLong(note) is { } tooLong)
        {
            return tooLong;
        }

        if (risk.Treatment is not { } treatment)
        {
            return Outcome.Refused<Risk>(RefusalCode.GateNotMet, "treatment",
                $"{risk.Id} has no treatment yet: choose the option (Modify, Retain, Avoid or Share) and the residual likelihood and impact, then accept what remains.");
        }

        var approved = risk.Approval is { } approval && (approval.Likelihood, approval.Impact) == (treatment.ResidualLikelihood, treatment.ResidualImpact);
        if (!Matrix.IsAcceptable(treatment.ResidualScore) && !approved)
        {
            return Outcome.Refused<Risk>(RefusalCode.GateNotMet, "approval",
                $"The residual risk of {risk.Id} scores {treatment.ResidualScore}, above the acceptance criteria ({Matrix.AcceptanceCriteria}): the ISMS manager must approve retaining it at these scores before its owner accepts it.");
        }

        return Outcome.Success(risk with { Acceptance = new RiskDecision(byUpn, byObjectId, now, treatment.ResidualLikelihood, treatment.ResidualImpact, Trimmed(note)) });
    }

    /// <summary>The ISMS manager approves retaining a residual risk above the acceptance criteria, at its current scores.</summary>
    public Outcome<Risk> Approve(Risk risk, string byUpn, string? byObjectId, string? ismsManagerUpn, DateTimeOffset now, string? note)
    {
        ArgumentNullException.ThrowIfNull(risk);
        if (string.IsNullOrWhiteSpace(ismsManagerUpn) || !string.Equals(byUpn, ismsManagerUpn.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return Outcome.Refused<Risk>(RefusalCode.Forbidden, "approval",
                $"Retaining a risk above the acceptance criteria is approved by the ISMS manager ({(string.IsNullOrWhiteSpace(ismsManagerUpn) ? "not configured: set Isms:IsmsManagerUpn" : ismsManagerUpn)}); {byUpn} is not.");
        }

        if (NoteTooLong(note) is { } tooLong)
        {
            return tooLong;
        }

        if (risk.Treatment is not { } treatment)
        {
            return Outcome.Refused<Risk>(RefusalCode.GateNotMet, "treatment", $"{risk.Id} has no treatment yet: there is no residual risk to approve.");
        }

        if (Matrix.IsAcceptable(treatment.ResidualScore))
        {
            return Outcome.Refused<Risk>(RefusalCode.GateNotMet, "approval",
                $"The residual risk of {risk.Id} scores {treatment.ResidualScore}, within the acceptance criteria ({Matrix.AcceptanceCriteria}): its owner accepts it without approval.");
        }

        return Outcome.Success(risk with { Approval = new RiskDecision(byUpn, byObjectId, now, treatment.ResidualLikelihood, treatment.ResidualImpact, Trimmed(note)) });
    }

    /// <summary>Whether the residual risk is above the acceptance criteria.</summary>
    public bool IsAboveCriteria(Risk risk)
    {
        ArgumentNullException.ThrowIfNull(risk);
        return !Matrix.IsAcceptable(risk.ResidualScore);
    }

    /// <summary>What the certification-readiness checklist reads of the register (6.1.2, 6.1.3, 8.2, 8.3).</summary>
    public Snapshots.RiskRegisterReadiness Readiness(IEnumerable<Risk> risks)
    {
        ArgumentNullException.ThrowIfNull(risks);
        var all = risks.ToList();
        var above = all.Where(IsAboveCriteria).ToList();
        return new Snapshots.RiskRegisterReadiness(all.Count, above.Count, above.Count(r => r.Treatment is not null && r.Acceptance is not null));
    }

    private Outcome<Risk> Treat(Risk risk, RiskChange change, ValidationErrors errors)
    {
        var option = change.Option ?? risk.Treatment?.Option;
        var residualLikelihood = change.ResidualLikelihood ?? risk.Treatment?.ResidualLikelihood;
        var residualImpact = change.ResidualImpact ?? risk.Treatment?.ResidualImpact;
        if (option is null)
        {
            errors.Add("option", "option is required with a treatment: Modify, Retain, Avoid or Share.");
        }

        Matrix.Check(errors, "residualLikelihood", residualLikelihood, "residualImpact", residualImpact, required: true);
        var controls = change.ControlIds ?? risk.Treatment?.ControlIds ?? [];
        foreach (var id in controls.Where(c => !ControlCatalogue.TryGet(c, out var control) || !control.IsAnnexA))
        {
            errors.Add("controlIds", $"'{id}' is not an Annex A control (A.5.1 to A.8.34).");
        }

        if (option == RiskTreatmentOption.Retain && residualLikelihood is { } l && residualImpact is { } i && (l, i) != (risk.Likelihood, risk.Impact))
        {
            errors.Add("residualLikelihood", "A retained risk keeps its likelihood and impact: residualLikelihood and residualImpact are the inherent ones.");
        }

        return errors.IsValid
            ? Outcome.Success(risk with { Treatment = new RiskTreatment(option!.Value, ControlCatalogue.Canonical(controls), residualLikelihood!.Value, residualImpact!.Value) })
            : Outcome.Invalid<Risk>(errors);
    }

    private bool CheckFields(RiskChange input, ValidationErrors errors, DateOnly today, bool requireAssessment)
    {
        errors.MaxLength("title", input.Title, FieldLimits.Title)
            .MaxLength("asset", input.Asset, FieldLimits.Title)
            .MaxLength("threat", input.Threat, FieldLimits.Justification)
            .MaxLength("vulnerability", input.Vulnerability, FieldLimits.Justification)
            .MaxLength("description", input.Description, FieldLimits.LongText);
        if (requireAssessment || input.OwnerUpn is not null)
        {
            errors.Upn("ownerUpn", input.OwnerUpn, required: true);
        }

        Matrix.Check(errors, "likelihood", input.Likelihood, "impact", input.Impact, requireAssessment);
        if (input.ReviewDate is { } review && review < today)
        {
            errors.Add("reviewDate", $"reviewDate {review:yyyy-MM-dd} is in the past; choose today ({today:yyyy-MM-dd}) or later.");
        }

        if (input.Option is { } option && !Enum.IsDefined(option))
        {
            errors.Add("option", "option must be Modify, Retain, Avoid or Share.");
        }

        return errors.IsValid;
    }

    private static (int, int) Residual(Risk risk) =>
        risk.Treatment is { } t ? (t.ResidualLikelihood, t.ResidualImpact) : (risk.Likelihood, risk.Impact);

    private static Outcome<Risk>? NoteTooLong(string? note) =>
        note is { Length: > FieldLimits.LongText }
            ? Outcome.Refused<Risk>(RefusalCode.Invalid, "note", $"note must be at most {FieldLimits.LongText} characters.")
            : null;

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
