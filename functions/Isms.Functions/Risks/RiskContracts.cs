using Isms.Core.Risks;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Risks;

/// <summary>
/// A risk's fields as the API takes them: POST /api/risks (the assessment of a new risk, every assessment field
/// required, the treatment optional) and PATCH /api/risks/{id} (any of them; those left out stay as they are).
/// </summary>
public sealed record RiskInput(
    string? Title,
    string? Description,
    string? Asset,
    string? Threat,
    string? Vulnerability,
    string? OwnerUpn,
    int? Likelihood,
    int? Impact,
    DateOnly? ReviewDate,
    RiskTreatmentInput? Treatment);

/// <summary>The treatment: option, Annex A controls, residual likelihood and impact.</summary>
public sealed record RiskTreatmentInput(RiskTreatmentOption? Option, IReadOnlyList<string>? ControlIds, int? ResidualLikelihood, int? ResidualImpact);

/// <summary>POST /api/risks/{id}/acceptance and /approval: an optional note.</summary>
public sealed record RiskDecisionInput(string? Note);

/// <summary>A risk as the API shows it, with its scores and whether it is above the acceptance criteria.</summary>
public sealed record RiskResponse(
    string Id,
    string Title,
    string? Description,
    string Asset,
    string Threat,
    string Vulnerability,
    string OwnerUpn,
    string? OwnerObjectId,
    int Likelihood,
    int Impact,
    int InherentScore,
    int ResidualScore,
    bool AboveCriteria,
    RiskStatus Status,
    DateOnly ReviewDate,
    bool ReviewOverdue,
    RiskTreatment? Treatment,
    RiskDecision? Acceptance,
    RiskDecision? Approval,
    IReadOnlyList<string> TreatmentActionIds,
    DateTimeOffset CreatedAt,
    string Etag) : ITagged
{
    public static RiskResponse From(Stored<Risk> stored, RiskMatrix matrix, DateOnly today, IEnumerable<string> actionIds)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(matrix);
        var r = stored.Value;
        return new RiskResponse(
            r.Id, r.Title, r.Description, r.Asset, r.Threat, r.Vulnerability, r.OwnerUpn, r.OwnerObjectId, r.Likelihood, r.Impact, r.InherentScore, r.ResidualScore,
            !matrix.IsAcceptable(r.ResidualScore), r.Status, r.ReviewDate, r.ReviewDate < today, r.Treatment, r.Acceptance, r.Approval, [.. actionIds], r.CreatedAt, stored.ETag.ToString());
    }
}

/// <summary>GET /api/risk-matrix: the levels by name, and the acceptance criteria.</summary>
public sealed record RiskMatrixResponse(IReadOnlyList<RiskLevel> Likelihoods, IReadOnlyList<RiskLevel> Impacts, int AcceptanceCriteria, int MaxScore, string? IsmsManagerUpn);

/// <summary>One level of the matrix.</summary>
public sealed record RiskLevel(int Value, string Name);
