using System.Security.Cryptography;
using System.Text;
using Isms.Core.People;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Evidence;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.People;

/// <summary>
/// Courses and their completions (7.2, 7.3; A.6.3): courses with an audience and a frequency, a completion recorded by the
/// person who did it, and the CSV export of a learning platform imported by an ISMS admin, all rows or none.
/// </summary>
public sealed class TrainingService(
    CourseRegister register,
    PeopleRecords records,
    AudienceSync audiences,
    EvidenceRegister evidence,
    AuditTrail trail,
    OrganisationClock clock)
{
    /// <summary>The largest CSV file an import reads (10 MB: about 100,000 rows of a typical export).</summary>
    public const int MaxImportBytes = 10 * 1024 * 1024;

    public async Task<IReadOnlyList<CourseResponse>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await register.ListAsync(cancellationToken).ConfigureAwait(false)).Select(CourseResponse.From)];

    public async Task<Outcome<CourseResponse>> GetAsync(string id, CancellationToken cancellationToken) =>
        await register.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } course ? Outcome.Success(CourseResponse.From(course)) : NotFound<CourseResponse>(id);

    /// <summary>A new course; its audience is asked at once.</summary>
    public async Task<Outcome<CourseResponse>> CreateAsync(Caller caller, CourseInput input, IGroupDirectory groups, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(groups);
        var created = CourseRules.Create(RecordIds.New("CRS"), input.Change(), clock.Now);
        if (!created.IsSuccess)
        {
            return Outcome.Refused<CourseResponse>(created.Refusal);
        }

        foreach (var groupId in created.Value.AudienceGroupIds)
        {
            if (await groups.FindAsync(groupId, cancellationToken).ConfigureAwait(false) is null)
            {
                return Outcome.Refused<CourseResponse>(RefusalCode.Invalid, "audienceGroupIds", $"Group {groupId} is not in the directory.");
            }
        }

        var saved = await register.InsertAsync(created.Value, caller, cancellationToken).ConfigureAwait(false);
        await audiences.SyncAsync(saved.Value, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(CourseResponse.From(saved));
    }

    /// <summary>The caller completed the course on a day (today when not given), with an optional certificate uploaded as evidence.</summary>
    public async Task<Outcome<RequirementResponse>> CompleteAsync(Caller caller, string id, CompletionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        if (await register.GetAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound<RequirementResponse>(id);
        }

        if (input.EvidenceId is { } evidenceId && (!RecordIds.IsWellFormed(evidenceId) || await evidence.GetAsync(evidenceId, cancellationToken).ConfigureAwait(false) is null))
        {
            return Outcome.Refused<RequirementResponse>(RefusalCode.Invalid, "evidenceId", $"There is no evidence '{evidenceId}'; upload the certificate first (POST /api/evidence) and name its id.");
        }

        for (var attempt = 0; ; attempt++)
        {
            var current = await records.GetAsync(RequirementKind.Training, id, caller.Upn, cancellationToken).ConfigureAwait(false);
            if (current is null || current.Value.LeftAudienceOn is not null || !caller.Is(current.Value.PersonUpn, current.Value.PersonObjectId))
            {
                return Outcome.Refused<RequirementResponse>(RefusalCode.InvalidTransition, "userUpn", $"{caller.Upn} is not in the audience of course {id}.");
            }

            var completed = RequirementRules.Complete(current.Value, input.CompletedOn ?? clock.Today, caller.Upn, "Self", input.EvidenceId, clock.Now, clock.Today);
            if (!completed.IsSuccess)
            {
                return Outcome.Refused<RequirementResponse>(completed.Refusal);
            }

            try
            {
                var saved = await records.SaveAsync(completed.Value, current.ETag, cancellationToken).ConfigureAwait(false);
                return Outcome.Success(RequirementResponse.From(saved.Value, clock.Today));
            }
            catch (StaleRecordException) when (attempt < 2)
            {
            }
        }
    }

    /// <summary>
    /// Imports a learning platform's CSV export: every row is checked before anything is written, and a bad row is named
    /// with its line (the header is line 1). People the course does not ask are counted and left out. The import is
    /// recorded in the course's audit trail with the file's SHA-256.
    /// </summary>
    public async Task<Outcome<ImportResponse>> ImportAsync(Caller caller, string id, string csv, string upnColumn, string dateColumn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(csv);
        var course = await register.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (course is null)
        {
            return NotFound<ImportResponse>(id);
        }

        var parsed = CompletionCsv.Parse(csv, upnColumn, dateColumn, clock.Today);
        if (!parsed.IsSuccess)
        {
            return Outcome.Refused<ImportResponse>(parsed.Refusal);
        }

        var existing = new Dictionary<string, StoredRequirement>(StringComparer.OrdinalIgnoreCase);
        await foreach (var stored in records.OfSubjectAsync(RequirementKind.Training, id, cancellationToken).ConfigureAwait(false))
        {
            existing[stored.Value.PersonUpn.Trim()] = stored;
        }

        var source = "Import";
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv)));
        var latest = new Dictionary<string, PersonRequirement>(StringComparer.OrdinalIgnoreCase);
        int outside = 0, already = 0;
        foreach (var row in parsed.Value)
        {
            if (!existing.TryGetValue(row.Upn, out var stored) || stored.Value.LeftAudienceOn is not null)
            {
                outside++;
                continue;
            }

            var before = latest.GetValueOrDefault(row.Upn) ?? stored.Value;
            if (before.Completions.Any(c => c.On == row.CompletedOn))
            {
                already++;
                continue;
            }

            latest[row.Upn] = RequirementRules.Complete(before, row.CompletedOn, caller.Upn, source, null, clock.Now, clock.Today).Value;
        }

        var changes = latest.Select(p => (p.Value, (Azure.ETag?)existing[p.Key].ETag)).ToList();
        var redo = await records.SaveManyAsync(changes, cancellationToken).ConfigureAwait(false);
        foreach (var person in redo)
        {
            // Changed meanwhile (the person recorded it themselves, say): apply this file's rows to what is there now.
            var rows = parsed.Value.Where(r => string.Equals(r.Upn, person.PersonUpn, StringComparison.OrdinalIgnoreCase)).ToList();
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var current = await records.GetAsync(RequirementKind.Training, id, person.PersonUpn, cancellationToken).ConfigureAwait(false);
                if (current is null)
                {
                    break;
                }

                var next = rows.Aggregate(current.Value, (r, row) => r.Completions.Any(c => c.On == row.CompletedOn) ? r : RequirementRules.Complete(r, row.CompletedOn, caller.Upn, source, null, clock.Now, clock.Today).Value);
                try
                {
                    await records.SaveAsync(next, current.ETag, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (StaleRecordException) when (attempt < 2)
                {
                }
            }
        }

        var result = new ImportResponse(id, parsed.Value.Count, latest.Count, already, outside, sha);
        await trail.AppendAsync(trail.Entry($"courses/{id}", "CompletionsImported", caller.Upn, [
            new FieldChange("rows", null, result.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new FieldChange("recorded", null, result.Recorded.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new FieldChange("outsideAudience", null, result.OutsideAudience.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new FieldChange("sha256", null, sha),
        ]), cancellationToken).ConfigureAwait(false);
        return Outcome.Success(result);
    }

    internal static Outcome<T> NotFound<T>(string id)
        where T : notnull =>
        Outcome.Refused<T>(RefusalCode.NotFound, "id", $"There is no course '{id}'. GET /api/courses lists them.");
}
