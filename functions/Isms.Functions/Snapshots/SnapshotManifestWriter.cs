using System.Text.Json;
using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.CorrectiveActions;
using Isms.Core.Evidence;
using Isms.Core.GapAnalysis;
using Isms.Core.Programme;
using Isms.Core.Snapshots;
using Isms.Functions.Programme;
using Isms.Functions.Registers;
using Isms.Functions.Storage;

namespace Isms.Functions.Snapshots;

/// <summary>Who takes a snapshot, when, why, and the snapshot it follows in the chain.</summary>
public sealed record SnapshotHeader(string Id, int Sequence, DateTimeOffset TakenAt, string TakenBy, string Trigger, ManifestLink? Previous);

/// <summary>What the manifest concluded, kept beside it for the list of snapshots.</summary>
public sealed record ManifestOutcome(HeadlineFigures Headline, ReadinessReport Readiness);

/// <summary>
/// Writes the manifest (<see cref="SnapshotManifest"/>, section by section through <see cref="ManifestJsonWriter"/>)
/// in canonical form straight to its stream while the registers are read page by page:
/// members are written in ordinal key order, and each member needs only what the earlier ones counted
/// (corrective actions before findings, evidence before freshness, everything before headline and readiness),
/// so no register is ever held whole. Small registers (SoA, audits, findings) are read first.
/// </summary>
public sealed class SnapshotManifestWriter(
    SoaTrace soa,
    AuditRegister audits,
    FindingRegister findings,
    CorrectiveActionRegister actions,
    GapAnalysis.GapRegister gaps,
    Risks.RiskRegister risks,
    Isms.Core.Risks.RiskRules riskRules,
    Reviews.ReviewRegister reviews,
    People.PeopleRecords people,
    Collection.CollectorRunner collectors,
    RecordStore store,
    IEvidenceCatalog evidence,
    IOptions<AuditProgrammeOptions> programmeOptions,
    IOptions<EvidenceOptions> evidenceOptions,
    Isms.Core.Time.OrganisationClock clock)
{
    /// <summary>Closed actions and findings this recent are listed alongside the open ones.</summary>
    public const int RecentWindowDays = 90;

    private const int FlushBytes = 256 * 1024;

    /// <summary>The member holding each person's record, after <c>people</c> (see <see cref="SnapshotManifest.People"/>).</summary>
    public const string PeopleRecordsMember = "peopleRecords";

    public async Task<ManifestOutcome> WriteAsync(Stream output, SnapshotHeader header, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        var today = clock.DateOf(header.TakenAt);
        var recentFrom = today.AddDays(-RecentWindowDays);
        var tally = new HeadlineTally();

        var controls = await soa.ReadEffectiveAsync(cancellationToken).ConfigureAwait(false);
        var recordedAudits = await audits.ListAsync(null, null, null, null, cancellationToken).ConfigureAwait(false);
        var raised = await findings.ListAsync(null, null, cancellationToken).ConfigureAwait(false);
        var certification = await store.GetAsync<CertificationRecord>(ProgrammeStateReader.CertificationKey, cancellationToken).ConfigureAwait(false);

        await using var writer = new Utf8JsonWriter(output, CanonicalJson.WriterOptions);
        var manifest = new ManifestJsonWriter(writer);
        manifest.StartObject();

        // collected: each evidence collector that has run, its latest outcome and its last collection (isms-snapshot/2).
        var standing = (await collectors.StandingAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.LastRun is not null).ToList();
        if (standing.Count > 0)
        {
            manifest.Write(nameof(SnapshotManifest.Collected), standing.Select(s => new ManifestCollector(
                s.Collector.Name,
                s.Collector.Title,
                s.Collector.ControlIds,
                s.LastRun!.StartedAt,
                s.LastRun.Outcome.ToString(),
                s.LastRun.Summary,
                s.LastCollected?.StartedAt,
                s.LastCollected?.EvidenceId,
                s.LastCollected?.EvidenceVersion,
                s.LastCollected?.Sha256)).ToList());
        }

        // controls: the SoA and every clause, with status and owner.
        manifest.StartArray(nameof(SnapshotManifest.Controls));
        var undecided = 0;
        foreach (var control in ControlCatalogue.All)
        {
            var row = controls[control.Id];
            var entry = row.Value;
            var decided = row.ETag != SoaRegister.Unsaved;
            if (control.IsAnnexA && !decided)
            {
                undecided++;
            }

            tally.Control(control.IsAnnexA, entry.Applicable, entry.ImplementationStatus);
            manifest.Row(new ManifestControl(
                control.Id, control.Title, control.Theme, control.IsAnnexA, decided, entry.Applicable, entry.Justification,
                entry.ImplementationStatus, entry.OwnerUpn, entry.ReviewFrequency, entry.RiskRating));
        }

        manifest.EndArray();

        // correctiveActions: open ones, then those closed within the window; findings' states are counted on the way.
        var perFinding = new Dictionary<string, FindingActions>(StringComparer.Ordinal);
        var dues = new List<CorrectiveActionDue>();
        manifest.StartObject(nameof(SnapshotManifest.CorrectiveActions));
        manifest.StartArray(nameof(ManifestCorrectiveActions.Open));
        await foreach (var stored in actions.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            // isms-snapshot/1 records the actions that answer findings; treatment, review and gap actions are not in it.
            if (stored.Value is not { FindingId: { } findingId } action)
            {
                continue;
            }

            var overdue = action.DaysOverdue(today);
            tally.OpenCorrectiveAction(overdue);
            Count(perFinding, action);
            dues.Add(new CorrectiveActionDue(findingId, action.DueDate, null));
            manifest.Row(Action(action, today, overdue));
            await FlushIfFullAsync(writer, cancellationToken).ConfigureAwait(false);
        }

        manifest.EndArray();
        manifest.StartArray(nameof(ManifestCorrectiveActions.RecentlyClosed));
        await foreach (var stored in actions.ClosedAsync(cancellationToken).ConfigureAwait(false))
        {
            if (stored.Value is not { FindingId: { } findingId } action)
            {
                continue;
            }

            Count(perFinding, action);
            DateOnly? closedOn = action.ClosedAt is { } closed ? clock.DateOf(closed) : null;
            dues.Add(new CorrectiveActionDue(findingId, action.DueDate, closedOn));
            if (closedOn >= recentFrom)
            {
                manifest.Row(Action(action, today, 0));
                await FlushIfFullAsync(writer, cancellationToken).ConfigureAwait(false);
            }
        }

        manifest.EndArray();
        manifest.Write(nameof(ManifestCorrectiveActions.WindowDays), RecentWindowDays);
        manifest.EndObject();

        // evidence: every stored version, in evidence id then version order.
        var latestByControl = new Dictionary<string, DateOnly>(StringComparer.OrdinalIgnoreCase);
        var filesByClause = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        manifest.StartArray(nameof(SnapshotManifest.Evidence));
        await foreach (var version in evidence.VersionsAsync(cancellationToken).ConfigureAwait(false))
        {
            tally.EvidenceVersion();
            foreach (var controlId in version.ControlIds)
            {
                if (version.EffectiveDate <= today && (!latestByControl.TryGetValue(controlId, out var known) || version.EffectiveDate > known))
                {
                    latestByControl[controlId] = version.EffectiveDate;
                }

                if (ControlCatalogue.TryGet(controlId, out var linked) && !linked.IsAnnexA)
                {
                    filesByClause[linked.Id] = filesByClause.GetValueOrDefault(linked.Id) + 1;
                }
            }

            manifest.Row(version);
            await FlushIfFullAsync(writer, cancellationToken).ConfigureAwait(false);
        }

        manifest.EndArray();

        // findings: open nonconformities, those closed within the window, and recent observations.
        var open = new List<ManifestFinding>();
        var closedRecently = new List<ManifestFinding>();
        var observations = new List<ManifestFinding>();
        var openMajors = new List<OpenMajorNonconformity>();
        foreach (var finding in raised.Select(f => f.Value).OrderBy(f => f.Id, StringComparer.Ordinal))
        {
            var raisedOn = clock.DateOf(finding.RaisedAt);
            perFinding.TryGetValue(finding.Id, out var own);
            if (!finding.Type.RequiresCorrectiveAction())
            {
                if (raisedOn >= recentFrom)
                {
                    observations.Add(Finding(finding, today, own, null));
                }

                continue;
            }

            var isOpen = finding.Status((own?.Open ?? 0) + (own?.Closed ?? 0), own?.Open ?? 0) == FindingStatus.Open;
            if (isOpen)
            {
                tally.OpenFinding(finding.Type);
                open.Add(Finding(finding, today, own, null));
                if (finding.Type == FindingType.MajorNonconformity)
                {
                    openMajors.Add(new OpenMajorNonconformity(finding.Id, finding.Origin(), finding.Description));
                }
            }
            else if (own!.LastClosedOn >= recentFrom)
            {
                closedRecently.Add(Finding(finding, today, own, own.LastClosedOn));
            }
        }

        manifest.Write(nameof(SnapshotManifest.Findings), new ManifestFindings(open, closedRecently, observations, RecentWindowDays));
        manifest.Write(nameof(SnapshotManifest.Format), SnapshotManifest.FormatName);

        // freshness: every clause and applicable control, judged on its latest effective date.
        manifest.StartArray(nameof(SnapshotManifest.Freshness));
        foreach (var control in ControlFreshness.Of(id => controls[id].Value, latestByControl, today, evidenceOptions.Value.DueSoonDays))
        {
            tally.Freshness(control.Assessment.State);
            manifest.Row(new ManifestFreshness(control.Control.Id, control.Control.Theme, control.Assessment.State, control.LatestEffectiveDate, control.Assessment.CoveredUntil));
        }

        manifest.EndArray();

        // gapAnalysis: clauses 4 to 10 as assessed, counted per clause (isms-snapshot/2).
        var gapItems = (await gaps.ReadAllAsync(cancellationToken).ConfigureAwait(false)).Select(s => s.Value).ToList();
        manifest.Write(nameof(SnapshotManifest.GapAnalysis), new ManifestGapAnalysis(
            [.. GapAnalysisRules.Summarise(gapItems).Select(c => new ManifestGapClause(c.Clause, c.Name, c.Met, c.Partial, c.NotMet, c.NotAssessed))],
            [.. gapItems.Select(i => new ManifestGapRequirement(i.RequirementId, RequirementCatalogue.TryGet(i.RequirementId, out var r) ? r.Clause : string.Empty, i.Status, i.Note, i.AssessedBy, i.AssessedAt))]));

        var headline = tally.Build();
        manifest.Write(nameof(SnapshotManifest.Headline), headline);
        manifest.Write(nameof(SnapshotManifest.Id), header.Id);

        // managementReview: the last one completed by then, when there is one (isms-snapshot/2).
        var recordedReviews = (await reviews.ListAsync(cancellationToken).ConfigureAwait(false)).Select(r => r.Value).ToList();
        var lastReview = recordedReviews
            .Where(r => r.Status == Isms.Core.Reviews.ReviewStatus.Completed && r.HeldOn <= today)
            .OrderByDescending(r => r.HeldOn).ThenByDescending(r => r.CompletedAt)
            .FirstOrDefault();
        if (lastReview is not null)
        {
            var outputs = await actions.ForOriginAsync(Reviews.ManagementReviewService.Origin(lastReview.Id), cancellationToken).ConfigureAwait(false);
            manifest.Write(nameof(SnapshotManifest.ManagementReview), new ManifestManagementReview(
                lastReview.Id,
                lastReview.PlannedDate,
                lastReview.HeldOn,
                lastReview.CompletedAt,
                lastReview.CompletedBy,
                [.. lastReview.Attendees.Select(a => new ManifestReviewAttendee(a.Upn, a.TopManagement))],
                lastReview.Minutes,
                [.. lastReview.Decisions.Select(d => new ManifestReviewDecision(d.Kind.ToString(), d.Text))],
                [.. outputs.Select(o => o.Value).OrderBy(o => o.Id, StringComparer.Ordinal).Select(o => new ManifestReviewAction(o.Id, o.OwnerUpn, o.Correction, o.DueDate, o.Status))]));
        }

        // people, then peopleRecords: acknowledgement and training, when anything is asked of anyone (isms-snapshot/2). The
        // records are read twice (figures first, as the members are in ordinal order) and never held: there may be 200,000.
        var peopleTally = new Isms.Core.People.PeopleTally(today);
        var anyRecord = false;
        await foreach (var requirement in people.AllAsync(cancellationToken).ConfigureAwait(false))
        {
            peopleTally.Add(requirement);
            anyRecord = true;
        }

        if (anyRecord)
        {
            var summary = peopleTally.Build();
            static ManifestCompletion Completion(Isms.Core.People.CompletionFigures f) => new(f.Required, f.Done, f.Owed, f.Overdue);
            manifest.Write(nameof(SnapshotManifest.People), new ManifestPeople(
                summary.AsOf,
                summary.People,
                Completion(summary.Acknowledgement),
                Completion(summary.Training),
                [.. summary.Subjects.Select(x => new ManifestPeopleSubject(x.Kind.ToString(), x.SubjectId, x.Title, Completion(x.Figures)))],
                [.. summary.Groups.Select(g => new ManifestPeopleGroup(g.GroupId, g.People, Completion(g.Acknowledgement), Completion(g.Training)))],
                summary.OverduePeople));
            manifest.StartArray(PeopleRecordsMember);
            await foreach (var r in people.AllAsync(cancellationToken).ConfigureAwait(false))
            {
                manifest.Row(new ManifestPersonRecord(
                    r.PersonUpn, r.Kind.ToString(), r.SubjectId, r.Version, r.State(today).ToString(), r.RequiredSince, r.DueDate, r.Last?.On, r.Last?.Version, r.Last?.Source, r.LeftAudienceOn));
                await FlushIfFullAsync(writer, cancellationToken).ConfigureAwait(false);
            }

            manifest.EndArray();
        }

        manifest.Write(nameof(SnapshotManifest.Previous), header.Previous);

        // programme: the audits on record and the coverage of the internal audit programme.
        var state = new ProgrammeState(
            certification is null ? null : new CertificationCycle(certification.Value.CertificationDecisionDate, certification.Value.ExpiryDate),
            [.. ControlCatalogue.All.Select(c => ProgrammeStateReader.ToProgrammeControl(c, controls[c.Id].Value))],
            [.. recordedAudits.Select(a => ProgrammeStateReader.ToRecorded(a.Value))],
            [.. raised.Select(f => ProgrammeStateReader.ToRecorded(f.Value, clock))],
            dues,
            programmeOptions.Value.ParsedInternalAuditors());
        var plan = new AuditProgrammePlanner(new Isms.Core.Time.OrganisationClock(new FixedClock(header.TakenAt), clock.Zone), programmeOptions.Value).Plan(state);
        var coverage = plan.Coverage.Where(r => r.IsClause || r.Applicable).ToList();
        manifest.Write(nameof(SnapshotManifest.Programme), new ManifestProgramme(
            certification is null ? null : new ManifestCertification(
                certification.Value.CertificationBody, certification.Value.CertificationDecisionDate, certification.Value.ExpiryDate, certification.Value.Scope),
            plan.CycleKey,
            coverage.Count,
            coverage.Count(r => r.OnTrack),
            [.. recordedAudits.Select(a => a.Value).Select(a => new ManifestAudit(a.Id, a.Type, a.Title, a.Status, a.PlannedStart, a.PlannedEnd, a.LeadAuditorUpn))],
            [.. coverage.Select(r => new ManifestCoverage(r.ControlId, r.LastAuditedOn, r.NextPlannedOn, r.OnTrack, r.Reason))]));

        var registeredRisks = await risks.ListAsync(cancellationToken).ConfigureAwait(false);
        var readiness = ReadinessChecklist.Assess(new ReadinessInputs(
            filesByClause,
            undecided,
            recordedAudits.Count(a => a.Value.Type == AuditType.Internal && a.Value.Status == AuditStatus.Completed),
            Isms.Core.Reviews.ManagementReviewRules.CompletedInLastYear(recordedReviews, today),
            dues.Count,
            openMajors,
            riskRules.Readiness(registeredRisks.Select(r => r.Value))));
        manifest.Write(nameof(SnapshotManifest.Readiness), readiness);

        // risks: the register with the matrix in force (isms-snapshot/2).
        var matrix = riskRules.Matrix;
        manifest.Write(nameof(SnapshotManifest.Risks), new ManifestRisks(
            matrix.Likelihoods,
            matrix.Impacts,
            matrix.AcceptanceCriteria,
            [.. registeredRisks.Select(r => r.Value).OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => new ManifestRisk(
                r.Id, r.Title, r.Asset, r.OwnerUpn, r.Likelihood, r.Impact, r.Treatment?.Option, r.Treatment?.ControlIds ?? [],
                r.Treatment?.ResidualLikelihood ?? r.Likelihood, r.Treatment?.ResidualImpact ?? r.Impact, r.ReviewDate,
                r.Approval?.ByUpn, r.Approval?.At, r.Acceptance?.ByUpn, r.Acceptance?.At))]));
        manifest.Write(nameof(SnapshotManifest.Sequence), header.Sequence);
        manifest.Write(nameof(SnapshotManifest.TakenAt), header.TakenAt);
        manifest.Write(nameof(SnapshotManifest.TakenBy), header.TakenBy);
        manifest.Write(nameof(SnapshotManifest.Trigger), header.Trigger);
        manifest.EndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new ManifestOutcome(headline, readiness);
    }

    private static async ValueTask FlushIfFullAsync(Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        if (writer.BytesPending >= FlushBytes)
        {
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private ManifestCorrectiveAction Action(CorrectiveAction a, DateOnly today, int daysOverdue) =>
        new(a.Id, a.FindingId!, a.OwnerUpn, a.Status, a.DueDate, a.CreatedAt, a.ClosedAt, CorrectiveActionAgeing.AgeDays(clock.DateOf(a.CreatedAt), today), daysOverdue);

    private ManifestFinding Finding(Finding f, DateOnly today, FindingActions? own, DateOnly? closedOn) =>
        new(f.Id, f.AuditId, f.Type, f.ControlIds, f.Description, f.RaisedAt, CorrectiveActionAgeing.AgeDays(clock.DateOf(f.RaisedAt), today), (own?.Open ?? 0) + (own?.Closed ?? 0), closedOn)
        {
            Source = f.AuditId is null ? f.Source : null,
            Reference = f.AuditId is null ? f.Reference : null,
        };

    private void Count(Dictionary<string, FindingActions> perFinding, CorrectiveAction action)
    {
        if (!perFinding.TryGetValue(action.FindingId!, out var own))
        {
            own = new FindingActions();
            perFinding[action.FindingId!] = own;
        }

        if (action.Status == CorrectiveActionStatus.Closed)
        {
            own.Closed++;
            if (action.ClosedAt is { } closed && (own.LastClosedOn is null || clock.DateOf(closed) > own.LastClosedOn))
            {
                own.LastClosedOn = clock.DateOf(closed);
            }
        }
        else
        {
            own.Open++;
        }
    }

    /// <summary>How many of a finding's actions are open and closed, and when the last one closed.</summary>
    private sealed class FindingActions
    {
        public int Open { get; set; }

        public int Closed { get; set; }

        public DateOnly? LastClosedOn { get; set; }
    }

    /// <summary>The planner judges coverage as of the snapshot's own instant.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
