using Isms.Core.Controls;

namespace Isms.Core.Tests.Registers;

public class SoaEntryTests
{
    [Fact]
    public void A_fresh_control_is_applicable_not_started_annual_and_medium_risk()
    {
        var entry = SoaEntry.ForNewControl("A.5.1");

        Assert.True(entry.Applicable);
        Assert.Equal(ImplementationStatus.NotStarted, entry.ImplementationStatus);
        Assert.Equal(ReviewFrequency.Annual, entry.ReviewFrequency);
        Assert.Equal(RiskRating.Medium, entry.RiskRating);
        Assert.Null(entry.OwnerUpn);
        Assert.True(SoaEntryValidator.Validate(entry).IsValid);
    }

    [Fact]
    public void Every_catalogue_control_starts_with_a_valid_entry()
    {
        Assert.All(ControlCatalogue.All, c => Assert.True(SoaEntryValidator.Validate(SoaEntry.ForNewControl(c.Id)).IsValid, c.Id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Excluding_a_control_needs_a_justification(string? justification)
    {
        var entry = new SoaEntry("A.7.1") { Applicable = false, Justification = justification };

        var errors = SoaEntryValidator.Validate(entry);

        Assert.Contains("justification", Assert.Single(errors.For("justification")), StringComparison.Ordinal);
    }

    [Fact]
    public void Excluding_a_control_with_a_justification_is_fine()
    {
        var entry = new SoaEntry("A.7.1") { Applicable = false, Justification = "Fully remote company; no premises." };

        Assert.True(SoaEntryValidator.Validate(entry).IsValid);
    }

    [Fact]
    public void A_clause_cannot_be_excluded()
    {
        var entry = new SoaEntry("9.2") { Applicable = false, Justification = "We do not audit." };

        var errors = SoaEntryValidator.Validate(entry);

        Assert.Contains("mandatory", Assert.Single(errors.For("applicable")), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_control_is_named()
    {
        var errors = SoaEntryValidator.Validate(new SoaEntry("A.5.38"));

        Assert.Contains("A.5.38", Assert.Single(errors.For("controlId")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_owner_must_be_a_upn()
    {
        var errors = SoaEntryValidator.Validate(new SoaEntry("A.5.1") { OwnerUpn = "Jane Doe" });

        Assert.Contains("ownerUpn", Assert.Single(errors.For("ownerUpn")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_justification_has_a_maximum_length()
    {
        var errors = SoaEntryValidator.Validate(new SoaEntry("A.5.1") { Justification = new string('x', 2001) });

        Assert.Contains("2000", Assert.Single(errors.For("justification")), StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_enum_values_are_refused_by_field()
    {
        var entry = new SoaEntry("A.5.1")
        {
            ImplementationStatus = (ImplementationStatus)9,
            ReviewFrequency = (ReviewFrequency)9,
            RiskRating = (RiskRating)9,
        };

        var errors = SoaEntryValidator.Validate(entry);

        Assert.Equal(["implementationStatus", "reviewFrequency", "riskRating"], errors.Fields);
    }

    [Theory]
    [InlineData(ReviewFrequency.Monthly, 1)]
    [InlineData(ReviewFrequency.Quarterly, 3)]
    [InlineData(ReviewFrequency.SemiAnnual, 6)]
    [InlineData(ReviewFrequency.Annual, 12)]
    public void Review_frequencies_map_to_months(ReviewFrequency frequency, int months)
    {
        Assert.Equal(months, frequency.Months());
    }

    [Fact]
    public void A_quarterly_period_reaches_back_three_calendar_months()
    {
        Assert.Equal(new DateOnly(2026, 2, 28), ReviewFrequency.Quarterly.PeriodStart(new DateOnly(2026, 5, 31)));
        Assert.Equal(new DateOnly(2025, 3, 5), ReviewFrequency.Annual.PeriodStart(new DateOnly(2026, 3, 5)));
    }
}
