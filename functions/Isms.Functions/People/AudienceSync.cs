using Isms.Core.People;
using Isms.Core.Time;
using Isms.Functions.Storage;

namespace Isms.Functions.People;

/// <summary>What one audience's sync did: the people in it now, who joined, who left, whose record changed, or why it could not run.</summary>
public sealed record AudienceSyncResult(RequirementKind Kind, string SubjectId, int Members, int Joined, int Left, int Updated, string? Error);

/// <summary>
/// Keeps each person's requirements in step with the Entra groups a document or course names: every group is read whole
/// (nested groups through <c>transitiveMembers</c>, disabled accounts left out) before anything changes, so a group that
/// cannot be read leaves the audience as it was. People new to the audience are asked; people no longer in any group of
/// it keep their record and are asked no more; a new version asks again (<see cref="RequirementRules"/>).
/// </summary>
public sealed partial class AudienceSync(
    DocumentRegister documents,
    CourseRegister courses,
    PeopleRecords records,
    IGroupDirectory directory,
    IOptions<PeopleOptions> options,
    OrganisationClock clock,
    ILogger<AudienceSync> logger)
{
    /// <summary>Every published document that asks for acknowledgement and every course.</summary>
    public async Task<IReadOnlyList<AudienceSyncResult>> SyncAllAsync(CancellationToken cancellationToken)
    {
        var results = new List<AudienceSyncResult>();
        foreach (var document in await documents.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (document.Value.AcknowledgedVersion is not null)
            {
                results.Add(await SyncAsync(document.Value, cancellationToken).ConfigureAwait(false));
            }
        }

        foreach (var course in await courses.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(await SyncAsync(course.Value, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    public Task<AudienceSyncResult> SyncAsync(PolicyDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var version = document.AcknowledgedVersion;
        return SyncAsync(
            RequirementKind.Acknowledgement, document.Id, document.Title, version?.Number, 0, options.Value.AcknowledgeWithinDays,
            version is null ? [] : document.AudienceGroupIds, cancellationToken);
    }

    public Task<AudienceSyncResult> SyncAsync(Course course, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(course);
        return SyncAsync(RequirementKind.Training, course.Id, course.Title, null, course.FrequencyMonths, course.DueWithinDays, course.AudienceGroupIds, cancellationToken);
    }

    private async Task<AudienceSyncResult> SyncAsync(
        RequirementKind kind, string subjectId, string title, string? version, int frequencyMonths, int dueWithinDays, IReadOnlyList<string> groupIds, CancellationToken cancellationToken)
    {
        var members = new Dictionary<string, (GroupMember Member, List<string> Groups)>(StringComparer.OrdinalIgnoreCase);
        foreach (var groupId in groupIds)
        {
            try
            {
                await foreach (var member in directory.MembersAsync(groupId, cancellationToken).ConfigureAwait(false))
                {
                    if (!member.Enabled)
                    {
                        continue;
                    }

                    if (!members.TryGetValue(member.Upn.Trim(), out var entry))
                    {
                        members[member.Upn.Trim()] = entry = (member, []);
                    }

                    if (!entry.Groups.Contains(groupId))
                    {
                        entry.Groups.Add(groupId);
                    }
                }
            }
            catch (GroupDirectoryException ex)
            {
                LogFailed(logger, ex, kind, subjectId, ex.Message);
                return new AudienceSyncResult(kind, subjectId, 0, 0, 0, 0, ex.Message);
            }
        }

        var today = clock.Today;
        var existing = new Dictionary<string, StoredRequirement>(StringComparer.OrdinalIgnoreCase);
        await foreach (var stored in records.OfSubjectAsync(kind, subjectId, cancellationToken).ConfigureAwait(false))
        {
            existing[stored.Value.PersonUpn.Trim()] = stored;
        }

        var changes = new List<(PersonRequirement, Azure.ETag?)>();
        int joined = 0, left = 0, updated = 0;
        foreach (var (upn, (member, groups)) in members)
        {
            var current = existing.GetValueOrDefault(upn);
            var next = RequirementRules.Require(current?.Value, new AudienceMember(member.Upn.Trim(), member.ObjectId, groups), kind, subjectId, title, version, frequencyMonths, dueWithinDays, today);
            if (next is null)
            {
                continue;
            }

            if (current is null || current.Value.LeftAudienceOn is not null)
            {
                joined++;
            }
            else
            {
                updated++;
            }

            changes.Add((next, current?.ETag));
        }

        foreach (var (upn, stored) in existing)
        {
            if (!members.ContainsKey(upn) && RequirementRules.Leave(stored.Value, today) is { } gone)
            {
                left++;
                changes.Add((gone, stored.ETag));
            }
        }

        foreach (var redo in await records.SaveManyAsync(changes, cancellationToken).ConfigureAwait(false))
        {
            // Someone acted between the read and the write (an acknowledgement, say): read their record again and apply the rule to it.
            await RedoAsync(redo, members, kind, subjectId, title, version, frequencyMonths, dueWithinDays, cancellationToken).ConfigureAwait(false);
        }

        LogSynced(logger, kind, subjectId, members.Count, joined, left, updated);
        return new AudienceSyncResult(kind, subjectId, members.Count, joined, left, updated, null);
    }

    private async Task RedoAsync(
        PersonRequirement wanted, Dictionary<string, (GroupMember Member, List<string> Groups)> members, RequirementKind kind, string subjectId, string title, string? version, int frequencyMonths, int dueWithinDays, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var today = clock.Today;
            var current = await records.GetAsync(kind, subjectId, wanted.PersonUpn, cancellationToken).ConfigureAwait(false);
            var next = members.TryGetValue(wanted.PersonUpn.Trim(), out var entry)
                ? RequirementRules.Require(current?.Value, new AudienceMember(entry.Member.Upn.Trim(), entry.Member.ObjectId, entry.Groups), kind, subjectId, title, version, frequencyMonths, dueWithinDays, today)
                : current is null ? null : RequirementRules.Leave(current.Value, today);
            if (next is null)
            {
                return;
            }

            try
            {
                await records.SaveAsync(next, current?.ETag, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (StaleRecordException) when (attempt < 2)
            {
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audience of {Kind} {SubjectId}: {Members} people, {Joined} joined, {Left} left, {Updated} updated")]
    private static partial void LogSynced(ILogger logger, RequirementKind kind, string subjectId, int members, int joined, int left, int updated);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audience of {Kind} {SubjectId} was left as it was: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception exception, RequirementKind kind, string subjectId, string reason);
}

/// <summary>Daily: the people behind each document's and course's groups (<see cref="AudienceSync"/>).</summary>
public sealed class SyncAudiencesFunction(AudienceSync sync)
{
    [Function("SyncAudiences")]
    public Task Run([TimerTrigger("%SyncAudiencesSchedule%")] TimerInfo timer, CancellationToken cancellationToken) => sync.SyncAllAsync(cancellationToken);
}
