using System.Text.Json;
using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.CorrectiveActions;
using Isms.Core.Evidence;
using Isms.Core.Programme;
using Isms.Core.Snapshots;
using Isms.Functions.Programme;
using Isms.Functions.Registers;
using Isms.Functions.Storage;

namespace Isms.Functions.Snapshots;

/// <summary>Who takes a snapshot, when, why, and the snapshot it follows in the chain.</summary>
public sealed record SnapshotHeader(string Id, int Sequence, DateTimeOffset TakenAt, string TakenBy, string Trigger, string? PreviousId, string? PreviousSha256);

/// <summary>What the manifest concluded, kept beside it for the list of snapshots.</summary>
public sealed record ManifestOutcome(HeadlineFigures Headline, ReadinessReport Readiness);

/// <summary>
/// Writes the manifest in canonical form straight to its stream while the registers are read page by page:
/// members are written in ordinal key order, and each member needs only what the earlier ones counted
/// (corrective actions before findings, evidence before freshness, everything before headline and readiness),
/// so no register is ever held whole. Small registers (SoA, audits, findings) are read first.
/// </summary>
public sealed class SnapshotManifestWriter(
    SoaRegister soa,
    AuditRegister audits,
    FindingRegister findings,
    CorrectiveActionRegister actions,
    RecordStore store,
    IEvidenceCatalog evidence,
    IOptions<AuditProgrammeOptions> programmeOptions,
    IOptions<EvidenceOptions> evidenceOptions,
    Isms.Core.Time.OrganisationClock clock)
{
    public const string Format = "isms-snapshot/1";

    /// <summary>Closed actions and findings this recent are listed alongside the open ones.</summary>
    public const int RecentWindowDays = 90;

    private const int FlushBytes = 256 * 1024;

    public async Task<ManifestOutcome> WriteAsync(Stream output, SnapshotHeader header, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        var today = clock.DateOf(header.TakenAt);
        var recentFrom = today.AddDays(-RecentWindowDays);
        var tally = new HeadlineTally();

        var controls = await soa.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var recordedAudits = await audits.ListAsync(null, null, null, null, cancellationToken).ConfigureAwait(false);
        var raised = await findings.ListAsync(null, null, cancellationToken).ConfigureAwait(false);
        var certification = await store.GetAsync<CertificationRecord>(ProgrammeStateReader.CertificationKey, cancellationToken).ConfigureAwait(false);

        await using var writer = new Utf8JsonWriter(output, CanonicalJson.WriterOptions);
        writer.WriteStartObject();

        // controls: the SoA and every clause, with status and owner.
        writer.WritePropertyName("controls");
        writer.WriteStartArray();
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
            CanonicalJson.WriteValue(writer, new Dictionary<string, object?>
            {
                ["controlId"] = control.Id,
                ["title"] = control.Title,
                ["theme"] = control.Theme,
                ["isAnnexA"] = control.IsAnnexA,
                ["decided"] = decided,
                ["applicable"] = entry.Applicable,
                ["justification"] = entry.Justification,
                ["implementationStatus"] = entry.ImplementationStatus,
                ["ownerUpn"] = entry.OwnerUpn,
                ["reviewFrequency"] = entry.ReviewFrequency,
                ["riskRating"] = entry.RiskRating,
            });
        }

        writer.WriteEndArray();

        // correctiveActions: open ones, then those closed within the window; findings' states are counted on the way.
        var perFinding = new Dictionary<string, FindingActions>(StringComparer.Ordinal);
        var dues = new List<CorrectiveActionDue>();
        writer.WritePropertyName("correctiveActions");
        writer.WriteStartObject();
        writer.WritePropertyName("open");
        writer.WriteStartArray();
        await foreach (var stored in actions.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            var action = stored.Value;
            var overdue = action.DaysOverdue(today);
            tally.OpenCorrectiveAction(overdue);
            Count(perFinding, action);
            dues.Add(new CorrectiveActionDue(action.FindingId, action.DueDate, null));
            CanonicalJson.WriteValue(writer, Action(action, today, overdue));
            await FlushIfFullAsync(writer, cancellationToken).ConfigureAwait(false);
        }

        writer.WriteEndArray();
        writer.WritePropertyName("recentlyClosed");
        writer.WriteStartArray();
        await foreach (var stored in actions.ClosedAsync(cancellationToken).ConfigureAwait(false))
        {
            var action = stored.Value;
            Count(perFinding, action);
            DateOnly? closedOn = action.ClosedAt is { } closed ? DateOnly.FromDateTime(closed.UtcDateTime) : null;
            dues.Add(new CorrectiveActionDue(action.FindingId, action.DueDate, closedOn));
            if (closedOn >= recentFrom)
            {
                CanonicalJson.WriteValue(writer, Action(action, today, 0));
                await FlushIfFullAsync(writer, cancellationToken).ConfigureAwait(false);
            }
        }

        writer.WriteEndArray();
        writer.WriteNumber("windowDays", RecentWindowDays);
        writer.WriteEndObject();

        // evidence: every stored version, in evidence id then version order.
        var latestByControl = new Dictionary<string, DateOnly>(StringComparer.OrdinalIgnoreCase);
        var filesByClause = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        writer.WritePropertyName("evidence");
        writer.WriteStartArray();
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

            WriteEvidence(writer, version);
            await FlushIfFullAsync(writer, cancellationToken).ConfigureAwait(false);
        }

        writer.WriteEndArray();

        // findings: open nonconformities, those closed within the window, and recent observations.
        var open = new List<Dictionary<string, object?>>();
        var closedRecently = new List<Dictionary<string, object?>>();
        var observations = new List<Dictionary<string, object?>>();
        var openMajors = new List<OpenMajorNonconformity>();
        foreach (var finding in raised.Select(f => f.Value).OrderBy(f => f.Id, StringComparer.Ordinal))
        {
            var raisedOn = DateOnly.FromDateTime(finding.RaisedAt.UtcDateTime);
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
                    openMajors.Add(new OpenMajorNonconformity(finding.Id, finding.AuditId, finding.Description));
                }
            }
            else if (own!.LastClosedOn >= recentFrom)
            {
                closedRecently.Add(Finding(finding, today, own, own.LastClosedOn));
            }
        }

        writer.WritePropertyName("findings");
        CanonicalJson.WriteValue(writer, new Dictionary<string, object?>
        {
            ["open"] = open,
            ["recentlyClosed"] = closedRecently,
            ["recentObservations"] = observations,
            ["windowDays"] = RecentWindowDays,
        });

        writer.WriteString("format", Format);

        // freshness: every clause and applicable control, judged on its latest effective date.
        writer.WritePropertyName("freshness");
        writer.WriteStartArray();
        foreach (var control in ControlCatalogue.All)
        {
            var entry = controls[control.Id].Value;
            if (!entry.Applicable)
            {
                continue;
            }

            DateOnly? latest = latestByControl.TryGetValue(control.Id, out var date) ? date : null;
            var assessment = EvidenceFreshness.Assess(entry.ReviewFrequency.Months(), latest, today, evidenceOptions.Value.DueSoonDays);
            tally.Freshness(assessment.State);
            CanonicalJson.WriteValue(writer, new Dictionary<string, object?>
            {
                ["controlId"] = control.Id,
                ["theme"] = control.Theme,
                ["state"] = assessment.State,
                ["latestEffectiveDate"] = latest,
                ["coveredUntil"] = assessment.CoveredUntil,
            });
        }

        writer.WriteEndArray();

        var headline = tally.Build();
        writer.WritePropertyName("headline");
        CanonicalJson.WriteValue(writer, headline.ToManifest());
        writer.WriteString("id", header.Id);
        writer.WritePropertyName("previous");
        CanonicalJson.WriteValue(writer, header.PreviousId is null ? null : new Dictionary<string, object?> { ["id"] = header.PreviousId, ["sha256"] = header.PreviousSha256 });

        // programme: the audits on record and the coverage of the internal audit programme.
        var state = new ProgrammeState(
            certification is null ? null : new CertificationCycle(certification.Value.CertificationDecisionDate, certification.Value.ExpiryDate),
            [.. ControlCatalogue.All.Select(c => ProgrammeStateReader.ToProgrammeControl(c, controls[c.Id].Value))],
            [.. recordedAudits.Select(a => ProgrammeStateReader.ToRecorded(a.Value))],
            [.. raised.Select(f => ProgrammeStateReader.ToRecorded(f.Value))],
            dues,
            programmeOptions.Value.ParsedInternalAuditors());
        var plan = new AuditProgrammePlanner(new Isms.Core.Time.OrganisationClock(new FixedClock(header.TakenAt), clock.Zone), programmeOptions.Value).Plan(state);
        var coverage = plan.Coverage.Where(r => r.IsClause || r.Applicable).ToList();
        writer.WritePropertyName("programme");
        CanonicalJson.WriteValue(writer, new Dictionary<string, object?>
        {
            ["certification"] = certification is null ? null : new Dictionary<string, object?>
            {
                ["certificationBody"] = certification.Value.CertificationBody,
                ["certificationDecisionDate"] = certification.Value.CertificationDecisionDate,
                ["expiryDate"] = certification.Value.ExpiryDate,
                ["scope"] = certification.Value.Scope,
            },
            ["cycleKey"] = plan.CycleKey,
            ["controls"] = coverage.Count,
            ["onTrack"] = coverage.Count(r => r.OnTrack),
            ["audits"] = recordedAudits.Select(a => a.Value).Select(a => new Dictionary<string, object?>
            {
                ["id"] = a.Id,
                ["type"] = a.Type,
                ["title"] = a.Title,
                ["status"] = a.Status,
                ["plannedStart"] = a.PlannedStart,
                ["plannedEnd"] = a.PlannedEnd,
                ["leadAuditorUpn"] = a.LeadAuditorUpn,
            }).ToList(),
            ["coverage"] = coverage.Select(r => new Dictionary<string, object?>
            {
                ["controlId"] = r.ControlId,
                ["lastAuditedOn"] = r.LastAuditedOn,
                ["nextPlannedOn"] = r.NextPlannedOn,
                ["onTrack"] = r.OnTrack,
                ["reason"] = r.Reason,
            }).ToList(),
        });

        var readiness = ReadinessChecklist.Assess(new ReadinessInputs(
            filesByClause,
            undecided,
            recordedAudits.Count(a => a.Value.Type == AuditType.Internal && a.Value.Status == AuditStatus.Completed),
            recordedAudits.Count(a => a.Value.Type == AuditType.ManagementReview && a.Value.Status == AuditStatus.Completed),
            dues.Count,
            openMajors));
        writer.WritePropertyName("readiness");
        CanonicalJson.WriteValue(writer, new Dictionary<string, object?>
        {
            ["ready"] = readiness.Ready,
            ["blockers"] = readiness.Blockers.Select(b => new Dictionary<string, object?> { ["kind"] = b.Kind, ["reference"] = b.Reference, ["detail"] = b.Detail }).ToList(),
            ["items"] = readiness.Items.Select(i => new Dictionary<string, object?>
            {
                ["key"] = i.Key,
                ["clauseId"] = i.ClauseId,
                ["title"] = i.Title,
                ["evidenced"] = i.Evidenced,
                ["basis"] = i.Basis,
            }).ToList(),
        });

        writer.WriteNumber("sequence", header.Sequence);
        writer.WriteString("takenAt", CanonicalJson.Instant(header.TakenAt));
        writer.WriteString("takenBy", header.TakenBy);
        writer.WriteString("trigger", header.Trigger);
        writer.WriteEndObject();
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

    private static void WriteEvidence(Utf8JsonWriter writer, EvidenceVersionEntry v)
    {
        // The hottest loop of a snapshot: written member by member, in ordinal key order, without a dictionary.
        writer.WriteStartObject();
        writer.WriteString("blobName", v.BlobName);
        writer.WriteString("container", v.Container);
        writer.WriteString("contentType", v.ContentType);
        writer.WritePropertyName("controlIds");
        writer.WriteStartArray();
        foreach (var id in v.ControlIds)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
        writer.WriteString("effectiveDate", CanonicalJson.Date(v.EffectiveDate));
        writer.WriteString("fileName", v.FileName);
        writer.WriteString("id", v.EvidenceId);
        writer.WriteString("sha256", v.Sha256);
        writer.WriteNumber("size", v.Size);
        writer.WriteNumber("version", v.Version);
        writer.WriteEndObject();
    }

    private static Dictionary<string, object?> Action(CorrectiveAction a, DateOnly today, int daysOverdue) => new()
    {
        ["id"] = a.Id,
        ["findingId"] = a.FindingId,
        ["ownerUpn"] = a.OwnerUpn,
        ["status"] = a.Status,
        ["dueDate"] = a.DueDate,
        ["createdAt"] = a.CreatedAt,
        ["closedAt"] = a.ClosedAt,
        ["ageDays"] = CorrectiveActionAgeing.AgeDays(a.CreatedAt, today),
        ["daysOverdue"] = daysOverdue,
    };

    private static Dictionary<string, object?> Finding(Finding f, DateOnly today, FindingActions? own, DateOnly? closedOn) => new()
    {
        ["id"] = f.Id,
        ["auditId"] = f.AuditId,
        ["type"] = f.Type,
        ["controlIds"] = f.ControlIds,
        ["description"] = f.Description,
        ["raisedAt"] = f.RaisedAt,
        ["ageDays"] = CorrectiveActionAgeing.AgeDays(f.RaisedAt, today),
        ["correctiveActions"] = (own?.Open ?? 0) + (own?.Closed ?? 0),
        ["closedOn"] = closedOn,
    };

    private static void Count(Dictionary<string, FindingActions> perFinding, CorrectiveAction action)
    {
        if (!perFinding.TryGetValue(action.FindingId, out var own))
        {
            own = new FindingActions();
            perFinding[action.FindingId] = own;
        }

        if (action.Status == CorrectiveActionStatus.Closed)
        {
            own.Closed++;
            if (action.ClosedAt is { } closed && (own.LastClosedOn is null || DateOnly.FromDateTime(closed.UtcDateTime) > own.LastClosedOn))
            {
                own.LastClosedOn = DateOnly.FromDateTime(closed.UtcDateTime);
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
