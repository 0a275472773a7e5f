using Isms.Core.Audits;

namespace Isms.Core.Tests.Registers;

public class CertificationRecordTests
{
    private static readonly CertificationRecord Valid =
        new("BSI", new DateOnly(2026, 3, 31), new DateOnly(2029, 3, 30), "Cloud platform and its operations");

    [Fact]
    public void A_three_year_certificate_is_valid()
    {
        Assert.True(CertificationRecordValidator.Validate(Valid).IsValid);
        Assert.True(CertificationRecordValidator.Validate(Valid with { ExpiryDate = new DateOnly(2029, 3, 31) }).IsValid);
    }

    [Theory]
    [InlineData(2026, 3, 31)]
    [InlineData(2026, 3, 30)]
    public void Expiry_must_be_after_the_decision(int year, int month, int day)
    {
        var errors = CertificationRecordValidator.Validate(Valid with { ExpiryDate = new DateOnly(year, month, day) });

        var message = Assert.Single(errors.For("expiryDate"));
        Assert.Contains("after certificationDecisionDate", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expiry_at_most_three_years_after_the_decision()
    {
        var errors = CertificationRecordValidator.Validate(Valid with { ExpiryDate = new DateOnly(2029, 4, 1) });

        var message = Assert.Single(errors.For("expiryDate"));
        Assert.Contains("3 years", message, StringComparison.Ordinal);
        Assert.Contains("2029-03-31", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_field_is_required()
    {
        var errors = CertificationRecordValidator.Validate(new CertificationRecord(" ", default, default, ""));

        Assert.Equal(["certificationBody", "scope", "certificationDecisionDate", "expiryDate"], errors.Fields);
        Assert.All(errors.Fields, f => Assert.Contains(f, errors.For(f)[0], StringComparison.Ordinal));
    }

    [Fact]
    public void Free_text_fields_have_maximum_lengths()
    {
        var errors = CertificationRecordValidator.Validate(Valid with { CertificationBody = new string('b', 201), Scope = new string('s', 2001) });

        Assert.Equal(["certificationBody", "scope"], errors.Fields);
    }
}
