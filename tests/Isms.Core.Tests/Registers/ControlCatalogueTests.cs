using Isms.Core.Controls;

namespace Isms.Core.Tests.Registers;

public class ControlCatalogueTests
{
    [Fact]
    public void Annex_A_has_the_93_controls_of_the_2022_edition()
    {
        Assert.Equal(93, ControlCatalogue.AnnexA.Count);
    }

    [Theory]
    [InlineData(ControlTheme.Organizational, "A.5.", 37)]
    [InlineData(ControlTheme.People, "A.6.", 8)]
    [InlineData(ControlTheme.Physical, "A.7.", 14)]
    [InlineData(ControlTheme.Technological, "A.8.", 34)]
    public void Each_theme_has_its_controls_numbered_from_1_without_gaps(ControlTheme theme, string prefix, int count)
    {
        var ids = ControlCatalogue.AnnexA.Where(c => c.Theme == theme).Select(c => c.Id).ToList();

        Assert.Equal(Enumerable.Range(1, count).Select(n => prefix + n), ids);
    }

    [Fact]
    public void Ids_are_unique_even_ignoring_case()
    {
        var ids = ControlCatalogue.All.Select(c => c.Id.ToUpperInvariant()).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Every_control_has_a_title()
    {
        Assert.All(ControlCatalogue.All, c => Assert.False(string.IsNullOrWhiteSpace(c.Title), c.Id));
    }

    [Theory]
    [InlineData("A.5.7", "Threat intelligence")]
    [InlineData("A.5.23", "Information security for use of cloud services")]
    [InlineData("A.5.30", "ICT readiness for business continuity")]
    [InlineData("A.6.7", "Remote working")]
    [InlineData("A.7.4", "Physical security monitoring")]
    [InlineData("A.8.12", "Data leakage prevention")]
    [InlineData("A.8.16", "Monitoring activities")]
    [InlineData("A.8.28", "Secure coding")]
    [InlineData("A.8.34", "Protection of information systems during audit testing")]
    [InlineData("6.1.2", "Information security risk assessment")]
    [InlineData("10.2", "Nonconformity and corrective action")]
    public void Known_controls_carry_their_official_titles(string id, string title)
    {
        Assert.True(ControlCatalogue.TryGet(id, out var control));
        Assert.Equal(title, control.Title);
    }

    [Fact]
    public void Clauses_cover_4_to_10_at_sub_clause_level()
    {
        var ids = ControlCatalogue.Clauses.Select(c => c.Id).ToHashSet();

        string[] required =
        [
            "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1", "6.1.1", "6.1.2", "6.1.3", "6.2", "6.3",
            "7.1", "7.2", "7.3", "7.4", "7.5", "8.1", "8.2", "8.3", "9.1", "9.2", "9.3", "10.1", "10.2",
        ];
        Assert.All(required, id => Assert.Contains(id, ids));
        Assert.All(ControlCatalogue.Clauses, c => Assert.Equal(ControlTheme.Clause, c.Theme));
    }

    [Fact]
    public void Sub_clauses_point_to_their_clause()
    {
        Assert.True(ControlCatalogue.TryGet("6.1.3", out var control));
        Assert.Equal("6.1", control.ParentId);
    }

    [Fact]
    public void All_lists_clauses_then_annex_a()
    {
        Assert.Equal(ControlCatalogue.Clauses.Count + 93, ControlCatalogue.All.Count);
        Assert.Equal("4.1", ControlCatalogue.All[0].Id);
        Assert.Equal("A.8.34", ControlCatalogue.All[^1].Id);
    }

    [Theory]
    [InlineData("a.5.1")]
    [InlineData(" A.5.1 ")]
    public void Lookup_forgives_case_and_surrounding_spaces(string id)
    {
        Assert.True(ControlCatalogue.TryGet(id, out var control));
        Assert.Equal("A.5.1", control.Id);
    }

    [Theory]
    [InlineData("A.5.38")]
    [InlineData("A.9.1")]
    [InlineData("11.1")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_ids_are_not_found(string? id)
    {
        Assert.False(ControlCatalogue.TryGet(id, out _));
    }

    [Fact]
    public void Unknown_lists_only_the_ids_missing_from_the_catalogue()
    {
        Assert.Equal(["A.5.99", "12.1"], ControlCatalogue.Unknown(["A.5.1", "A.5.99", "12.1", "9.2"]));
    }
}
