namespace Isms.Core.People;

/// <summary>How many people a requirement (or a group, or the whole organisation) asks, and where they stand.</summary>
public sealed record CompletionFigures(int Required, int Done, int Owed, int Overdue)
{
    public double Percent => Required == 0 ? 100 : Math.Round(100.0 * Done / Required, 1);
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
        var tally = new PeopleTally(today);
        foreach (var requirement in requirements)
        {
            tally.Add(requirement);
        }

        return tally.Build();
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

/// <summary>
/// Counts requirements one at a time into the figures of <see cref="PeopleSummary"/>, keeping counters and the people
/// seen (not the records), so a snapshot can stream hundreds of thousands of records past it.
/// </summary>
public sealed class PeopleTally(DateOnly today)
{
    private readonly Dictionary<(RequirementKind Kind, string SubjectId), (string Title, int[] Counts)> _subjects = [];
    private readonly Dictionary<string, (HashSet<string> People, int[] Acknowledgement, int[] Training)> _groups = new(StringComparer.Ordinal);
    private readonly HashSet<string> _people = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _overdue = new(StringComparer.Ordinal);
    private readonly int[] _acknowledgement = new int[3];
    private readonly int[] _training = new int[3];

    /// <summary>Counts one record; a person no longer in the audience is not counted.</summary>
    public RequirementState Add(PersonRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        var state = requirement.State(today);
        if (requirement.LeftAudienceOn is not null)
        {
            return state;
        }

        var person = requirement.PersonUpn.Trim().ToLowerInvariant();
        var slot = state switch { RequirementState.Done => 0, RequirementState.Owed => 1, _ => 2 };
        _people.Add(person);
        if (state == RequirementState.Overdue)
        {
            _overdue.Add(person);
        }

        var isAcknowledgement = requirement.Kind == RequirementKind.Acknowledgement;
        (isAcknowledgement ? _acknowledgement : _training)[slot]++;
        var key = (requirement.Kind, requirement.SubjectId);
        if (!_subjects.TryGetValue(key, out var subject))
        {
            _subjects[key] = subject = (requirement.SubjectTitle, new int[3]);
        }

        subject.Counts[slot]++;
        _subjects[key] = (requirement.SubjectTitle, subject.Counts);
        foreach (var groupId in requirement.GroupIds)
        {
            if (!_groups.TryGetValue(groupId, out var group))
            {
                _groups[groupId] = group = (new HashSet<string>(StringComparer.Ordinal), new int[3], new int[3]);
            }

            group.People.Add(person);
            (isAcknowledgement ? group.Acknowledgement : group.Training)[slot]++;
        }

        return state;
    }

    public PeopleSummary Build() => new(
        today,
        _people.Count,
        Figures(_acknowledgement),
        Figures(_training),
        [.. _subjects.OrderBy(s => s.Key.Kind).ThenBy(s => s.Key.SubjectId, StringComparer.Ordinal).Select(s => new SubjectFigures(s.Key.Kind, s.Key.SubjectId, s.Value.Title, Figures(s.Value.Counts)))],
        [.. _groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new GroupFigures(g.Key, g.Value.People.Count, Figures(g.Value.Acknowledgement), Figures(g.Value.Training)))],
        [.. _overdue]);

    private static CompletionFigures Figures(int[] counts) => new(counts[0] + counts[1] + counts[2], counts[0], counts[1], counts[2]);
}
