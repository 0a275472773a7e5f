using Isms.Core.Snapshots;

namespace Isms.Core.Tests.Snapshots;

public sealed class ReadinessChecklistTests
{
    private static readonly RiskRegisterReadiness ReadyRisks = new(Assessed: 12, AboveCriteria: 3, AboveCriteriaTreatedAndAccepted: 3);

    private static ReadinessInputs Inputs(
        Dictionary<string, int>? evidence = null, int undecided = 0, int internalAudits = 0, int reviews = 0, int actions = 0, OpenMajorNonconformity[]? majors = null, RiskRegisterReadiness? risks = null) =>
        new(evidence ?? [], undecided, internalAudits, reviews, actions, majors ?? [], risks ?? ReadyRisks);

    private static Dictionary<string, int> AllEvidenced() =>
        ReadinessChecklist.Mandatory.Where(d => d.Key != ReadinessChecklist.SoaKey).ToDictionary(d => d.ClauseId, _ => 1);

    [Fact]
    public void The_checklist_holds_the_mandatory_documented_information_of_ISO_27001()
    {
        Assert.Equal(
            ["4.3", "5.2", "6.1.2", "6.1.3", ReadinessChecklist.SoaKey, "6.2", "7.2", "8.1", "8.2", "8.3", "9.1", "9.2", "9.3", "10.2"],
            ReadinessChecklist.Mandatory.Select(d => d.Key));
    }

    [Fact]
    public void With_every_document_evidenced_and_no_open_major_the_ISMS_is_ready()
    {
        var report = ReadinessChecklist.Assess(Inputs(AllEvidenced(), reviews: 1));

        Assert.True(report.Ready);
        Assert.All(report.Items, i => Assert.True(i.Evidenced, i.Key));
    }

    [Fact]
    public void Open_majors_come_first_then_missing_documents_in_clause_order()
    {
        var evidence = AllEvidenced();
        evidence.Remove("6.2");
        evidence.Remove("4.3");
        var report = ReadinessChecklist.Assess(Inputs(evidence, undecided: 5, reviews: 1, majors: [new("AUD-2-F2", "AUD-2", "Backups untested"), new("AUD-1-F1", "AUD-1", "No <risk> register")]));

        Assert.False(report.Ready);
        Assert.Equal(["AUD-1-F1", "AUD-2-F2", "4.3", ReadinessChecklist.SoaKey, "6.2"], report.Blockers.Select(b => b.Reference));
        Assert.Equal("OpenMajorNonconformity", report.Blockers[0].Kind);
        Assert.Contains("No <risk> register", report.Blockers[0].Detail, StringComparison.Ordinal);
        Assert.Contains("5 Annex A controls not yet decided", report.Blockers[3].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_review_and_corrective_action_records_evidence_9_2_9_3_and_10_2_without_files()
    {
        var none = ReadinessChecklist.Assess(Inputs());
        var registered = ReadinessChecklist.Assess(Inputs(internalAudits: 1, reviews: 1, actions: 3));

        foreach (var key in new[] { "9.2", "9.3", "10.2" })
        {
            Assert.False(none.Items.Single(i => i.Key == key).Evidenced);
            Assert.True(registered.Items.Single(i => i.Key == key).Evidenced);
        }

        Assert.False(registered.Items.Single(i => i.Key == "9.1").Evidenced);
    }

    [Fact]
    public void Management_review_is_judged_from_reviews_completed_in_the_last_year_and_a_file_alone_no_longer_makes_it_green()
    {
        var fileOnly = ReadinessChecklist.Assess(Inputs(AllEvidenced(), reviews: 0));
        var reviewed = ReadinessChecklist.Assess(Inputs(AllEvidenced(), reviews: 2));

        Assert.False(fileOnly.Ready);
        Assert.Equal("missing: no management review completed in the last 12 months", fileOnly.Items.Single(i => i.Key == "9.3").Basis);
        Assert.Equal("2 management reviews completed in the last 12 months", reviewed.Items.Single(i => i.Key == "9.3").Basis);
        Assert.True(reviewed.Ready);
    }

    [Theory]
    [InlineData(0, 0, 0, false)]
    [InlineData(5, 0, 0, true)]
    [InlineData(5, 2, 1, false)]
    [InlineData(5, 2, 2, true)]
    public void The_risk_clauses_are_judged_from_the_register_and_files_alone_no_longer_make_them_green(int assessed, int above, int treatedAndAccepted, bool ready)
    {
        var report = ReadinessChecklist.Assess(Inputs(AllEvidenced(), reviews: 1, risks: new RiskRegisterReadiness(assessed, above, treatedAndAccepted)));

        foreach (var key in new[] { "6.1.2", "6.1.3", "8.2", "8.3" })
        {
            Assert.Equal(ready, report.Items.Single(i => i.Key == key).Evidenced);
        }

        Assert.Equal(ready, report.Ready);
        if (!ready && assessed > 0)
        {
            Assert.Contains($"{above - treatedAndAccepted} of {above} risks above the acceptance criteria not yet treated and accepted", report.Blockers.First(b => b.Reference == "6.1.2").Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_register_counts_risks_above_the_criteria_that_are_treated_and_accepted()
    {
        var rules = new Isms.Core.Risks.RiskRules(Isms.Core.Risks.RiskMatrix.Default);
        var now = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        Isms.Core.Risks.Risk Risk(string id, int l, int i) => new()
        {
            Id = id, Title = "t", Asset = "a", Threat = "t", Vulnerability = "v", OwnerUpn = "o@contoso.example", Likelihood = l, Impact = i,
            ReviewDate = new DateOnly(2027, 1, 1), CreatedAt = now,
        };
        var low = Risk("R1", 1, 2);
        var highOpen = Risk("R2", 4, 4);
        var highDone = Risk("R3", 4, 4) with
        {
            Treatment = new Isms.Core.Risks.RiskTreatment(Isms.Core.Risks.RiskTreatmentOption.Share, [], 3, 3),
            Acceptance = new Isms.Core.Risks.RiskDecision("o@contoso.example", null, now, 3, 3, null),
        };

        Assert.Equal(new RiskRegisterReadiness(3, 2, 1), rules.Readiness([low, highOpen, highDone]));
    }
}
