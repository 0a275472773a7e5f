using Isms.Core.Validation;

namespace Isms.Core.Tests.Registers;

public class ValidationErrorsTests
{
    [Fact]
    public void A_fresh_builder_is_valid()
    {
        Assert.True(new ValidationErrors().IsValid);
    }

    [Fact]
    public void Messages_accumulate_per_field_in_order()
    {
        var errors = new ValidationErrors()
            .Add("title", "first")
            .Add("plannedEnd", "second")
            .Add("title", "third");

        Assert.False(errors.IsValid);
        Assert.Equal(["title", "plannedEnd"], errors.Fields);
        Assert.Equal(["first", "third"], errors.ToDictionary()["title"]);
        Assert.Equal("first third second", errors.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Required_names_the_field(string? value)
    {
        var errors = new ValidationErrors().Required("title", value);

        Assert.Contains("title", Assert.Single(errors.For("title")), StringComparison.Ordinal);
    }

    [Fact]
    public void MaxLength_names_the_field_and_the_limit()
    {
        var errors = new ValidationErrors().MaxLength("title", new string('x', 11), 10);

        var message = Assert.Single(errors.For("title"));
        Assert.Contains("title", message, StringComparison.Ordinal);
        Assert.Contains("10", message, StringComparison.Ordinal);
        Assert.True(new ValidationErrors().MaxLength("title", new string('x', 10), 10).IsValid);
    }

    [Theory]
    [InlineData("jane@contoso.com")]
    [InlineData("Jane.Doe@sub.contoso.co.uk")]
    [InlineData("jane_fabrikam.com#EXT#@contoso.onmicrosoft.com")]
    public void Well_formed_upns_pass(string upn)
    {
        Assert.True(UserPrincipalName.IsWellFormed(upn));
    }

    [Theory]
    [InlineData("Jane Doe")]
    [InlineData("jane")]
    [InlineData("jane@contoso")]
    [InlineData("@contoso.com")]
    [InlineData("jane@@contoso.com")]
    [InlineData("jane@contoso..com")]
    [InlineData("jane doe@contoso.com")]
    [InlineData("jane@-contoso.com")]
    [InlineData(" jane@contoso.com")]
    public void Things_that_are_not_upns_fail(string upn)
    {
        Assert.False(UserPrincipalName.IsWellFormed(upn));
    }

    [Fact]
    public void An_overlong_upn_fails()
    {
        Assert.False(UserPrincipalName.IsWellFormed(new string('a', 250) + "@contoso.com"));
    }

    [Fact]
    public void Upn_check_names_the_field_and_the_bad_value()
    {
        var errors = new ValidationErrors().Upn("ownerUpn", "Jane Doe", required: false);

        var message = Assert.Single(errors.For("ownerUpn"));
        Assert.Contains("ownerUpn", message, StringComparison.Ordinal);
        Assert.Contains("Jane Doe", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absent_optional_upn_passes_but_a_required_one_does_not()
    {
        Assert.True(new ValidationErrors().Upn("ownerUpn", null, required: false).IsValid);
        Assert.True(new ValidationErrors().Upn("leadAuditorUpn", null, required: true).Has("leadAuditorUpn"));
    }

    [Fact]
    public void Upns_compare_ignoring_case()
    {
        Assert.True(UserPrincipalName.AreSame("Jane@Contoso.com", "jane@contoso.com"));
        Assert.False(UserPrincipalName.AreSame("jane@contoso.com", null));
    }

    [Fact]
    public void An_undefined_enum_value_lists_the_allowed_names()
    {
        var errors = new ValidationErrors().Defined("riskRating", (Isms.Core.Controls.RiskRating)7);

        Assert.Contains("Low, Medium, High", Assert.Single(errors.For("riskRating")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_built_from_errors_keeps_every_field()
    {
        var errors = new ValidationErrors().Add("title", "title is required.").Add("scope", "scope is bad.");

        var refusal = Refusal.FromErrors(errors);

        Assert.Equal(RefusalCode.Invalid, refusal.Code);
        Assert.Equal("title", refusal.Field);
        Assert.Equal(["title", "scope"], refusal.Errors.Keys);
    }

    [Fact]
    public void Reading_the_value_of_a_refused_outcome_says_why()
    {
        var outcome = Outcome.Refused<string>(RefusalCode.GateNotMet, "rootCause", "rootCause is required.");

        var ex = Assert.Throws<InvalidOperationException>(() => outcome.Value);
        Assert.Contains("rootCause is required.", ex.Message, StringComparison.Ordinal);
    }
}
