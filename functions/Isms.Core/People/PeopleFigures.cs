namespace Isms.Core.People;

/// <summary>How many people a requirement (or a group, or the whole organisation) asks, and where they stand.</summary>
public sealed record CompletionFigures(int Required, int Done, int Owed, int Overdue)
{
    public double Percent => Required == 0 ? 100 : Math.Round(100.0 * Done / Required, 1);

    public static CompletionFigures Of(IEnumerable<RequirementState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        int done = 0, owed = 0, overdue = 0;
        foreach (var state in states)
        {
            switch (state)
            {
                case RequirementState.Done: done++; break;
                case RequirementState.Owed: owed++; break;
                case RequirementState.Overdue: overdue++; break;
            }
        }

        return new CompletionFigures(done + owed + overdue, done, owed, overdue);
    }
}

/// <summary>Figures per subject (document or course), per audience group, and overall, split by acknowledgement and training.</summary>
public sealed record PeopleSummary(
    DateOnly AsOf,
    int People,
    CompletionFigures Acknowledgement,
    CompletionFigures Training,
    IReadOnlyList<SubjectFigures> Subjects,
    IReadOnlyList<GroupFigures> Groups,
    IReadOnlyList<string> OverduePeople);

public sealed record SubjectFigures(RequirementKind Kind, string SubjectId, string Title, CompletionFigures Figures);

public sealed record GroupFigures(string GroupId, int People, CompletionFigures Acknowledgement, CompletionFigures Training);

/// <summary>
/// What auditors ask for about people (7.2, 7.3): completion per group and overall, who is overdue, and a reproducible
/// random sample of people to interview.
/// </summary>
public static class PeopleFiguresRules
{
    public const int MaxSample = 100;

    public static PeopleSummary Summarise(IEnumerable<PersonRequirement> requirements, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        var current = requirements.Where(r => r.LeftAudienceOn is null).Select(r => (Requirement: r, State: r.State(today))).ToList();
        var subjects = current
            .GroupBy(r => (r.Requirement.Kind, r.Requirement.SubjectId))
            .Select(g => new SubjectFigures(g.Key.Kind, g.Key.SubjectId, g.Last().Requirement.SubjectTitle, CompletionFigures.Of(g.Select(r => r.State))))
            .OrderBy(s => s.Kind).ThenBy(s => s.SubjectId, StringComparer.Ordinal)
            .ToList();
        var groups = current
            .SelectMany(r => r.Requirement.GroupIds.Select(g => (Group: g, r.Requirement, r.State)))
            .GroupBy(r => r.Group, StringComparer.Ordinal)
            .Select(g => new GroupFigures(
                g.Key,
                g.Select(r => r.Requirement.PersonUpn).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
                CompletionFigures.Of(g.Where(r => r.Requirement.Kind == RequirementKind.Acknowledgement).Select(r => r.State)),
                CompletionFigures.Of(g.Where(r => r.Requirement.Kind == RequirementKind.Training).Select(r => r.State))))
            .OrderBy(g => g.GroupId, StringComparer.Ordinal)
            .ToList();
        return new PeopleSummary(
            today,
            current.Select(r => r.Requirement.PersonUpn).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
            CompletionFigures.Of(current.Where(r => r.Requirement.Kind == RequirementKind.Acknowledgement).Select(r => r.State)),
            CompletionFigures.Of(current.Where(r => r.Requirement.Kind == RequirementKind.Training).Select(r => r.State)),
            subjects,
            groups,
            [.. current.Where(r => r.State == RequirementState.Overdue).Select(r => r.Requirement.PersonUpn.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// <paramref name="size"/> people drawn from <paramref name="people"/> with the seeded generator: the same people,
    /// seed and size give the same sample, so the draw can be shown to the auditor and repeated.
    /// </summary>
    public static IReadOnlyList<string> Sample(IEnumerable<string> people, int size, int seed)
    {
        ArgumentNullException.ThrowIfNull(people);
        var pool = people.Select(p => p.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var random = new Random(seed);
        var take = Math.Min(size, pool.Length);
        for (var i = 0; i < take; i++)
        {
            var j = random.Next(i, pool.Length);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return [.. pool.Take(take)];
    }
}
