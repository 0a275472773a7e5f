using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.CorrectiveActions;
using Isms.Core.GapAnalysis;
using Isms.Core.Reviews;
using Isms.Core.Risks;
using Isms.Functions.Platform;

namespace Isms.LocalHost.Demo;

/// <summary>
/// Contoso, a realistic ISMS mid-cycle, described relative to today: a certificate 14 months old, an SoA with mixed
/// statuses and owners, a year of audits, findings of every type, and corrective actions in every stage of the
/// reminder ladder. Every id is fixed, so seeding twice finds everything already there.
/// </summary>
public static class DemoOrganisation
{
    public const string IsmsManager = "isms.manager@contoso.example";

    public static readonly string[] Owners =
    [
        "dana.owner@contoso.example",
        "sam.it@contoso.example",
        "lee.hr@contoso.example",
        "kim.facilities@contoso.example",
        "pat.dev@contoso.example",
    ];

    public static readonly string[] Auditors = ["alex.auditor@contoso.example", "robin.auditor@contoso.example"];

    public static CertificationRecord Certification(DateOnly today) =>
        new("Example Certification Ltd", today.AddMonths(-14), today.AddMonths(-14).AddYears(3).AddDays(-1), "Design, development and operation of Contoso's SaaS platform");

    public static IEnumerable<SoaEntry> Soa()
    {
        var annexA = ControlCatalogue.AnnexA;
        for (var i = 0; i < annexA.Count; i++)
        {
            var id = annexA[i].Id;
            if (id is "A.7.5" or "A.7.12")
            {
                yield return new SoaEntry(id) { Applicable = false, Justification = "Fully cloud-hosted: no premises with equipment or cabling of our own.", ImplementationStatus = ImplementationStatus.NotStarted };
                continue;
            }

            yield return new SoaEntry(id)
            {
                ImplementationStatus = (i % 5) switch { 0 or 1 or 2 => ImplementationStatus.Implemented, 3 => ImplementationStatus.Partial, _ => ImplementationStatus.NotStarted },
                OwnerUpn = Owners[i % Owners.Length],
                OwnerObjectId = DevelopmentIdentity.ObjectIdFor(Owners[i % Owners.Length]),
                ReviewFrequency = (i % 4) switch { 0 => ReviewFrequency.Quarterly, 1 => ReviewFrequency.SemiAnnual, 2 => ReviewFrequency.Monthly, _ => ReviewFrequency.Annual },
                RiskRating = i % 7 == 0 ? RiskRating.High : i % 3 == 0 ? RiskRating.Low : RiskRating.Medium,
            };
        }
    }

    public static IEnumerable<Audit> Audits(DateOnly today)
    {
        Audit Completed(string id, AuditType type, string title, int monthsAgo, string[] scope, string lead) => new()
        {
            Id = id,
            Type = type,
            Title = title,
            PlannedStart = today.AddMonths(-monthsAgo),
            PlannedEnd = today.AddMonths(-monthsAgo).AddDays(2),
            LeadAuditorUpn = lead,
            TeamObjectIds = new Dictionary<string, string> { [lead] = DevelopmentIdentity.ObjectIdFor(lead) },
            Scope = scope,
            Status = AuditStatus.Completed,
            ActualStart = today.AddMonths(-monthsAgo),
            ActualEnd = today.AddMonths(-monthsAgo).AddDays(2),
        };

        yield return Completed("AUD-DEMO-INT1", AuditType.Internal, "Internal audit: leadership and planning", 11, ["5.1", "5.2", "6.1.2", "6.1.3", "A.5.1", "A.5.2"], Auditors[0]);
        yield return Completed("AUD-DEMO-INT2", AuditType.Internal, "Internal audit: access control", 8, ["A.5.15", "A.5.16", "A.5.17", "A.5.18", "A.8.2", "A.8.5"], Auditors[1]);
        yield return Completed("AUD-DEMO-SUR1", AuditType.Surveillance, "First surveillance audit", 4, ["4.3", "9.2.1", "10.2", "A.5.24", "A.8.8", "A.8.15"], "lead@certification.example");
        yield return Completed("AUD-DEMO-INT3", AuditType.Internal, "Internal audit: operations security", 2, ["A.8.7", "A.8.8", "A.8.13", "A.8.16"], Auditors[0]);
    }

