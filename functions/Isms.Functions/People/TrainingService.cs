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
    IGroupDirectory groups,
    EvidenceRegister evidence,
    AuditTrail trail,
    OrganisationClock clock)
{
    /// <summary>The largest CSV file an import reads (10 MB: about 100,000 rows of a typical export).</summary>
    public const int MaxImportBytes = 10 * 1024 * 1024;

    /// <summary>The import's columns when the request names none.</summary>
    public const string DefaultUpnColumn = "userPrincipalName", DefaultDateColumn = "completedOn";

    public async Task<IReadOnlyList<CourseResponse>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await register.ListAsync(cancellationToken).ConfigureAwait(false)).Select(CourseResponse.From)];

    public async Task<Outcome<CourseResponse>> GetAsync(string id, CancellationToken cancellationToken) =>
        await register.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } course ? Outcome.Success(CourseResponse.From(course)) : NotFound<CourseResponse>(id);

    /// <summary>A new course; its audience is asked at once.</summary>
    public async Task<Outcome<CourseResponse>> CreateAsync(Caller caller, CourseInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var created = CourseRules.Create(RecordIds.New("CRS"), input.Change(), clock.Now);
        if (!created.IsSuccess)
        {
            return Outcome.Refused<CourseResponse>(created.Refusal);
        }

        if (await groups.RefuseUnknownAsync(created.Value.AudienceGroupIds, cancellationToken).ConfigureAwait(false) is { } unknown)
        {
            return Outcome.Refused<CourseResponse>(unknown);
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

        var done = await records.ChangeAsync(RequirementKind.Training, id, caller.Upn, current =>
            current is null || current.LeftAudienceOn is not null || !caller.Is(current.PersonUpn, current.PersonObjectId)
                ? Outcome.Refused<PersonRequirement>(RefusalCode.InvalidTransition, "userUpn", $"{caller.Upn} is not in the audience of course {id}.")
                : RequirementRules.Complete(current, input.CompletedOn ?? clock.Today, caller.Upn, "Self", input.EvidenceId, clock.Now, clock.Today), cancellationToken).ConfigureAwait(false);
        return done!.Map(r => RequirementResponse.From(r, clock.Today));
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

        // Every row is valid (checked above), so Complete cannot refuse one; a day already recorded leaves the record as it was.
        PersonRequirement Record(PersonRequirement person, IEnumerable<CompletionRow> rows) =>
            rows.Aggregate(person, (r, row) => RequirementRules.Complete(r, row.CompletedOn, caller.Upn, "Import", null, clock.Now, clock.Today).Value);

        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv)));
        var byPerson = parsed.Value.GroupBy(r => r.Upn, StringComparer.OrdinalIgnoreCase).ToList();
        var outside = byPerson.Where(p => existing.GetValueOrDefault(p.Key)?.Value.LeftAudienceOn is not null || !existing.ContainsKey(p.Key)).Sum(p => p.Count());
        var changes = new List<(PersonRequirement, Azure.ETag?)>();
        var already = 0;
        foreach (var rows in byPerson.Where(p => existing.GetValueOrDefault(p.Key) is { Value.LeftAudienceOn: null }))
        {
            var stored = existing[rows.Key];
            var next = Record(stored.Value, rows);
            already += rows.Count() - (next.Completions.Count - stored.Value.Completions.Count);
            if (!ReferenceEquals(next, stored.Value))
            {
                changes.Add((next, stored.ETag));
            }
        }

        foreach (var person in await records.SaveManyAsync(changes, cancellationToken).ConfigureAwait(false))
        {
            // Changed meanwhile (the person recorded it themselves, say): this file's rows are applied to what is there now.
            var rows = byPerson.First(p => string.Equals(p.Key, person.PersonUpn, StringComparison.OrdinalIgnoreCase));
            await records.ChangeAsync(RequirementKind.Training, id, person.PersonUpn, current => current is null ? null : Outcome.Success(Record(current, rows)), cancellationToken).ConfigureAwait(false);
        }

        var result = new ImportResponse(id, parsed.Value.Count, changes.Count, already, outside, sha);
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
