using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.CorrectiveActions;
using Isms.Core.GapAnalysis;
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
}
