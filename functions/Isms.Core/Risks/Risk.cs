using System.Text.Json.Serialization;

namespace Isms.Core.Risks;

/// <summary>How a risk is treated (6.1.3 a).</summary>
public enum RiskTreatmentOption
{
    /// <summary>Controls change the likelihood or the impact.</summary>
    Modify,

    /// <summary>Kept as it is, by an informed decision.</summary>
    Retain,

    /// <summary>The activity that gives rise to it stops.</summary>
    Avoid,

    /// <summary>Transferred in part: insurance, a supplier, a contract.</summary>
    Share,
}

/// <summary>Where a risk stands: open until its owner accepts the residual risk.</summary>
public enum RiskStatus
{
    Open,
    Accepted,
}

/// <summary>The chosen treatment: the option, the Annex A controls it relies on, and the residual risk it aims at.</summary>
public sealed record RiskTreatment(RiskTreatmentOption Option, IReadOnlyList<string> ControlIds, int ResidualLikelihood, int ResidualImpact)
{
    [JsonIgnore]
    public int ResidualScore => RiskMatrix.Score(ResidualLikelihood, ResidualImpact);
}

/// <summary>A decision recorded by one person about the residual risk as it stood: who, when, and the scores decided on.</summary>
public sealed record RiskDecision(string ByUpn, string? ByObjectId, DateTimeOffset At, int Likelihood, int Impact, string? Note);

/// <summary>
/// A risk to the information in scope (6.1.2, 8.2) and its treatment (6.1.3, 8.3): what could happen to which asset,
/// how likely and how bad, who owns it, how it is treated, and the owner's acceptance of what remains. Change it
/// through <see cref="RiskRules"/>.
/// </summary>
public sealed record Risk
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    /// <summary>The asset or process at risk.</summary>
    public required string Asset { get; init; }

    public required string Threat { get; init; }

    public required string Vulnerability { get; init; }

    public required string OwnerUpn { get; init; }

    public string? OwnerObjectId { get; init; }

    public required int Likelihood { get; init; }

    public required int Impact { get; init; }

    /// <summary>When the risk is next reviewed (8.2: at planned intervals); chased like everything else.</summary>
    public required DateOnly ReviewDate { get; init; }

    public RiskTreatment? Treatment { get; init; }

    /// <summary>The risk owner's acceptance of the residual risk (6.1.3 f), recorded by the owner.</summary>
    public RiskDecision? Acceptance { get; init; }

    /// <summary>The ISMS manager's approval to retain a residual risk above the acceptance criteria.</summary>
    public RiskDecision? Approval { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    [JsonIgnore]
    public int InherentScore => RiskMatrix.Score(Likelihood, Impact);

    /// <summary>The residual score once treated; the inherent score while no treatment is chosen.</summary>
    [JsonIgnore]
    public int ResidualScore => Treatment?.ResidualScore ?? InherentScore;

    [JsonIgnore]
    public RiskStatus Status => Acceptance is null ? RiskStatus.Open : RiskStatus.Accepted;
}
