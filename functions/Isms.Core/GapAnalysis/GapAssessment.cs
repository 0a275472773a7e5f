using Isms.Core.Validation;

namespace Isms.Core.GapAnalysis;

/// <summary>How far the organisation meets a requirement today.</summary>
public enum GapStatus
{
    NotMet,
    Partial,
    Met,
}

/// <summary>One assessment of one requirement: who judged it, when, how, why, and what shows it.</summary>
public sealed record GapAssessment(GapStatus Status, string? Note, IReadOnlyList<string> EvidenceIds, string AssessedBy, DateTimeOffset AssessedAt)
{
    /// <summary>The assessor's Entra object id, from their sign-in.</summary>
    public string? AssessedByObjectId { get; init; }
}

/// <summary>
/// A requirement's place in the gap analysis: its current assessment and every earlier one, oldest first, so the
/// progress towards certification shows over time. Change it through <see cref="GapAnalysisRules"/>.
/// </summary>
public sealed record GapItem
{
    public required string RequirementId { get; init; }

    public GapStatus? Status { get; init; }

    public string? Note { get; init; }

    public IReadOnlyList<string> EvidenceIds { get; init; } = [];

    public string? AssessedBy { get; init; }

    public DateTimeOffset? AssessedAt { get; init; }

    /// <summary>Every assessment, oldest first; the last is the current one.</summary>
    public IReadOnlyList<GapAssessment> Assessments { get; init; } = [];
}

/// <summary>Counts of one clause's requirements by their current assessment.</summary>
public sealed record GapClauseSummary(int Clause, string Name, int Met, int Partial, int NotMet, int NotAssessed)
{
    public int Requirements => Met + Partial + NotMet + NotAssessed;
}

/// <summary>The whole analysis as it stood at the end of a day on which someone assessed something.</summary>
public sealed record GapProgressPoint(DateOnly Date, int Met, int Partial, int NotMet, int NotAssessed);

/// <summary>The rules of the gap analysis (ISO/IEC 27001 clauses 4 to 10 assessed one requirement at a time).</summary>
public static class GapAnalysisRules
{
    /// <summary>Whether a requirement in this state has a gap an action can close: assessed, and not met.</summary>
    public static bool HasGap(GapItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Status is GapStatus.NotMet or GapStatus.Partial;
    }

    /// <summary>Evidence ids one assessment may cite.</summary>
    public const int MaxEvidence = 50;

    /// <summary>
    /// Records an assessment. A requirement not fully met says what is missing (a note), so the gap can be acted on;
    /// a requirement called met cites evidence or says in a note where the proof is.
    /// </summary>
    public static Outcome<GapItem> Assess(GapItem item, GapStatus? status, string? note, IReadOnlyList<string>? evidenceIds, string assessedBy, string? assessedByObjectId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        var errors = new ValidationErrors();
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        var evidence = (evidenceIds ?? []).Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (status is not { } chosen || !Enum.IsDefined(chosen))
        {
            errors.Add("status", $"status is required: one of {string.Join(", ", Enum.GetNames<GapStatus>())}.");
        }
        else if (chosen != GapStatus.Met && note is null)
        {
            errors.Add("note", $"note is required when the requirement is {chosen}: say what is missing, so the gap can be closed.");
        }
        else if (chosen == GapStatus.Met && note is null && evidence.Count == 0)
        {
            errors.Add("evidenceIds", "A requirement called Met cites evidence (evidenceIds) or says in a note where the proof is.");
        }

        errors.MaxLength("note", note, FieldLimits.LongText);
        if (evidence.Count > MaxEvidence)
        {
            errors.Add("evidenceIds", $"evidenceIds may name at most {MaxEvidence} pieces of evidence.");
        }

        if (!errors.IsValid)
        {
            return Outcome.Invalid<GapItem>(errors);
        }

        var assessment = new GapAssessment(status!.Value, note, evidence, assessedBy, now) { AssessedByObjectId = assessedByObjectId };
        return Outcome.Success(item with
        {
            Status = assessment.Status,
            Note = note,
            EvidenceIds = evidence,
            AssessedBy = assessedBy,
            AssessedAt = now,
            Assessments = [.. item.Assessments, assessment],
        });
    }

    /// <summary>Per clause 4 to 10, how many requirements stand where now; requirements never assessed count as not assessed.</summary>
    public static IReadOnlyList<GapClauseSummary> Summarise(IEnumerable<GapItem> items)
    {
        var current = items.ToDictionary(i => i.RequirementId, i => i.Status, StringComparer.OrdinalIgnoreCase);
        return [.. RequirementCatalogue.All
            .GroupBy(r => r.MainClause)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var statuses = g.Select(r => current.GetValueOrDefault(r.Id)).ToList();
                return new GapClauseSummary(
                    g.Key,
                    RequirementCatalogue.ClauseNames[g.Key],
                    statuses.Count(s => s == GapStatus.Met),
                    statuses.Count(s => s == GapStatus.Partial),
                    statuses.Count(s => s == GapStatus.NotMet),
                    statuses.Count(s => s is null));
            })];
    }

    /// <summary>
    /// The analysis as it stood at the end of each day someone assessed a requirement (in the organisation's time zone,
    /// through <paramref name="dateOf"/>), oldest first: the progress an ISMS manager shows top management.
    /// </summary>
    public static IReadOnlyList<GapProgressPoint> Progress(IEnumerable<GapItem> items, Func<DateTimeOffset, DateOnly> dateOf)
    {
        ArgumentNullException.ThrowIfNull(dateOf);
        var history = items
            .SelectMany(i => i.Assessments.Select(a => (i.RequirementId, Date: dateOf(a.AssessedAt), a.AssessedAt, a.Status)))
            .Where(a => RequirementCatalogue.TryGet(a.RequirementId, out _))
            .OrderBy(a => a.AssessedAt)
            .ToList();
        var state = new Dictionary<string, GapStatus>(StringComparer.OrdinalIgnoreCase);
        var points = new List<GapProgressPoint>();
        foreach (var day in history.GroupBy(a => a.Date))
        {
            foreach (var a in day)
            {
                state[a.RequirementId] = a.Status;
            }

            var met = state.Values.Count(s => s == GapStatus.Met);
            var partial = state.Values.Count(s => s == GapStatus.Partial);
            var notMet = state.Values.Count(s => s == GapStatus.NotMet);
            points.Add(new GapProgressPoint(day.Key, met, partial, notMet, RequirementCatalogue.All.Count - met - partial - notMet));
        }

        return points;
    }
}
