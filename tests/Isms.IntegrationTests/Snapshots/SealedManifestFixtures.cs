using System.Text;
using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.CorrectiveActions;
using Isms.Core.GapAnalysis;
using Isms.Functions.Programme;
using Isms.Functions.Registers;
using Isms.Functions.Storage;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Isms.IntegrationTests.Snapshots.SnapshotSeeding;

namespace Isms.IntegrationTests.Snapshots;

/// <summary>
/// A small ISMS with fixed ids, dates, file contents and blob names, changed between three snapshots, so that
/// sealing it always gives the same manifests (<c>tests/fixtures/isms-snapshot-2</c>; the gap analysis it holds is
/// data /1 never saw). The manifests in <c>tests/fixtures/isms-snapshot-1</c> were sealed
/// from exactly this data by the manifest writer as it stood before the manifest had typed records; they are the
/// bytes that must go on verifying and reading, whatever the code that reads them becomes.
/// </summary>
/// <remarks>
/// Text that tests escaping on every path is planted on purpose: HTML in titles and descriptions, quotes, a
/// backslash, a line break, non-ASCII letters, and a justification that a spreadsheet would run as a formula.
/// No internal auditors are configured, so the programme's coverage does not depend on auditor assignment.
/// </remarks>
public static class SealedManifestFixtures
{
    public const int Count = 3;

