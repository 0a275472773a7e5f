using Isms.Core.GapAnalysis;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.GapAnalysis;

/// <summary>PUT /api/gap-analysis/{requirementId}: an assessment of one requirement.</summary>
/// <param name="Result">The assessment as API.md names it: Met, Partial or NotMet.</param>
/// <param name="Status">The same, under the name the responses use; either may be sent.</param>
public sealed record GapAssessmentInput(GapStatus? Status, string? Note, IReadOnlyList<string>? EvidenceIds, GapStatus? Result = null)
{
    /// <summary>The assessment sent, under either name.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public GapStatus? Assessed => Result ?? Status;
}

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
    /// <summary>The actions raised to close the gap (corrective-action ids), derived from the actions' index.</summary>
    IReadOnlyList<string> ActionIds,
    IReadOnlyList<GapAssessment>? Assessments,
    string Etag) : ITagged
{
    /// <summary>The path of a requirement's record, which the actions raised on it name as their origin.</summary>
    public static string Origin(string requirementId) => $"gap-analysis/{requirementId}";

    public static GapItemResponse From(Stored<GapItem> stored, bool withHistory, ILookup<string, string> actionsByOrigin)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(actionsByOrigin);
        var item = stored.Value;
        RequirementCatalogue.TryGet(item.RequirementId, out var requirement);
        return new GapItemResponse(
            requirement.Id, requirement.Clause, requirement.Text, item.Status, item.Note, item.EvidenceIds, item.AssessedBy, item.AssessedAt, [.. actionsByOrigin[Origin(requirement.Id)]],
            withHistory ? item.Assessments : null, stored.ETag.ToString());
    }
}

/// <summary>GET /api/gap-analysis: every requirement, the counts per clause, and the progress over time.</summary>
public sealed record GapAnalysisResponse(IReadOnlyList<GapItemResponse> Requirements, IReadOnlyList<GapClauseSummary> Clauses, IReadOnlyList<GapProgressPoint> Progress);

/// <summary>POST /api/gap-analysis/{requirementId}/actions: an action to close the gap, chased like a corrective action.</summary>
public sealed record GapActionCreate(string? OwnerUpn, string? Description, DateOnly? DueDate);
