using Isms.Core.People;
using Isms.Core.Time;
using Isms.Core.Validation;

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
    /// <summary>Every published document that asks for acknowledgement and every course; one that fails does not stop the others.</summary>
    public async Task<IReadOnlyList<AudienceSyncResult>> SyncAllAsync(CancellationToken cancellationToken)
    {
        var audiences = (await documents.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(d => d.Value.AcknowledgedVersion is not null)
            .Select(d => Audience.Of(d.Value, options.Value.AcknowledgeWithinDays))
            .Concat((await courses.ListAsync(cancellationToken).ConfigureAwait(false)).Select(c => Audience.Of(c.Value)))
            .ToList();
        var results = new List<AudienceSyncResult>();
        foreach (var audience in audiences)
        {
            try
            {
                results.Add(await SyncAsync(audience, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Throttled past the retries, storage down: this audience is left as it was and retried tomorrow.
                LogFailed(logger, ex, audience.Kind, audience.SubjectId, ex.Message);
                results.Add(new AudienceSyncResult(audience.Kind, audience.SubjectId, 0, 0, 0, 0, ex.Message));
            }
        }

        return results;
    }

    public Task<AudienceSyncResult> SyncAsync(PolicyDocument document, CancellationToken cancellationToken) =>
        SyncAsync(Audience.Of(document, options.Value.AcknowledgeWithinDays), cancellationToken);

    public Task<AudienceSyncResult> SyncAsync(Course course, CancellationToken cancellationToken) => SyncAsync(Audience.Of(course), cancellationToken);

    private async Task<AudienceSyncResult> SyncAsync(Audience audience, CancellationToken cancellationToken)
    {
        var members = new Dictionary<string, AudienceMember>(StringComparer.OrdinalIgnoreCase);
        try
        {
            foreach (var groupId in audience.GroupIds)
            {
                await foreach (var member in directory.MembersAsync(groupId, cancellationToken).ConfigureAwait(false))
                {
                    if (member.Enabled)
                    {
                        var upn = member.Upn.Trim();
                        var groups = members.TryGetValue(upn, out var seen) ? seen.GroupIds : [];
                        members[upn] = new AudienceMember(upn, member.ObjectId, groups.Contains(groupId) ? groups : [.. groups, groupId]);
                    }
                }
            }
        }
        catch (GroupDirectoryException ex)
        {
            LogFailed(logger, ex, audience.Kind, audience.SubjectId, ex.Message);
            return new AudienceSyncResult(audience.Kind, audience.SubjectId, 0, 0, 0, 0, ex.Message);
        }

        var today = clock.Today;
        var existing = new Dictionary<string, StoredRequirement>(StringComparer.OrdinalIgnoreCase);
        await foreach (var stored in records.OfSubjectAsync(audience.Kind, audience.SubjectId, cancellationToken).ConfigureAwait(false))
        {
            existing[stored.Value.PersonUpn.Trim()] = stored;
        }

        var changes = new List<(PersonRequirement, Azure.ETag?)>();
        int joined = 0, left = 0, updated = 0;
        foreach (var upn in members.Keys.Union(existing.Keys, StringComparer.OrdinalIgnoreCase))
        {
            var current = existing.GetValueOrDefault(upn);
            if (Apply(audience, members.GetValueOrDefault(upn), current?.Value, today) is not { } next)
            {
                continue;
            }

            if (!members.ContainsKey(upn))
            {
                left++;
            }
            else if (current is null || current.Value.LeftAudienceOn is not null)
            {
                joined++;
            }
            else
            {
                updated++;
            }

            changes.Add((next, current?.ETag));
        }

        foreach (var redo in await records.SaveManyAsync(changes, cancellationToken).ConfigureAwait(false))
        {
            // Someone acted between the read and the write (an acknowledgement, say): the rule is applied to their record as it is now.
            var member = members.GetValueOrDefault(redo.PersonUpn.Trim());
            await records.ChangeAsync(audience.Kind, audience.SubjectId, redo.PersonUpn, current =>
                Apply(audience, member, current, clock.Today) is { } next ? Outcome.Success(next) : null, cancellationToken).ConfigureAwait(false);
        }

        LogSynced(logger, audience.Kind, audience.SubjectId, members.Count, joined, left, updated);
        return new AudienceSyncResult(audience.Kind, audience.SubjectId, members.Count, joined, left, updated, null);
    }

    /// <summary>A person's record as the audience wants it: asked while a member, kept and no longer asked once not; null when it stands.</summary>
    private static PersonRequirement? Apply(Audience audience, AudienceMember? member, PersonRequirement? current, DateOnly today) => member is not null
        ? RequirementRules.Require(current, member, audience.Kind, audience.SubjectId, audience.Title, audience.Version, audience.FrequencyMonths, audience.DueWithinDays, today)
        : current is null ? null : RequirementRules.Leave(current, today);

    /// <summary>What a document or course asks, of which groups.</summary>
    private sealed record Audience(RequirementKind Kind, string SubjectId, string Title, string? Version, int FrequencyMonths, int DueWithinDays, IReadOnlyList<string> GroupIds)
    {
        /// <summary>A document asks for the acknowledged version; with none (nothing published, or not asked) its audience is nobody.</summary>
        public static Audience Of(PolicyDocument d, int acknowledgeWithinDays) => d.AcknowledgedVersion is { } version
            ? new(RequirementKind.Acknowledgement, d.Id, d.Title, version.Number, 0, acknowledgeWithinDays, d.AudienceGroupIds)
            : new(RequirementKind.Acknowledgement, d.Id, d.Title, null, 0, acknowledgeWithinDays, []);

        public static Audience Of(Course c) => new(RequirementKind.Training, c.Id, c.Title, null, c.FrequencyMonths, c.DueWithinDays, c.AudienceGroupIds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audience of {Kind} {SubjectId}: {Members} people, {Joined} joined, {Left} left, {Updated} updated")]
    private static partial void LogSynced(ILogger logger, RequirementKind kind, string subjectId, int members, int joined, int left, int updated);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audience of {Kind} {SubjectId} was left as it was: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception exception, RequirementKind kind, string subjectId, string reason);
}
