using System.Globalization;
using System.Security.Cryptography;
using Isms.Core.People;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.People;

/// <summary>
/// What auditors ask about people (7.2, 7.3, 7.5): one person's requirements, acknowledgements by document, person and
/// state, completion per group and overall, and a seeded random sample for interviews recorded in the audit trail.
/// </summary>
public sealed class PeopleReports(DocumentRegister documents, CourseRegister courses, PeopleRecords records, AuditTrail trail, OrganisationClock clock)
{
    /// <summary>Everything asked of <paramref name="upn"/>: one read per document and course (dozens), in parallel.</summary>
    public async Task<PersonResponse> PersonAsync(string upn, CancellationToken cancellationToken)
    {
        var subjects = (await documents.ListAsync(cancellationToken).ConfigureAwait(false)).Select(d => (RequirementKind.Acknowledgement, d.Value.Id))
            .Concat((await courses.ListAsync(cancellationToken).ConfigureAwait(false)).Select(c => (RequirementKind.Training, c.Value.Id)))
            .ToList();
        var found = new PersonRequirement?[subjects.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, subjects.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
            found[i] = (await records.GetAsync(subjects[i].Item1, subjects[i].Item2, upn, ct).ConfigureAwait(false))?.Value).ConfigureAwait(false);
        return Person(upn.Trim(), found.OfType<PersonRequirement>());
    }

    public PersonResponse Person(string upn, IEnumerable<PersonRequirement> requirements)
    {
        var today = clock.Today;
        var list = requirements.Select(r => RequirementResponse.From(r, today)).OrderBy(r => r.DueDate).ThenBy(r => r.SubjectId, StringComparer.Ordinal).ToList();
        return new PersonResponse(upn, today, list.Count(r => r.State == RequirementState.Owed), list.Count(r => r.State == RequirementState.Overdue), list);
    }

    /// <summary>Acknowledgements by document, person and state (Owed, Done, Overdue), the most urgent first.</summary>
    public async Task<IReadOnlyList<RequirementResponse>> AcknowledgementsAsync(string? documentId, string? userUpn, RequirementState? state, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var ids = documentId is not null ? [documentId] : (await documents.ListAsync(cancellationToken).ConfigureAwait(false)).Select(d => d.Value.Id).ToList();
        var found = new List<PersonRequirement>();
        foreach (var id in ids)
        {
            if (userUpn is not null)
            {
                if (await records.GetAsync(RequirementKind.Acknowledgement, id, userUpn, cancellationToken).ConfigureAwait(false) is { } one)
                {
                    found.Add(one.Value);
                }

                continue;
            }

            await foreach (var stored in records.OfSubjectAsync(RequirementKind.Acknowledgement, id, cancellationToken).ConfigureAwait(false))
            {
                found.Add(stored.Value);
            }
        }

        return [.. found
            .Where(r => documentId is null || r.SubjectId == documentId)
            .Where(r => state is null ? r.LeftAudienceOn is null : r.State(today) == state)
            .Select(r => RequirementResponse.From(r, today))
            .OrderBy(r => r.State switch { RequirementState.Overdue => 0, RequirementState.Owed => 1, _ => 2 })
            .ThenBy(r => r.DueDate).ThenBy(r => r.UserUpn, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.SubjectId, StringComparer.Ordinal)];
    }

    public async Task<PeopleSummary> SummaryAsync(CancellationToken cancellationToken)
    {
        var all = new List<PersonRequirement>();
        await foreach (var requirement in records.AllAsync(cancellationToken).ConfigureAwait(false))
        {
            all.Add(requirement);
        }

        return PeopleFiguresRules.Summarise(all, clock.Today);
    }

    /// <summary>
    /// Draws <paramref name="size"/> people (of a group, or of everyone asked anything) with a seed (a random one when not
    /// given, returned so the draw can be repeated), records the draw in the audit trail under <c>people-samples/{id}</c>,
    /// and returns each person's record.
    /// </summary>
    public async Task<Outcome<SampleResponse>> SampleAsync(Caller caller, int size, string? groupId, int? seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (size is < 1 or > PeopleFiguresRules.MaxSample)
        {
            return Outcome.Refused<SampleResponse>(RefusalCode.Invalid, "size", $"size must be 1 to {PeopleFiguresRules.MaxSample}.");
        }

        if (groupId is not null && !Guid.TryParse(groupId, out _))
        {
            return Outcome.Refused<SampleResponse>(RefusalCode.Invalid, "groupId", $"'{groupId}' is not an Entra group object id.");
        }

        var byPerson = new Dictionary<string, List<PersonRequirement>>(StringComparer.OrdinalIgnoreCase);
        await foreach (var requirement in records.AllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (requirement.LeftAudienceOn is null)
            {
                var key = requirement.PersonUpn.Trim().ToLowerInvariant();
                if (!byPerson.TryGetValue(key, out var list))
                {
                    byPerson[key] = list = [];
                }

                list.Add(requirement);
            }
        }

        var population = byPerson.Where(p => groupId is null || p.Value.Any(r => r.GroupIds.Contains(groupId.ToLowerInvariant(), StringComparer.Ordinal))).Select(p => p.Key).ToList();
        var drawnWith = seed ?? RandomNumberGenerator.GetInt32(int.MaxValue);
        var drawn = PeopleFiguresRules.Sample(population, size, drawnWith);
        var id = RecordIds.New("SMP");
        var entry = trail.Entry($"people-samples/{id}", "Drawn", caller.Upn, [
            new FieldChange("seed", null, drawnWith.ToString(CultureInfo.InvariantCulture)),
            new FieldChange("size", null, size.ToString(CultureInfo.InvariantCulture)),
            new FieldChange("groupId", null, groupId),
            new FieldChange("population", null, population.Count.ToString(CultureInfo.InvariantCulture)),
            new FieldChange("people", null, string.Join(", ", drawn)),
        ]);
        await trail.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(new SampleResponse(id, drawnWith, size, groupId, population.Count, entry.At, caller.Upn, [.. drawn.Select(p => Person(p, byPerson[p]))]));
    }
}
