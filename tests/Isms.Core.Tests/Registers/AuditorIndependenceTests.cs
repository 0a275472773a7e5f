using Isms.Core.Audits;
using Isms.Core.Controls;

namespace Isms.Core.Tests.Registers;

public class AuditorIndependenceTests
{
    private static SoaEntry Owned(string controlId, string owner) => new(controlId) { OwnerUpn = owner };

    /// <summary>What the audit's team owns in its scope, as the API's validator sees it.</summary>
    private static IReadOnlyList<string> Conflicting(Audit audit, params SoaEntry[] soa) =>
        [.. AuditorIndependence.Of(soa).Conflicts(audit).SelectMany(c => c.Owned)];

    [Fact]
    public void No_conflict_when_the_team_owns_nothing_in_scope()
    {
        Assert.Empty(Conflicting(TestData.Audit(), Owned("A.5.15", "someone@contoso.com"), Owned("A.7.1", TestData.Auditor)));
    }

    [Fact]
    public void The_lead_auditor_owning_a_scoped_control_conflicts()
    {
        Assert.Equal(["A.8.2"], Conflicting(TestData.Audit(), Owned("A.8.2", TestData.Auditor)));
    }

    [Fact]
    public void A_team_member_owning_a_scoped_control_conflicts_whatever_the_case_of_the_upn()
    {
        var audit = TestData.Audit() with { Auditors = ["Member@Contoso.com"] };

        var conflict = Assert.Single(AuditorIndependence.Of([Owned("A.5.15", "member@contoso.com")]).Conflicts(audit));

        Assert.Equal("Member@Contoso.com", conflict.AuditorUpn);
        Assert.Equal(["A.5.15"], conflict.Owned);
    }

    [Fact]
    public void Conflicts_come_back_in_catalogue_order_once_each()
    {
        var audit = TestData.Audit("A.8.2", "9.2", "A.5.15");

        Assert.Equal(
            ["9.2", "A.5.15", "A.8.2"],
            Conflicting(audit, Owned("A.8.2", TestData.Auditor), Owned("A.5.15", TestData.Auditor), Owned("9.2", TestData.Auditor), Owned("A.8.2", TestData.Auditor)));
    }

    [Fact]
    public void Owning_a_clause_conflicts_with_auditing_its_sub_clause_and_the_other_way_round()
    {
        Assert.Equal(["6.1"], Conflicting(TestData.Audit("6.1.2"), Owned("6.1", TestData.Auditor)));
        Assert.Equal(["6.1.3"], Conflicting(TestData.Audit("6.1"), Owned("6.1.3", TestData.Auditor)));
        Assert.Empty(Conflicting(TestData.Audit("6.1.2"), Owned("6.1.3", TestData.Auditor)));
    }

    [Fact]
    public void Ids_are_matched_as_the_catalogue_spells_them_whatever_the_case()
    {
        var independence = AuditorIndependence.Of([Owned("a.5.15", TestData.Auditor), Owned("6.1", TestData.Auditor)]);

        Assert.Equal(["A.5.15"], independence.OwnedInScope(TestData.Auditor, ["A.5.15"]));
        Assert.Equal(["6.1", "A.5.15"], independence.OwnedInScope(TestData.Auditor.ToUpperInvariant(), ["a.5.15", "6.1.1"]));
    }

    [Fact]
    public void Controls_without_an_owner_never_conflict()
    {
        Assert.Empty(Conflicting(TestData.Audit(), new SoaEntry("A.5.15")));
    }
}
