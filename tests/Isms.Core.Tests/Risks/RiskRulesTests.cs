using Isms.Core.Risks;
using Isms.Core.Validation;
using Microsoft.Extensions.Time.Testing;

namespace Isms.Core.Tests.Risks;

public sealed class RiskRulesTests
{
    private const string Owner = "risk.owner@contoso.example";
    private const string Manager = "isms.manager@contoso.example";
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private static readonly DateOnly Today = new(2026, 3, 2);
    private readonly RiskRules _rules = new(RiskMatrix.Default);

    private static RiskChange Input(int likelihood = 4, int impact = 4) => new()
    {
        Title = "Laptop theft exposes customer data",
        Asset = "Staff laptops",
        Threat = "Theft",
        Vulnerability = "Disks not encrypted",
        OwnerUpn = Owner,
        Likelihood = likelihood,
        Impact = impact,
    };

    private Risk Created(int likelihood = 4, int impact = 4) => _rules.Create("RISK-1", Input(likelihood, impact), Today, Time.GetUtcNow()).Value;

    private Risk Treated(int residualLikelihood, int residualImpact, RiskTreatmentOption option = RiskTreatmentOption.Modify) =>
        _rules.Change(Created(), new RiskChange { Option = option, ControlIds = ["a.8.24"], ResidualLikelihood = residualLikelihood, ResidualImpact = residualImpact }, Today).Value;

    [Fact]
    public void The_default_matrix_is_5_by_5_with_named_levels_and_6_or_less_acceptable()
    {
        var matrix = RiskMatrix.Default;
        Assert.Equal(5, matrix.Likelihoods.Count);
        Assert.Equal(5, matrix.Impacts.Count);
        Assert.Equal("Almost certain", matrix.Likelihoods[4]);
        Assert.Equal(25, matrix.MaxScore);
        Assert.True(matrix.IsAcceptable(6));
        Assert.False(matrix.IsAcceptable(8));
    }

    [Fact]
    public void A_configured_matrix_replaces_the_levels_and_criteria_and_impossible_criteria_are_refused()
    {
        var options = new RiskMatrixOptions { AcceptanceCriteria = 4 };
        foreach (var level in new[] { "Low", "Medium", "High" })
        {
            options.Likelihoods.Add(level);
            options.Impacts.Add(level);
        }

        var matrix = RiskMatrix.From(options);
        Assert.Equal((3, 3, 9), (matrix.Likelihoods.Count, matrix.Impacts.Count, matrix.MaxScore));
        var rules = new RiskRules(matrix);
        var refused = rules.Create("RISK-1", Input(likelihood: 4, impact: 3), Today, Time.GetUtcNow());
        Assert.Equal("likelihood", Assert.Single(refused.Refusal!.Errors.Keys));
        Assert.Throws<ArgumentException>(() => RiskMatrix.From(new RiskMatrixOptions { AcceptanceCriteria = 26 }));
        Assert.Throws<ArgumentException>(() => RiskMatrix.From(new RiskMatrixOptions { AcceptanceCriteria = 0 }));
    }

