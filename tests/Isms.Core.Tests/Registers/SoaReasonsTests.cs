using Isms.Core.Controls;
using Isms.Core.Validation;

namespace Isms.Core.Tests.Registers;

public sealed class SoaReasonsTests
{
    [Theory]
    [InlineData(4, RiskRating.Low)]
    [InlineData(6, RiskRating.Low)]
    [InlineData(8, RiskRating.Medium)]
    [InlineData(12, RiskRating.Medium)]
    [InlineData(15, RiskRating.High)]
    public void A_control_s_rating_follows_the_highest_residual_risk_that_chose_it(int highest, RiskRating rating)
    {
        Assert.Equal(rating, SoaReasons.RatingOf(highest, acceptanceCriteria: 6));
        Assert.Equal(rating, SoaReasons.Effective(new SoaEntry("A.8.24") { RiskRating = RiskRating.Low }, [2, highest, 3], 6).RiskRating);
    }

    [Fact]
    public void An_override_with_a_reason_or_no_risk_at_all_keeps_the_rating_set_by_hand()
    {
        var overridden = new SoaEntry("A.8.24") { RiskRating = RiskRating.Low, RiskRatingReason = "Only test data is encrypted with it." };
        Assert.Equal(RiskRating.Low, SoaReasons.Effective(overridden, [20], 6).RiskRating);
        Assert.Equal(RiskRating.High, SoaReasons.Effective(new SoaEntry("A.5.1") { RiskRating = RiskRating.High }, [], 6).RiskRating);
    }

    [Fact]
    public void A_control_chosen_by_a_risk_cannot_be_excluded_and_obligations_need_a_note()
    {
        var errors = new ValidationErrors();
        var entry = new SoaEntry("A.8.24")
        {
            Applicable = false,
            Justification = "No cryptography.",
            Reasons = [new(SoaReasonKind.Legal, "GDPR art. 32", null), new(SoaReasonKind.Risk, "RISK-1", "x")],
        };

        SoaReasons.Validate(entry, ["RISK-1", "RISK-7"], errors);

        Assert.Contains("RISK-1, RISK-7", errors.For("applicable")[0], StringComparison.Ordinal);
        Assert.Equal(2, errors.For("reasons").Count);

        var fine = new ValidationErrors();
        SoaReasons.Validate(new SoaEntry("A.8.24") { Reasons = [new(SoaReasonKind.Contractual, "MSA with Fabrikam", "Clause 12 requires encryption at rest.")] }, [], fine);
        Assert.True(fine.IsValid);
    }
}
