using Isms.Core.Validation;

namespace Isms.Core.People;

/// <summary>Who is in an audience, as the directory said: the person and the groups of the audience they are in.</summary>
public sealed record AudienceMember(string Upn, string? ObjectId, IReadOnlyList<string> GroupIds);

/// <summary>
/// How requirements follow audiences and what people do: a person who joins an audience is asked, due a number of days
/// later; a new major version asks everyone again; leaving the audience keeps the record but stops the asking; an
/// acknowledgement records the version; a completion of training sets the next due date a frequency later.
/// </summary>
public static class RequirementRules
{
    /// <summary>
    /// The requirement as it should stand for a member of the audience: new, brought up to the version asked for, back
    /// after leaving, or unchanged (null).
    /// </summary>
    public static PersonRequirement? Require(PersonRequirement? current, AudienceMember member, RequirementKind kind, string subjectId, string title, string? version, int frequencyMonths, int dueWithinDays, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(member);
        var groups = member.GroupIds.Order(StringComparer.Ordinal).ToList();
        if (current is null)
        {
            return new PersonRequirement
            {
                PersonUpn = member.Upn,
                PersonObjectId = member.ObjectId,
                Kind = kind,
                SubjectId = subjectId,
                SubjectTitle = title,
                Version = version,
                FrequencyMonths = frequencyMonths,
                GroupIds = groups,
                RequiredSince = today,
                DueDate = today.AddDays(dueWithinDays),
            };
        }

        var next = current with
        {
            PersonObjectId = member.ObjectId ?? current.PersonObjectId,
            SubjectTitle = title,
            FrequencyMonths = frequencyMonths,
            GroupIds = groups,
            LeftAudienceOn = null,
        };
        if (current.LeftAudienceOn is not null && next.State(today) != RequirementState.Done)
        {
            next = next with { RequiredSince = today, DueDate = today.AddDays(dueWithinDays) };
        }

        if (kind == RequirementKind.Acknowledgement && version != current.Version)
        {
            // A new version: a minor one keeps the acknowledgement of its major; a major one asks again from today.
            next = next with { Version = version };
            if (next.State(today) != RequirementState.Done)
            {
                next = next with { RequiredSince = today, DueDate = today.AddDays(dueWithinDays) };
            }
        }

        return Same(next, current) ? null : next;
    }

    /// <summary>The person left every group of the audience: kept, no longer asked. Null when already so.</summary>
    public static PersonRequirement? Leave(PersonRequirement current, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current.LeftAudienceOn is null ? current with { LeftAudienceOn = today } : null;
    }

    /// <summary>Records the acknowledgement of <paramref name="version"/>; refused when it is not the version asked for.</summary>
    public static Outcome<PersonRequirement> Acknowledge(PersonRequirement current, string version, string by, DateTimeOffset now, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.LeftAudienceOn is not null)
        {
            return Outcome.Refused<PersonRequirement>(RefusalCode.InvalidTransition, "userUpn", $"{current.PersonUpn} is no longer in the audience of {current.SubjectId}.");
        }

        if (current.Version != version)
        {
            return Outcome.Refused<PersonRequirement>(RefusalCode.InvalidTransition, "version", $"Version {current.Version} of {current.SubjectId} is the one to acknowledge, not {version}.");
        }

        if (current.State(today) == RequirementState.Done)
        {
            return Outcome.Refused<PersonRequirement>(RefusalCode.InvalidTransition, "version", $"{current.PersonUpn} acknowledged version {current.Last!.Version} of {current.SubjectId} on {current.Last.On:yyyy-MM-dd} already.");
        }

        return Outcome.Success(current with { Completions = [.. current.Completions, new Completion(today, now, by, "Self", version, null)] });
    }

    /// <summary>
    /// Records a completion of training on <paramref name="on"/> (not in the future); the next due date is a frequency after
    /// the latest completion. A day already recorded returns the same record.
    /// </summary>
    public static Outcome<PersonRequirement> Complete(PersonRequirement current, DateOnly on, string by, string source, string? evidenceId, DateTimeOffset now, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (on > today)
        {
            return Outcome.Refused<PersonRequirement>(RefusalCode.Invalid, "completedOn", $"completedOn {on:yyyy-MM-dd} is in the future.");
        }

        if (current.Completions.Any(c => c.On == on))
        {
            // Recorded already (the same export imported twice, or the person and the platform both): nothing changes.
            return Outcome.Success(current);
        }

        var completions = current.Completions.Append(new Completion(on, now, by, source, null, evidenceId)).OrderBy(c => c.On).ToList();
        var latest = completions[^1].On;
        var due = current.FrequencyMonths == 0 ? current.DueDate : latest.AddMonths(current.FrequencyMonths);
        return Outcome.Success(current with { Completions = completions, DueDate = due });
    }

    private static bool Same(PersonRequirement a, PersonRequirement b) =>
        a.PersonObjectId == b.PersonObjectId && a.SubjectTitle == b.SubjectTitle && a.FrequencyMonths == b.FrequencyMonths
        && a.GroupIds.SequenceEqual(b.GroupIds, StringComparer.Ordinal) && a.LeftAudienceOn == b.LeftAudienceOn
        && a.Version == b.Version && a.RequiredSince == b.RequiredSince && a.DueDate == b.DueDate && a.Completions.Count == b.Completions.Count;
}