    [Fact]
    public void A_new_risk_needs_its_assessment_and_is_reviewed_in_a_year_by_default()
    {
        var risk = Created();
        Assert.Equal((16, 16, RiskStatus.Open), (risk.InherentScore, risk.ResidualScore, risk.Status));
        Assert.Equal(Today.AddDays(365), risk.ReviewDate);

        var refused = _rules.Create("RISK-2", new RiskChange { Title = " " }, Today, Time.GetUtcNow());
        Assert.Equal(["asset", "threat", "title", "vulnerability"], refused.Refusal!.Errors.Keys.Order(StringComparer.Ordinal));
        var bad = _rules.Create("RISK-2", Input(0, 6) with { OwnerUpn = "someone", ReviewDate = Today.AddDays(-1) }, Today, Time.GetUtcNow());
        Assert.Equal(["impact", "likelihood", "ownerUpn", "reviewDate"], bad.Refusal!.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_treatment_names_an_option_annex_a_controls_and_a_residual_risk_on_the_matrix()
    {
        var treated = Treated(2, 3);
        Assert.Equal(new[] { "A.8.24" }, treated.Treatment!.ControlIds);
        Assert.Equal(6, treated.ResidualScore);

        var refused = _rules.Change(Created(), new RiskChange { ControlIds = ["5.1", "A.9.9"], ResidualLikelihood = 6 }, Today);
        Assert.Equal(["controlIds", "option", "residualImpact", "residualLikelihood"], refused.Refusal!.Errors.Keys.Order(StringComparer.Ordinal));
        var retained = _rules.Change(Created(), new RiskChange { Option = RiskTreatmentOption.Retain, ResidualLikelihood = 1, ResidualImpact = 1 }, Today);
        Assert.Equal("residualLikelihood", Assert.Single(retained.Refusal!.Errors.Keys));
    }

    [Fact]
    public void Only_the_risk_owner_accepts_and_only_once_a_treatment_is_chosen()
    {
        var notTheOwner = _rules.Accept(Treated(2, 3), Manager, null, Time.GetUtcNow(), null);
        Assert.Equal(RefusalCode.Forbidden, notTheOwner.Refusal!.Code);
        var untreated = _rules.Accept(Created(), Owner, null, Time.GetUtcNow(), null);
        Assert.Equal(RefusalCode.GateNotMet, untreated.Refusal!.Code);

        var accepted = _rules.Accept(Treated(2, 3), Owner, "oid-owner", Time.GetUtcNow(), "Encryption rolled out.").Value;
        Assert.Equal(RiskStatus.Accepted, accepted.Status);
        Assert.Equal(new RiskDecision(Owner, "oid-owner", Time.GetUtcNow(), 2, 3, "Encryption rolled out."), accepted.Acceptance);
    }

    [Fact]
    public void Someone_with_the_owner_s_address_but_another_object_id_cannot_accept_for_them()
    {
        var risk = Treated(2, 3) with { OwnerObjectId = "oid-owner" };
        Assert.Equal(RefusalCode.Forbidden, _rules.Accept(risk, Owner, "oid-someone-else", Time.GetUtcNow(), null).Refusal!.Code);
    }

    [Fact]
    public void Above_the_criteria_the_owner_accepts_only_after_the_ISMS_manager_approved_those_scores()
    {
        var high = Treated(3, 4, RiskTreatmentOption.Share);
        Assert.Equal("approval", _rules.Accept(high, Owner, null, Time.GetUtcNow(), null).Refusal!.Field);
        Assert.Equal(RefusalCode.Forbidden, _rules.Approve(high, Owner, null, Manager, Time.GetUtcNow(), null).Refusal!.Code);
        Assert.Equal(RefusalCode.Forbidden, _rules.Approve(high, Manager, null, null, Time.GetUtcNow(), null).Refusal!.Code);
        Assert.Equal(RefusalCode.GateNotMet, _rules.Approve(Treated(2, 3), Manager, null, Manager, Time.GetUtcNow(), null).Refusal!.Code);

        var approved = _rules.Approve(high, Manager, null, Manager, Time.GetUtcNow(), "Insurance covers the rest.").Value;
        Assert.Equal((3, 4), (approved.Approval!.Likelihood, approved.Approval.Impact));
        var accepted = _rules.Accept(approved, Owner, null, Time.GetUtcNow(), null);
        Assert.True(accepted.IsSuccess);
    }

    [Fact]
    public void A_residual_change_after_acceptance_asks_for_acceptance_and_approval_again()
    {
        var approved = _rules.Approve(Treated(3, 4, RiskTreatmentOption.Share), Manager, null, Manager, Time.GetUtcNow(), null).Value;
        var accepted = _rules.Accept(approved, Owner, null, Time.GetUtcNow(), null).Value;

        var moved = _rules.Change(accepted, new RiskChange { ResidualImpact = 5 }, Today).Value;
        Assert.Null(moved.Acceptance);
        Assert.Null(moved.Approval);
        Assert.Equal(RiskStatus.Open, moved.Status);

        var renamed = _rules.Change(accepted, new RiskChange { Title = "Laptop theft", ControlIds = ["A.8.24", "A.7.9"] }, Today).Value;
        Assert.NotNull(renamed.Acceptance);

        var newOwner = _rules.Change(accepted, new RiskChange { OwnerUpn = "new.owner@contoso.example" }, Today).Value;
        Assert.Null(newOwner.Acceptance);
        Assert.NotNull(newOwner.Approval);
    }

    [Fact]
    public void An_untreated_risk_whose_inherent_scores_change_loses_its_acceptance()
    {
        var lowRisk = _rules.Change(_rules.Create("RISK-3", Input(1, 2), Today, Time.GetUtcNow()).Value, new RiskChange { Option = RiskTreatmentOption.Retain, ResidualLikelihood = 1, ResidualImpact = 2 }, Today).Value;
        var accepted = _rules.Accept(lowRisk, Owner, null, Time.GetUtcNow(), null).Value;
        var reassessed = _rules.Change(accepted, new RiskChange { Likelihood = 1, Impact = 3, ResidualImpact = 3 }, Today).Value;
        Assert.Null(reassessed.Acceptance);
    }
}
