using Isms.Core.Audits;

namespace Isms.Core.Tests.Registers;

/// <summary>Nonconformities and opportunities found outside audits (10.1, 10.2): where they came from and what they trace to.</summary>
public class FindingsOutsideAuditsTests
{
    private static Finding FromIncident() => TestData.Finding() with { Id = "FND-1", AuditId = null, Source = FindingSource.Incident, Reference = "INC-4711" };

    [Fact]
    public void A_nonconformity_from_an_incident_with_its_reference_is_valid_and_says_where_it_came_from()
    {
        Assert.True(FindingValidator.Validate(FromIncident()).IsValid);
        Assert.Equal("Incident INC-4711", FromIncident().Origin());
        Assert.Equal($"audit {TestData.Finding().AuditId}", TestData.Finding().Origin());
    }

    [Theory]
    [InlineData(FindingSource.Incident)]
    [InlineData(FindingSource.Monitoring)]
    [InlineData(FindingSource.Complaint)]
    [InlineData(FindingSource.ManagementReview)]
    public void Every_source_but_Other_needs_a_reference(FindingSource source)
    {
        var errors = FindingValidator.Validate(FromIncident() with { Source = source, Reference = null });

        Assert.Contains("reference is required", Assert.Single(errors.For("reference")), StringComparison.Ordinal);
    }

    [Fact]
    public void Other_may_go_without_a_reference()
    {
        var other = FromIncident() with { Source = FindingSource.Other, Reference = null };

        Assert.True(FindingValidator.Validate(other).IsValid);
        Assert.Equal("Other", other.Origin());
    }

    [Fact]
    public void An_observation_is_an_auditors_note_so_it_is_not_raised_outside_audits()
    {
        Assert.Single(FindingValidator.Validate(FromIncident() with { Type = FindingType.Observation }).For("type"));
    }

    [Fact]
    public void A_finding_outside_audits_names_no_audit_and_one_from_an_audit_names_its_audit()
    {
        Assert.Single(FindingValidator.Validate(FromIncident() with { AuditId = "AUD-1" }).For("auditId"));
        Assert.Single(FindingValidator.Validate(TestData.Finding() with { AuditId = null }).For("auditId"));
    }

    [Fact]
    public void The_sources_outside_audits_are_every_source_but_Audit()
    {
        Assert.Equal([FindingSource.Incident, FindingSource.Monitoring, FindingSource.Complaint, FindingSource.ManagementReview, FindingSource.Other], FindingValidator.OutsideAudits);
    }
}