    public static readonly DateTimeOffset FirstTakenAt = new(2026, 10, 1, 5, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset SecondTakenAt = new DateTimeOffset(2026, 10, 15, 14, 20, 31, TimeSpan.Zero).AddTicks(1234567);
    public static readonly DateTimeOffset ThirdTakenAt = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public const string SecondTakenBy = "external.auditor@contoso.example";

    /// <summary>The manifests sealed as <c>isms-snapshot/1</c>, before the gap analysis: they must go on verifying and reading.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "fixtures", "isms-snapshot-1");

    /// <summary>What the writer seals from this data today (<c>isms-snapshot/2</c>), with the report of the third.</summary>
    public static string CurrentDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures", "isms-snapshot-2");

    public static string Id(int sequence) => $"SNAP-{sequence:D6}";

    public static string ManifestPath(int sequence) => Path.Combine(Directory, Id(sequence) + ".json");

    public static byte[] Manifest(int sequence) => File.ReadAllBytes(ManifestPath(sequence));

    /// <summary>
    /// Puts the data in, moving the clock to each snapshot's instant and calling <paramref name="seal"/> with the
    /// snapshot's sequence once the registers hold what that snapshot must show.
    /// </summary>
    public static async Task BuildAsync(LocalFunctionsHost host, FakeTimeProvider clock, Func<int, Task> seal)
    {
        clock.SetUtcNow(FirstTakenAt.AddHours(-1));
        await FirstAsync(host);
        clock.SetUtcNow(FirstTakenAt);
        await seal(1);

        clock.SetUtcNow(SecondTakenAt.AddHours(-1));
        await SecondAsync(host);
        clock.SetUtcNow(SecondTakenAt);
        await seal(2);

        clock.SetUtcNow(ThirdTakenAt.AddHours(-1));
        await ThirdAsync(host);
        clock.SetUtcNow(ThirdTakenAt);
        await seal(3);
    }

    private static async Task FirstAsync(LocalFunctionsHost host)
    {
        await host.Services.GetRequiredService<RecordStore>().InsertAsync(
            ProgrammeStateReader.CertificationKey,
            new CertificationRecord("BSI Group", new DateOnly(2025, 6, 30), new DateOnly(2028, 6, 29), "The ISMS of Contoso Ltd — cloud services & support \"24/7\""),
            Admin,
            null,
            CancellationToken.None);

        await ControlAsync(host, "A.5.1", ImplementationStatus.Implemented, "policy.owner@contoso.example");
        await ControlAsync(host, "A.8.8", ImplementationStatus.Implemented, "vuln.owner@contoso.example");
        await ControlAsync(host, "A.5.2", ImplementationStatus.Partial, "roles.owner@contoso.example");
        await ControlAsync(host, "A.6.3", ImplementationStatus.Partial, "zoë.müller@contoso.example");
        await ControlAsync(host, "A.7.4", ImplementationStatus.NotStarted, applicable: false, justification: "No physical premises " + Injection);
        await ControlAsync(host, "A.7.6", ImplementationStatus.NotStarted, applicable: false, justification: "=HYPERLINK(\"http://attacker.example\",\"Click for details\")");
        await ControlAsync(host, "A.5.15", ImplementationStatus.Partial, "access.owner@contoso.example", justification: "Covered by the landlord's \"access\" policy,\nsee contract §4 (C:\\contracts\\lease.pdf)");

        await AuditAsync(host, Audit("AUD-FIX-MR01", AuditType.ManagementReview, "Management review 2026", new DateOnly(2026, 7, 1), AuditStatus.Completed));
        var internalAudit = await AuditAsync(host, Audit("AUD-FIX-INT01", AuditType.Internal, "Internal audit " + Injection, new DateOnly(2026, 9, 8), AuditStatus.Completed));
        await AuditAsync(host, Audit("AUD-FIX-INT02", AuditType.Internal, "Internal audit Q1", new DateOnly(2027, 1, 18), AuditStatus.Planned));
        await AuditAsync(host, Audit("AUD-FIX-SUR01", AuditType.Surveillance, "Surveillance audit 2", new DateOnly(2027, 5, 10), AuditStatus.Planned));

        var raised = new DateTimeOffset(2026, 9, 10, 15, 30, 0, TimeSpan.Zero);
        var major = await FindingAsync(host, Finding(internalAudit.Id, "MAJ001", FindingType.MajorNonconformity, "Leavers keep access " + Injection, raised, "A.5.18", "A.8.2"));
        var minor = await FindingAsync(host, Finding(internalAudit.Id, "MIN001", FindingType.MinorNonconformity, "Access reviews late: \"quarterly\" means every 3 months", raised, "A.5.18"));
        var closedMinor = await FindingAsync(host, Finding(internalAudit.Id, "MIN002", FindingType.MinorNonconformity, "Visitor log incomplete", raised, "A.7.2"));
        await FindingAsync(host, Finding(internalAudit.Id, "OBS001", FindingType.Observation, "Could automate reviews", raised, "A.5.18"));
        await FindingAsync(host, Finding(internalAudit.Id, "OFI001", FindingType.OpportunityForImprovement, "Über-privileged service accounts could be listed", raised, "A.8.2"));

        await ActionAsync(host, Action("CA-FIX01", major.Id, new DateOnly(2026, 9, 25), raised.AddHours(2)));
        await ActionAsync(host, Action("CA-FIX02", minor.Id, new DateOnly(2026, 12, 1), raised.AddHours(3)));
        await ActionAsync(host, Action("CA-FIX03", closedMinor.Id, new DateOnly(2026, 10, 10), raised.AddHours(4)) with
        {
            RootCause = "No one checked the log.",
            ActionPlan = "Reception checks the log daily.",
            Status = CorrectiveActionStatus.Closed,
            ClosedAt = new DateTimeOffset(2026, 9, 28, 16, 45, 12, TimeSpan.Zero),
        });

        await EvidenceAsync(host, "EV-FIX01", ["A.5.1"], (new DateOnly(2025, 9, 1), "policy-2025.pdf"), (new DateOnly(2026, 9, 20), "policy " + Injection + ".pdf"));
        await EvidenceAsync(host, "EV-FIX02", ["A.5.2"], (new DateOnly(2025, 8, 1), "roles.pdf"));
        await EvidenceAsync(host, "EV-FIX03", ["5.2"], (new DateOnly(2026, 9, 1), "information-security-policy.pdf"));
        await EvidenceAsync(host, "EV-FIX04", ["4.3", "A.5.1"], (new DateOnly(2026, 8, 15), "scope \"v2\" – déclaration.pdf"));
    }

    private static async Task SecondAsync(LocalFunctionsHost host)
    {
        // isms-snapshot/2 carries the gap analysis: one requirement found wanting, with text that tests escaping.
        await GapAsync(host, "6.1.2-1", GapStatus.NotMet, "No acceptance criteria " + Injection);
        await host.Services.GetRequiredService<Isms.Functions.Risks.RiskRegister>().InsertAsync(
            new Isms.Core.Risks.Risk
            {
                Id = "RISK-FIX01",
                Title = "=cmd|' /C calc'!A0 " + Injection,
                Asset = "File servers",
                Threat = "Ransomware",
                Vulnerability = "Flat network",
                OwnerUpn = "zoë.müller@contoso.example",
                Likelihood = 4,
                Impact = 5,
                ReviewDate = new DateOnly(2027, 10, 1),
                CreatedAt = SecondTakenAt.AddHours(-1),
            },
            Admin,
            CancellationToken.None);
        await ControlAsync(host, "A.5.3", ImplementationStatus.NotStarted, "segregation.owner@contoso.example");
        await ControlAsync(host, "A.5.2", ImplementationStatus.Implemented, "roles.owner@contoso.example");
        await EvidenceAsync(host, "EV-FIX05", ["A.8.8"], (new DateOnly(2026, 10, 14), "scan-october.pdf"));
        var raised = new DateTimeOffset(2026, 10, 10, 11, 0, 0, TimeSpan.Zero);
        var minor = await FindingAsync(host, Finding("AUD-FIX-INT01", "MIN003", FindingType.MinorNonconformity, "Backups not tested", raised, "A.8.13"));
        await ActionAsync(host, Action("CA-FIX04", minor.Id, new DateOnly(2026, 11, 10), raised.AddHours(1)));
    }

    private static async Task ThirdAsync(LocalFunctionsHost host)
    {
        await GapAsync(host, "6.1.2-1", GapStatus.Partial, "Criteria drafted, \"not yet\" approved.");
        var risks = host.Services.GetRequiredService<Isms.Functions.Risks.RiskRegister>();
        var risk = (await risks.GetAsync("RISK-FIX01", CancellationToken.None))!;
        var decided = ThirdTakenAt.AddHours(-1);
        await risks.ReplaceAsync(risk, risk.Value with
        {
            Treatment = new Isms.Core.Risks.RiskTreatment(Isms.Core.Risks.RiskTreatmentOption.Modify, ["A.8.13", "A.8.22"], 2, 4),
            Approval = new Isms.Core.Risks.RiskDecision(ApiClient.Admin, null, decided, 2, 4, "Offline backups."),
            Acceptance = new Isms.Core.Risks.RiskDecision("zoë.müller@contoso.example", null, decided, 2, 4, null),
        }, Admin, CancellationToken.None);
        await GapAsync(host, "9.2.2-1", GapStatus.Met, "Programme approved — see the audit register.");
        var actions = host.Services.GetRequiredService<CorrectiveActionRegister>();
        var overdue = (await actions.GetAsync("CA-FIX01", CancellationToken.None))!;
        await actions.ReplaceAsync(
            overdue,
            overdue.Value with
            {
                RootCause = "Leaver process skipped the SaaS tools.",
                ActionPlan = "HR ticket closes every account.",
                Status = CorrectiveActionStatus.Closed,
                ClosedAt = new DateTimeOffset(2026, 10, 30, 10, 0, 0, TimeSpan.Zero),
            },
            Admin,
            CancellationToken.None);
        await ControlAsync(host, "A.8.8", ImplementationStatus.Implemented, "new.vuln.owner@contoso.example");
        await EvidenceAsync(host, "EV-FIX06", ["9.3", "6.2"], (new DateOnly(2026, 7, 2), "management-review-minutes.pdf"));

        // A management review completed as a record, with an output action, and a complaint raised outside audits.
        var held = new DateOnly(2026, 10, 20);
        await host.Services.GetRequiredService<Isms.Functions.Reviews.ReviewRegister>().InsertAsync(new Isms.Core.Reviews.ManagementReview
        {
            Id = "MR-FIX01",
            PlannedDate = held,
            HeldOn = held,
            Status = Isms.Core.Reviews.ReviewStatus.Completed,
            Attendees = [new("ceo@contoso.example", true), new("zoë.müller@contoso.example", false)],
            Minutes = "Reviewed the pack " + Injection,
            Decisions = [new(Isms.Core.Reviews.DecisionKind.Resources, "Fund a \"second\" engineer.")],
            CreatedAt = FirstTakenAt,
            CreatedBy = ApiClient.Admin,
            CompletedAt = new DateTimeOffset(2026, 10, 20, 16, 0, 0, TimeSpan.Zero),
            CompletedBy = ApiClient.Admin,
        }, Admin, CancellationToken.None);
        await ActionAsync(host, new CorrectiveAction
        {
            Id = "CA-FIX05",
            Kind = ActionKind.ReviewOutput,
            Origin = "management-reviews/MR-FIX01",
            OwnerUpn = "zoë.müller@contoso.example",
            Correction = "Recruit " + Injection,
            DueDate = new DateOnly(2027, 1, 31),
            CreatedAt = new DateTimeOffset(2026, 10, 20, 17, 0, 0, TimeSpan.Zero),
        });
        await FindingAsync(host, new Finding
        {
            Id = "FND-FIXCMP001",
            Source = FindingSource.Complaint,
            Reference = "CMP-1 " + Injection,
            Type = FindingType.MinorNonconformity,
            ControlIds = ["A.5.34"],
            Description = "Customer data sent to the wrong address.",
            RaisedBy = ApiClient.Admin,
            RaisedAt = new DateTimeOffset(2026, 10, 25, 9, 0, 0, TimeSpan.Zero),
        });
    }

    /// <summary>Evidence whose bytes and blob names follow from its id and version alone.</summary>
    private static Task<SeededEvidence> EvidenceAsync(LocalFunctionsHost host, string id, string[] controlIds, params (DateOnly EffectiveDate, string FileName)[] versions) =>
        SnapshotSeeding.EvidenceAsync(
            host,
            [.. versions.Select((v, i) => new SeededEvidence(id, i + 1, controlIds, v.EffectiveDate, v.FileName, Content(id, i + 1), $"{id}/v{i + 1}"))],
            FirstTakenAt);

    /// <summary>The bytes of the evidence file <paramref name="id"/> version <paramref name="version"/>.</summary>
    public static byte[] Content(string id, int version) => Encoding.UTF8.GetBytes($"%PDF-1.7\n{id} version {version}, a fixture of the sealed-manifest tests\n");

    private static Audit Audit(string id, AuditType type, string title, DateOnly start, AuditStatus status) => new()
    {
        Id = id,
        Type = type,
        Title = title,
        PlannedStart = start,
        PlannedEnd = start.AddDays(2),
        LeadAuditorUpn = "lead.auditor@contoso.example",
        Scope = ["A.5.15", "A.5.18"],
        Status = status,
    };

    private static Finding Finding(string auditId, string suffix, FindingType type, string description, DateTimeOffset raisedAt, params string[] controlIds) => new()
    {
        Id = $"{auditId}-F{suffix}",
        AuditId = auditId,
        Type = type,
        ControlIds = controlIds,
        Description = description,
        RaisedBy = "lead.auditor@contoso.example",
        RaisedAt = raisedAt,
    };

    private static CorrectiveAction Action(string id, string findingId, DateOnly due, DateTimeOffset createdAt) => new()
    {
        Id = id,
        FindingId = findingId,
        OwnerUpn = "action.owner@contoso.example",
        Correction = "Contained at once.",
        DueDate = due,
        CreatedAt = createdAt,
    };

    private static async Task GapAsync(LocalFunctionsHost host, string requirementId, GapStatus status, string note)
    {
        var gaps = host.Services.GetRequiredService<Isms.Functions.GapAnalysis.GapRegister>();
        var before = await gaps.GetAsync(requirementId, CancellationToken.None);
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var after = GapAnalysisRules.Assess(before.Value, status, note, [], ApiClient.Admin, null, now).Value;
        await gaps.SaveAsync(before, after, Admin, CancellationToken.None);
    }
}