    /// <summary>Findings of every type; the nonconformities get the actions below.</summary>
    public static IEnumerable<Finding> Findings(DateOnly today)
    {
        Finding Raised(string auditId, string suffix, FindingType type, string[] controls, string description, int monthsAgo) => new()
        {
            Id = $"{auditId}-F{suffix}",
            AuditId = auditId,
            Type = type,
            ControlIds = controls,
            Description = description,
            RaisedBy = Auditors[0],
            RaisedAt = new DateTimeOffset(today.AddMonths(-monthsAgo).ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero),
        };

        yield return Raised("AUD-DEMO-INT2", "LEAVER", FindingType.MajorNonconformity, ["A.5.18"], "Leavers keep access to the support tool for up to six weeks.", 2);
        yield return Raised("AUD-DEMO-INT2", "MFA001", FindingType.MinorNonconformity, ["A.8.5"], "Two break-glass accounts have no MFA and no review of their use.", 2);
        yield return Raised("AUD-DEMO-SUR1", "PATCH1", FindingType.MajorNonconformity, ["A.8.8"], "Critical patches on the build servers were 45 days late.", 1);
        yield return Raised("AUD-DEMO-SUR1", "LOGS01", FindingType.MinorNonconformity, ["A.8.15"], "Firewall logs are kept for 30 days, not the 90 the policy sets.", 1);
        yield return Raised("AUD-DEMO-INT3", "BACKUP", FindingType.MinorNonconformity, ["A.8.13"], "Restore tests are not recorded.", 1);
        yield return Raised("AUD-DEMO-INT3", "OBS001", FindingType.Observation, ["A.8.16"], "Monitoring alerts go to a shared mailbox nobody owns.", 1);
        yield return Raised("AUD-DEMO-INT1", "OFI001", FindingType.OpportunityForImprovement, ["6.1.2"], "The risk register could link risks to the controls that treat them.", 3);

        // Found outside audits: an incident, and an opportunity the last management review named.
        yield return new Finding
        {
            Id = "FND-DEMOINC001",
            Source = FindingSource.Incident,
            Reference = "INC-2026-014",
            Type = FindingType.MinorNonconformity,
            ControlIds = ["A.5.24", "A.5.26"],
            Description = "The phishing incident of last month was reported to the ISMS manager two days late.",
            RaisedBy = IsmsManager,
            RaisedAt = new DateTimeOffset(today.AddDays(-20).ToDateTime(new TimeOnly(11, 0)), TimeSpan.Zero),
        };
        yield return new Finding
        {
            Id = "FND-DEMOOFI001",
            Source = FindingSource.ManagementReview,
            Reference = ReviewHeld,
            Type = FindingType.OpportunityForImprovement,
            ControlIds = ["A.6.3"],
            Description = "Awareness training could be tailored to each department's risks.",
            RaisedBy = IsmsManager,
            RaisedAt = new DateTimeOffset(today.AddDays(-119).ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero),
        };
    }

    /// <summary>The management review held four months ago, completed; the id of the output action and finding it raised.</summary>
    public const string ReviewHeld = "MR-DEMO-2026A";

    /// <summary>The next management review, planned.</summary>
    public const string ReviewNext = "MR-DEMO-2026B";

