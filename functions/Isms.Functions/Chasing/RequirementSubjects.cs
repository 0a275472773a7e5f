using Isms.Core.People;
using Isms.Core.Reminders;
using Isms.Functions.People;
using Isms.Functions.Platform;

namespace Isms.Functions.Chasing;

/// <summary>
/// Sees what people are asked (a document to acknowledge, a course to complete) as the reminder ladder does: each is
/// owed to the person like a corrective action's due date, in the same digest. The chase reads only what may be owed
/// (<see cref="PeopleRecords.OwedByPersonAsync"/>), person by person in key order, so it merges with the open actions.
/// </summary>
public sealed class RequirementSubjects(PeopleRecords records, IOptions<IsmsOptions> isms)
{
    private const int TitleLength = 140;

    /// <summary>What may be owed, person by person in the order of their key (the key of <c>open|{owner}</c> too).</summary>
    public async IAsyncEnumerable<(string OwnerKey, List<ReminderSubject> Owned)> ByPersonAsync(DateOnly today, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (key, owed) in records.OwedByPersonAsync(cancellationToken).ConfigureAwait(false))
        {
            var subjects = owed.Where(r => r.IsChased(today)).Select(For).ToList();
            if (subjects.Count > 0)
            {
                yield return (key, subjects);
            }
        }
    }

    /// <summary>
    /// What <paramref name="upn"/> may be owed now, each checked against its record: of the requirements named by their
    /// keys (<see cref="KeysOf"/>, as the planner saw them), or, when none are named (null), of the person's owed copies.
    /// </summary>
    public async Task<IReadOnlyList<ReminderSubject>> OwnedByAsync(string upn, IReadOnlyList<string>? keys, CancellationToken cancellationToken) =>
        [.. (await records.OwedOfAsync(upn, keys, cancellationToken).ConfigureAwait(false)).Select(For)];

    /// <summary>The requirement keys (<c>{kind}|{id}</c>) of the subjects that are requirements, each once.</summary>
    public static IReadOnlyList<string> KeysOf(IEnumerable<ReminderSubject> subjects) =>
        [.. subjects
            .Where(s => s.Kind is ReminderKind.Acknowledgement or ReminderKind.Training)
            .Select(s => PersonRequirement.Keys(
                s.Kind == ReminderKind.Acknowledgement ? RequirementKind.Acknowledgement : RequirementKind.Training,
                PersonRequirement.SubjectOf(s.ItemId)))
            .Distinct(StringComparer.Ordinal)];

    public ReminderSubject For(PersonRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        var (kind, title, path) = requirement.Kind == RequirementKind.Acknowledgement
            ? (ReminderKind.Acknowledgement, $"Acknowledge {requirement.SubjectTitle} (version {requirement.Version})", Pages.PagePaths.Document(requirement.SubjectId))
            : (ReminderKind.Training, $"Complete {requirement.SubjectTitle}", Pages.PagePaths.Course(requirement.SubjectId));
        return new ReminderSubject(
            requirement.ItemId,
            kind,
            requirement.PersonUpn.Trim(),
            requirement.DueDate,
            null,
            title.Length <= TitleLength ? title : title[..(TitleLength - 1)] + "…",
            null,
            [],
            isms.Value.Link(path));
    }
}
