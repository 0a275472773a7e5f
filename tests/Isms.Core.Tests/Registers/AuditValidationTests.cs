using Isms.Core.Audits;
using Isms.Core.Controls;

namespace Isms.Core.Tests.Registers;

public class AuditValidationTests
{
    [Fact]
    public void A_well_formed_audit_is_valid()
    {
        Assert.True(AuditValidator.Validate(TestData.Audit()).IsValid);
    }

    [Fact]
    public void A_one_day_audit_may_end_on_its_start_day()
    {
        var audit = TestData.Audit() with { PlannedEnd = new DateOnly(2026, 4, 1) };

        Assert.True(AuditValidator.Validate(audit).IsValid);
    }

    [Fact]
    public void The_end_cannot_be_before_the_start()
    {
        var audit = TestData.Audit() with { PlannedEnd = new DateOnly(2026, 3, 31) };

        var message = Assert.Single(AuditValidator.Validate(audit).For("plannedEnd"));
        Assert.Contains("before plannedStart", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_dates_are_named()
    {
        var audit = TestData.Audit() with { PlannedStart = default, PlannedEnd = default };

        var errors = AuditValidator.Validate(audit);

        Assert.True(errors.Has("plannedStart"));
        Assert.True(errors.Has("plannedEnd"));
    }

    [Fact]
    public void The_actual_end_cannot_be_before_the_actual_start()
    {
        var audit = TestData.Audit() with { ActualStart = new DateOnly(2026, 4, 2), ActualEnd = new DateOnly(2026, 4, 1) };

        Assert.True(AuditValidator.Validate(audit).Has("actualEnd"));
    }

    [Fact]
    public void Scope_ids_must_be_in_the_catalogue_and_are_named()
    {
        var audit = TestData.Audit("A.5.15", "A.5.38", "11.1");

        var message = Assert.Single(AuditValidator.Validate(audit).For("scope"));
        Assert.Contains("A.5.38, 11.1", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Jane Auditor")]
    public void The_lead_auditor_must_be_a_upn(string upn)
    {
        var audit = TestData.Audit() with { LeadAuditorUpn = upn };

        Assert.Contains("leadAuditorUpn", Assert.Single(AuditValidator.Validate(audit).For("leadAuditorUpn")), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_team_member_must_be_a_upn()
    {
        var audit = TestData.Audit() with { Auditors = ["second@contoso.com", "not a upn"] };

        Assert.Contains("not a upn", Assert.Single(AuditValidator.Validate(audit).For("auditors")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_title_is_required_and_bounded()
    {
        Assert.True(AuditValidator.Validate(TestData.Audit() with { Title = "" }).Has("title"));
        Assert.True(AuditValidator.Validate(TestData.Audit() with { Title = new string('t', 201) }).Has("title"));
    }

    [Fact]
    public void An_undefined_type_is_refused()
    {
        Assert.True(AuditValidator.Validate(TestData.Audit() with { Type = (AuditType)42 }).Has("type"));
    }

    [Fact]
    public void Given_the_soa_an_auditor_who_owns_a_scoped_control_is_refused_by_name()
    {
        var audit = TestData.Audit() with { Auditors = ["member@contoso.com"] };
        SoaEntry[] soa = [new("A.8.2") { OwnerUpn = "member@contoso.com" }];

        var errors = AuditValidator.Validate(audit, soa);

        var message = Assert.Single(errors.For("auditors"));
        Assert.Contains("member@contoso.com owns A.8.2", message, StringComparison.Ordinal);
        Assert.False(errors.Has("leadAuditorUpn"));
    }

    [Fact]
    public void Given_the_soa_a_lead_who_owns_a_scoped_control_is_refused_on_the_lead_field()
    {
        SoaEntry[] soa = [new("A.5.15") { OwnerUpn = TestData.Auditor.ToUpperInvariant() }];

        var errors = AuditValidator.Validate(TestData.Audit(), soa);

        Assert.Contains("A.5.15", Assert.Single(errors.For("leadAuditorUpn")), StringComparison.Ordinal);
    }
}
