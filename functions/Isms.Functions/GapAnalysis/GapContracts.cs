using Isms.Core.GapAnalysis;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.GapAnalysis;

/// <summary>PUT /api/gap-analysis/{requirementId}: an assessment of one requirement.</summary>
public sealed record GapAssessmentInput(GapStatus? Status, string? Note, IReadOnlyList<string>? EvidenceIds);

/// <summary>One requirement with its current assessment; <see cref="Assessments"/> (the history) only when read on its own.</summary>
public sealed record GapItemResponse(
    string RequirementId,
    string Clause,
    string Text,
    GapStatus? Status,
    string? Note,
    IReadOnlyList<string> EvidenceIds,
    string? AssessedBy,
    DateTimeOffset? AssessedAt,
    IReadOnlyList<string> ActionIds,
    IReadOnlyList<GapAssessment>? Assessments,
    string Etag) : ITagged
{
    public static GapItemResponse From(Stored<GapItem> stored, bool withHistory)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var item = stored.Value;
        RequirementCatalogue.TryGet(item.RequirementId, out var requirement);
        return new GapItemResponse(
            requirement.Id, requirement.Clause, requirement.Text, item.Status, item.Note, item.EvidenceIds, item.AssessedBy, item.AssessedAt, item.ActionIds,
            withHistory ? item.Assessments : null, stored.ETag.ToString());
    }
}

/// <summary>GET /api/gap-analysis: every requirement, the counts per clause, and the progress over time.</summary>
public sealed record GapAnalysisResponse(IReadOnlyList<GapItemResponse> Requirements, IReadOnlyList<GapClauseSummary> Clauses, IReadOnlyList<GapProgressPoint> Progress);
