using Isms.Core.Audits;
using Isms.Core.Controls;

namespace Isms.Core.Tests.Registers;

public class AuditorIndependenceTests
{
    private static SoaEntry Owned(string controlId, string owner) => new(controlId) { OwnerUpn = owner };

    [Fact]
    public void No_conflict_when_the_team_owns_nothing_in_scope()
    {
        SoaEntry[] soa = [Owned("A.5.15", "someone@contoso.com"), Owned("A.7.1", TestData.Auditor)];

        Assert.Empty(AuditorIndependence.ConflictingControlIds(TestData.Audit(), soa));
    }

    [Fact]
    public void The_lead_auditor_owning_a_scoped_control_conflicts()
    {
        SoaEntry[] soa = [Owned("A.8.2", TestData.Auditor)];

        Assert.Equal(["A.8.2"], AuditorIndependence.ConflictingControlIds(TestData.Audit(), soa));
    }

    [Fact]
    public void A_team_member_owning_a_scoped_control_conflicts_whatever_the_case_of_the_upn()
    {
        var audit = TestData.Audit() with { Auditors = ["Member@Contoso.com"] };
        SoaEntry[] soa = [Owned("A.5.15", "member@contoso.com")];

        Assert.Equal(["A.5.15"], AuditorIndependence.ConflictingControlIds(audit, soa));
    }

    [Fact]
    public void Conflicts_come_back_in_catalogue_order_once_each()
    {
        var audit = TestData.Audit("A.8.2", "9.2", "A.5.15");
        SoaEntry[] soa = [Owned("A.8.2", TestData.Auditor), Owned("A.5.15", TestData.Auditor), Owned("9.2", TestData.Auditor), Owned("A.8.2", TestData.Auditor)];

        Assert.Equal(["9.2", "A.5.15", "A.8.2"], AuditorIndependence.ConflictingControlIds(audit, soa));
    }

    [Fact]
    public void Owning_a_clause_conflicts_with_auditing_its_sub_clause_and_the_other_way_round()
    {
        Assert.Equal(["6.1"], AuditorIndependence.ConflictingControlIds(TestData.Audit("6.1.2"), [Owned("6.1", TestData.Auditor)]));
        Assert.Equal(["6.1.3"], AuditorIndependence.ConflictingControlIds(TestData.Audit("6.1"), [Owned("6.1.3", TestData.Auditor)]));
        Assert.Empty(AuditorIndependence.ConflictingControlIds(TestData.Audit("6.1.2"), [Owned("6.1.3", TestData.Auditor)]));
    }

    [Fact]
    public void Controls_without_an_owner_never_conflict()
    {
        Assert.Empty(AuditorIndependence.ConflictingControlIds(TestData.Audit(), [new SoaEntry("A.5.15")]));
    }
}