    /// <summary>Last review, completed with top management present, and the next, planned.</summary>
    public static IEnumerable<ManagementReview> ManagementReviews(DateOnly today)
    {
        var held = today.AddDays(-120);
        yield return new ManagementReview
        {
            Id = ReviewHeld,
            PlannedDate = held,
            HeldOn = held,
            Status = ReviewStatus.Completed,
            Attendees = [new("ceo@contoso.example", true), new("cfo@contoso.example", true), new(IsmsManager, false), new(Owners[1], false)],
            ChangesInIssues = "The payments subsidiary was acquired; a new supervisory authority applies to it.",
            InterestedPartiesChanges = "Two enterprise customers now require ISO/IEC 27001 certification in their contracts.",
            Objectives = "Three of four objectives met; phishing click rate 6 % against a target of 5 %.",
            Feedback = "Customers asked for faster answers to security questionnaires.",
            Minutes = "Top management reviewed the inputs pack, accepted the risk treatment plan and agreed the certification timeline.",
            Decisions =
            [
                new(DecisionKind.Resources, "Fund a second security engineer from next quarter."),
                new(DecisionKind.ChangeToIsms, "Bring the payments subsidiary into the ISMS scope."),
                new(DecisionKind.Improvement, "Tailor awareness training to each department's risks."),
            ],
            CreatedAt = new DateTimeOffset(held.AddDays(-30).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero),
            CreatedBy = IsmsManager,
            CompletedAt = new DateTimeOffset(held.ToDateTime(new TimeOnly(16, 0)), TimeSpan.Zero),
            CompletedBy = IsmsManager,
        };
        yield return new ManagementReview
        {
            Id = ReviewNext,
            PlannedDate = today.AddDays(60),
            Attendees = [new("ceo@contoso.example", true), new(IsmsManager, false)],
            CreatedAt = new DateTimeOffset(today.AddDays(-7).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero),
            CreatedBy = IsmsManager,
        };
    }

