using Isms.Core.GapAnalysis;
using Isms.Core.Time;
using Isms.Core.Validation;
using Microsoft.Extensions.Time.Testing;

namespace Isms.Core.Tests.GapAnalysis;

public sealed class GapAnalysisRulesTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    private static GapItem Item(string id = "6.1.2-1") => new() { RequirementId = id };

    [Fact]
    public void Every_clause_and_sub_clause_of_4_to_10_has_requirements_with_unique_ids()
    {
        string[] clauses = ["4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1.1", "6.1.2", "6.1.3", "6.2", "6.3", "7.1", "7.2", "7.3", "7.4", "7.5.1", "7.5.2", "7.5.3",
            "8.1", "8.2", "8.3", "9.1", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.1", "10.2"];
        Assert.Equal(clauses, RequirementCatalogue.All.Select(r => r.Clause).Distinct());
        Assert.Equal(RequirementCatalogue.All.Count, RequirementCatalogue.All.Select(r => r.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal([4, 5, 6, 7, 8, 9, 10], RequirementCatalogue.All.Select(r => r.MainClause).Distinct());
        Assert.Equal(6, RequirementCatalogue.All.Count(r => r.Clause == "6.1.2"));
        Assert.True(RequirementCatalogue.TryGet("6.1.3-7", out var last) && last.Clause == "6.1.3");
        Assert.False(RequirementCatalogue.TryGet("6.1.3-8", out _));
    }

    [Theory]
    [InlineData(GapStatus.NotMet)]
    [InlineData(GapStatus.Partial)]
    public void A_requirement_not_fully_met_says_what_is_missing(GapStatus status)
    {
        var refused = GapAnalysisRules.Assess(Item(), status, "  ", [], "isms@contoso.example", null, Time.GetUtcNow());
        Assert.False(refused.IsSuccess);
        Assert.Equal("note", Assert.Single(refused.Refusal.Errors.Keys));
    }

    [Fact]
    public void A_requirement_called_met_cites_evidence_or_says_where_the_proof_is()
    {
        Assert.False(GapAnalysisRules.Assess(Item(), GapStatus.Met, null, [], "isms@contoso.example", null, Time.GetUtcNow()).IsSuccess);
        Assert.True(GapAnalysisRules.Assess(Item(), GapStatus.Met, null, ["EV-1"], "isms@contoso.example", null, Time.GetUtcNow()).IsSuccess);
        Assert.True(GapAnalysisRules.Assess(Item(), GapStatus.Met, "Risk method v3 on the intranet.", [], "isms@contoso.example", null, Time.GetUtcNow()).IsSuccess);
    }

    [Fact]
    public void A_missing_status_and_an_overlong_note_are_named()
    {
        var refused = GapAnalysisRules.Assess(Item(), null, new string('x', FieldLimits.LongText + 1), [], "isms@contoso.example", null, Time.GetUtcNow());
        Assert.False(refused.IsSuccess);
        Assert.Equal(["note", "status"], refused.Refusal.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_reassessment_keeps_the_earlier_one_and_becomes_current()
    {
        var first = GapAnalysisRules.Assess(Item(), GapStatus.NotMet, "No risk criteria.", [], "isms@contoso.example", "oid-1", Time.GetUtcNow()).Value;
        Time.Advance(TimeSpan.FromDays(20));
        var second = GapAnalysisRules.Assess(first, GapStatus.Met, null, ["EV-9", "EV-9", " "], "consultant@contoso.example", "oid-2", Time.GetUtcNow()).Value;

        Assert.Equal(GapStatus.Met, second.Status);
        Assert.Null(second.Note);
        Assert.Equal(["EV-9"], second.EvidenceIds);
        Assert.Equal("consultant@contoso.example", second.AssessedBy);
        Assert.Equal([GapStatus.NotMet, GapStatus.Met], second.Assessments.Select(a => a.Status));
        Assert.Equal("oid-1", second.Assessments[0].AssessedByObjectId);
    }

    [Fact]
    public void The_summary_counts_each_clause_and_requirements_never_assessed()
    {
        var items = new[]
        {
            GapAnalysisRules.Assess(Item("6.1.2-1"), GapStatus.Met, "ok", [], "a@contoso.example", null, Time.GetUtcNow()).Value,
            GapAnalysisRules.Assess(Item("6.1.2-2"), GapStatus.Partial, "half", [], "a@contoso.example", null, Time.GetUtcNow()).Value,
            GapAnalysisRules.Assess(Item("6.2-1"), GapStatus.NotMet, "none", [], "a@contoso.example", null, Time.GetUtcNow()).Value,
            Item("4.1-1"),
        };

        var summary = GapAnalysisRules.Summarise(items);

        Assert.Equal([4, 5, 6, 7, 8, 9, 10], summary.Select(s => s.Clause));
        var planning = summary.Single(s => s.Clause == 6);
        Assert.Equal(("Planning", 1, 1, 1), (planning.Name, planning.Met, planning.Partial, planning.NotMet));
        Assert.Equal(RequirementCatalogue.All.Count(r => r.MainClause == 6) - 3, planning.NotAssessed);
        Assert.Equal(RequirementCatalogue.All.Count, summary.Sum(s => s.Requirements));
    }

    [Fact]
    public void Progress_shows_the_analysis_at_the_end_of_each_day_in_the_organisation_s_time_zone()
    {
        var clock = OrganisationClock.Utc(Time);
        var day1 = Time.GetUtcNow();
        var a = GapAnalysisRules.Assess(Item("9.3.1-1"), GapStatus.NotMet, "No review yet.", [], "a@contoso.example", null, day1).Value;
        var b = GapAnalysisRules.Assess(Item("9.1-1"), GapStatus.Partial, "Some metrics.", [], "a@contoso.example", null, day1.AddHours(2)).Value;
        var a2 = GapAnalysisRules.Assess(a, GapStatus.Met, "Review held.", [], "a@contoso.example", null, day1.AddDays(40)).Value;

        var progress = GapAnalysisRules.Progress([a2, b], clock.DateOf);

        Assert.Equal(2, progress.Count);
        Assert.Equal(new GapProgressPoint(clock.DateOf(day1), 0, 1, 1, RequirementCatalogue.All.Count - 2), progress[0]);
        Assert.Equal(new GapProgressPoint(clock.DateOf(day1.AddDays(40)), 1, 1, 0, RequirementCatalogue.All.Count - 2), progress[1]);
    }
}