    /// <summary>The actions raised outside audits: the incident's corrective action, the review's output action, an improvement action.</summary>
    public static IEnumerable<CorrectiveAction> OtherActions(DateOnly today)
    {
        CorrectiveAction Action(string id, ActionKind kind, string? findingId, string? origin, string owner, string description, int dueInDays) => new()
        {
            Id = id,
            Kind = kind,
            FindingId = findingId,
            Origin = origin,
            OwnerUpn = owner,
            OwnerObjectId = DevelopmentIdentity.ObjectIdFor(owner),
            Correction = description,
            DueDate = today.AddDays(dueInDays),
            CreatedAt = new DateTimeOffset(today.AddDays(-20).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
        };

        yield return Action("CA-DEMO-INC1", ActionKind.Corrective, "FND-DEMOINC001", null, Owners[1], "Brief the service desk on the 24-hour reporting rule.", 10);
        yield return Action("CA-DEMO-REVIEW1", ActionKind.ReviewOutput, null, "management-reviews/" + ReviewHeld, Owners[2], "Recruit a second security engineer.", 40);
        yield return Action("CA-DEMO-IMPR1", ActionKind.Improvement, "FND-DEMOOFI001", null, Owners[2], "Build department-specific awareness modules.", 75);
    }

    /// <summary>One corrective action in each stage of the reminder ladder, across several owners.</summary>
    public static IEnumerable<CorrectiveAction> Actions(DateOnly today)
    {
        CorrectiveAction Action(string id, string findingId, string owner, string correction, int dueInDays) => new()
        {
            Id = id,
            FindingId = findingId,
            OwnerUpn = owner,
            OwnerObjectId = DevelopmentIdentity.ObjectIdFor(owner),
            Correction = correction,
            DueDate = today.AddDays(dueInDays),
            CreatedAt = new DateTimeOffset(today.AddDays(dueInDays - 30).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero),
        };

        yield return Action("CA-DEMO-DUE14", "AUD-DEMO-INT2-FMFA001", Owners[1], "Enforced MFA on one break-glass account.", 14);
        yield return Action("CA-DEMO-DUE7", "AUD-DEMO-INT3-FBACKUP", Owners[1], "Ran and recorded one restore test.", 7);
        yield return Action("CA-DEMO-DUE1", "AUD-DEMO-SUR1-FLOGS01", Owners[4], "Raised log retention to 90 days on the main firewall.", 1);
        yield return Action("CA-DEMO-DUETODAY", "AUD-DEMO-SUR1-FLOGS01", Owners[0], "Checked retention on the remaining firewalls.", 0);
        yield return Action("CA-DEMO-LATE3", "AUD-DEMO-INT2-FLEAVER", Owners[2], "Disabled the accounts of this month's leavers.", -5);
        yield return Action("CA-DEMO-LATE8", "AUD-DEMO-INT2-FLEAVER", Owners[0], "Listed every tool without single sign-on.", -8) with
        {
            RootCause = "HR does not tell IT when people leave.",
            ActionPlan = "HR feed disables accounts on the leaving date.",
            Status = CorrectiveActionStatus.InProgress,
        };
        yield return Action("CA-DEMO-LATE15", "AUD-DEMO-SUR1-FPATCH1", Owners[1], "Patched the build servers.", -15);
        yield return Action("CA-DEMO-SNOOZED", "AUD-DEMO-SUR1-FPATCH1", Owners[3], "Replaced the unsupported build agent.", -3) with
        {
            SnoozeUntil = today.AddDays(10),
            SnoozeReason = "Waiting for the vendor's supported release, due next week.",
        };
    }

    /// <summary>
    /// A gap analysis begun eleven weeks ago: every requirement assessed then, the gaps worked on since, so the page
    /// shows progress over three days of assessment. Risk treatment approval and management review are still open.
    /// </summary>
    public static IEnumerable<GapItem> GapAnalysis(DateOnly today)
    {
        DateTimeOffset At(int daysAgo) => new(today.AddDays(-daysAgo).ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
        string[] stillOpen = ["6.1.3-6", "9.3.1-1", "9.3.3-1", "9.3.3-2", "7.2-4"];
        var index = 0;
        foreach (var requirement in RequirementCatalogue.All)
        {
            var item = new GapItem { RequirementId = requirement.Id };
            var first = stillOpen.Contains(requirement.Id) || index % 3 == 2 ? GapStatus.NotMet : index % 3 == 1 ? GapStatus.Partial : GapStatus.Met;
            item = Assessed(item, first, first == GapStatus.Met ? "Documented in the ISMS manual, section " + requirement.Clause + "." : "Not in place at the kick-off assessment.", At(77));
            if (!stillOpen.Contains(requirement.Id) && first != GapStatus.Met)
            {
                item = Assessed(item, GapStatus.Partial, "Drafted; awaiting approval by the ISMS steering group.", At(35));
                if (index % 2 == 0)
                {
                    item = Assessed(item, GapStatus.Met, "Approved and published on the intranet.", At(6));
                }
            }

            index++;
            yield return item;
        }

        GapItem Assessed(GapItem item, GapStatus status, string note, DateTimeOffset at) =>
            GapAnalysisRules.Assess(item, status, note, [], IsmsManager, DevelopmentIdentity.ObjectIdFor(IsmsManager), at).Value;
    }

    /// <summary>
    /// A plausible risk register of 24 risks across Contoso's assets: most treated and accepted by their owners, some
    /// still under treatment (with treatment actions), one above the acceptance criteria awaiting the ISMS manager's
    /// approval, and one whose review is overdue.
    /// </summary>
    public static IEnumerable<Risk> Risks(DateOnly today)
    {
        var created = new DateTimeOffset(today.AddDays(-120).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        var decided = created.AddDays(30);
        (string Title, string Asset, string Threat, string Vulnerability, int Owner, int L, int I, RiskTreatmentOption? Option, string[] Controls, int RL, int RI, string State)[] register =
        [
            ("Customer data exposed by a stolen laptop", "Staff laptops", "Theft or loss", "Disks not encrypted on older models", 1, 4, 4, RiskTreatmentOption.Modify, ["A.8.1", "A.8.24"], 2, 3, "accepted"),
            ("Ransomware encrypts the file servers", "File servers", "Ransomware", "Flat internal network, shared admin accounts", 1, 4, 5, RiskTreatmentOption.Modify, ["A.8.7", "A.8.13", "A.8.22"], 2, 4, "approval"),
            ("Leavers keep access to SaaS tools", "SaaS applications", "Misuse by former staff", "No HR feed to disable accounts", 2, 4, 3, RiskTreatmentOption.Modify, ["A.5.18", "A.6.5"], 2, 2, "treating"),
            ("Phishing steals an administrator's session", "Entra ID tenant", "Phishing", "MFA not phishing-resistant for admins", 1, 4, 5, RiskTreatmentOption.Modify, ["A.5.17", "A.8.5"], 2, 3, "accepted"),
            ("Unpatched build agents compromised", "Build servers", "Exploitation of known flaws", "Patching not scheduled", 4, 3, 4, RiskTreatmentOption.Modify, ["A.8.8"], 2, 3, "treating"),
            ("Backups cannot be restored", "Backups", "Media or process failure", "Restores never tested", 1, 3, 5, RiskTreatmentOption.Modify, ["A.8.13"], 1, 5, "accepted"),
            ("Cloud provider region outage", "Production hosting", "Provider outage", "Single region deployment", 4, 2, 4, RiskTreatmentOption.Retain, [], 2, 4, "approval-needed"),
            ("Secrets committed to source control", "Source code", "Credential leak", "No secret scanning", 4, 3, 4, RiskTreatmentOption.Modify, ["A.8.4", "A.8.28"], 1, 4, "accepted"),
            ("Supplier breach exposes our data", "Payroll supplier", "Supplier compromise", "No security clauses in the contract", 2, 3, 4, RiskTreatmentOption.Share, ["A.5.19", "A.5.20"], 2, 3, "accepted"),
            ("Office break-in", "Head office", "Burglary", "No alarm on the server room", 3, 2, 3, RiskTreatmentOption.Modify, ["A.7.1", "A.7.2"], 1, 3, "accepted"),
            ("Visitors read screens in the open-plan office", "Head office", "Shoulder surfing", "No clear-screen rule", 3, 3, 2, RiskTreatmentOption.Modify, ["A.7.7"], 2, 2, "accepted"),
            ("Personal data kept longer than allowed", "CRM", "Regulatory breach", "No retention rule in the CRM", 0, 3, 3, RiskTreatmentOption.Modify, ["A.5.33", "A.5.34"], 2, 2, "accepted"),
            ("Developers deploy untested changes", "Production hosting", "Faulty change", "No approval step in the pipeline", 4, 3, 3, RiskTreatmentOption.Modify, ["A.8.32", "A.8.29"], 1, 3, "accepted"),
            ("Logs deleted before an incident is found", "Firewalls", "Loss of evidence", "Retention of 14 days", 4, 3, 3, RiskTreatmentOption.Modify, ["A.8.15"], 1, 3, "accepted"),
            ("Staff fall for invoice fraud", "Finance team", "Social engineering", "No awareness training for finance", 2, 3, 4, RiskTreatmentOption.Modify, ["A.6.3"], 2, 3, "treating"),
            ("Laptop lost abroad without a remote wipe", "Staff laptops", "Loss", "Devices not enrolled in Intune", 1, 2, 3, RiskTreatmentOption.Modify, ["A.8.1"], 1, 3, "accepted"),
            ("Key developer leaves with critical knowledge", "Platform team", "Loss of key staff", "No documentation of the deployment", 4, 2, 3, RiskTreatmentOption.Retain, [], 2, 3, "accepted"),
            ("DDoS takes the customer portal down", "Customer portal", "Denial of service", "No DDoS protection plan", 1, 2, 4, RiskTreatmentOption.Share, ["A.8.20"], 1, 4, "accepted"),
            ("Test data holds real customer records", "Test environments", "Data leak", "Production copies used for testing", 4, 3, 3, RiskTreatmentOption.Modify, ["A.8.33"], 1, 3, "treating"),
            ("Wi-Fi guest network reaches internal systems", "Office network", "Unauthorised access", "Guest VLAN not isolated", 3, 2, 4, RiskTreatmentOption.Modify, ["A.8.20", "A.8.22"], 1, 3, "accepted"),
            ("Paper CVs left in unlocked drawers", "HR records", "Unauthorised disclosure", "No locked storage", 2, 2, 2, RiskTreatmentOption.Retain, [], 2, 2, "accepted"),
            ("Customer asks for evidence we cannot produce", "Sales contracts", "Loss of business", "Certificates and reports scattered", 0, 2, 3, null, [], 0, 0, "open"),
            ("Fire in the comms room", "Head office", "Fire", "No suppression in the comms room", 3, 1, 5, RiskTreatmentOption.Share, ["A.7.5"], 1, 3, "accepted"),
            ("Shadow IT stores files in personal cloud drives", "Company documents", "Data leak", "No approved sharing tool", 1, 3, 3, null, [], 0, 0, "review-overdue"),
        ];

        var n = 0;
        foreach (var r in register)
        {
            n++;
            var owner = Owners[r.Owner];
            var risk = new Risk
            {
                Id = $"RISK-DEMO-{n:D2}",
                Title = r.Title,
                Asset = r.Asset,
                Threat = r.Threat,
                Vulnerability = r.Vulnerability,
                OwnerUpn = owner,
                OwnerObjectId = DevelopmentIdentity.ObjectIdFor(owner),
                Likelihood = r.L,
                Impact = r.I,
                ReviewDate = r.State == "review-overdue" ? today.AddDays(-12) : today.AddDays(240 + n),
                CreatedAt = created,
                Treatment = r.Option is { } option ? new RiskTreatment(option, r.Controls, r.RL, r.RI) : null,
            };
            if (r.State == "accepted" || r.State == "approval")
            {
                if (!RiskMatrix.Default.IsAcceptable(risk.ResidualScore))
                {
                    risk = risk with { Approval = new RiskDecision(IsmsManager, DevelopmentIdentity.ObjectIdFor(IsmsManager), decided, r.RL, r.RI, "Residual risk covered by the cyber insurance policy.") };
                }

                if (r.State == "accepted")
                {
                    risk = risk with { Acceptance = new RiskDecision(owner, DevelopmentIdentity.ObjectIdFor(owner), decided.AddDays(1), r.RL, r.RI, "Treatment in place.") };
                }
            }

            yield return risk;
        }
    }

    /// <summary>The treatment actions of the risks still under treatment, at different stages of the reminder ladder.</summary>
    public static IEnumerable<CorrectiveAction> TreatmentActions(DateOnly today)
    {
        CorrectiveAction Action(string id, string riskId, string owner, string description, int dueInDays) => new()
        {
            Id = id,
            Kind = ActionKind.Treatment,
            Origin = "risks/" + riskId,
            OwnerUpn = owner,
            OwnerObjectId = DevelopmentIdentity.ObjectIdFor(owner),
            Correction = description,
            DueDate = today.AddDays(dueInDays),
            CreatedAt = new DateTimeOffset(today.AddDays(-60).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero),
        };

        yield return Action("CA-DEMO-TREAT1", "RISK-DEMO-03", Owners[2], "Connect the HR system to Entra ID so leavers are disabled on their last day.", 21);
        yield return Action("CA-DEMO-TREAT2", "RISK-DEMO-05", Owners[4], "Schedule monthly patching of the build agents.", 7);
        yield return Action("CA-DEMO-TREAT3", "RISK-DEMO-15", Owners[2], "Run invoice-fraud awareness training for the finance team.", -4);
        yield return Action("CA-DEMO-TREAT4", "RISK-DEMO-19", Owners[4], "Replace production copies in test with generated data.", 45);
    }
}
