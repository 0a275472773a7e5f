using Isms.Core.Audits;
using Isms.Core.CorrectiveActions;

namespace Isms.Core.Tests.Registers;

public class FindingTests
{
    [Fact]
    public void A_well_formed_finding_is_valid()
    {
        Assert.True(FindingValidator.Validate(TestData.Finding(), TestData.Audit()).IsValid);
    }

    [Fact]
    public void A_finding_concerns_at_least_one_control()
    {
        var errors = FindingValidator.Validate(TestData.Finding() with { ControlIds = [] });

        Assert.Contains("controlIds", Assert.Single(errors.For("controlIds")), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_control_ids_are_named()
    {
        var errors = FindingValidator.Validate(TestData.Finding() with { ControlIds = ["A.5.15", "A.8.35"] });

        Assert.Contains("A.8.35", Assert.Single(errors.For("controlIds")), StringComparison.Ordinal);
    }

    [Fact]
    public void Description_audit_and_raiser_are_required()
    {
        var finding = TestData.Finding() with { Description = " ", AuditId = "", RaisedBy = "", RaisedAt = default };

        var errors = FindingValidator.Validate(finding);

        Assert.Equal(["auditId", "description", "raisedBy", "raisedAt"], errors.Fields);
    }

    [Fact]
    public void The_description_has_a_maximum_length()
    {
        Assert.True(FindingValidator.Validate(TestData.Finding() with { Description = new string('d', 4001) }).Has("description"));
    }

    [Fact]
    public void A_cancelled_audit_takes_no_findings()
    {
        var audit = TestData.Audit() with { Status = AuditStatus.Cancelled };

        var message = Assert.Single(FindingValidator.Validate(TestData.Finding(), audit).For("auditId"));
        Assert.Contains("cancelled", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_finding_must_belong_to_the_audit_given()
    {
        var audit = TestData.Audit() with { Id = "audit-2" };

        Assert.True(FindingValidator.Validate(TestData.Finding(), audit).Has("auditId"));
    }

    [Theory]
    [InlineData(FindingType.MajorNonconformity, true)]
    [InlineData(FindingType.MinorNonconformity, true)]
    [InlineData(FindingType.Observation, false)]
    [InlineData(FindingType.OpportunityForImprovement, false)]
    public void Only_nonconformities_require_corrective_action(FindingType type, bool required)
    {
        Assert.Equal(required, type.RequiresCorrectiveAction());
    }

    [Fact]
    public void A_nonconformity_without_actions_is_open()
    {
        Assert.Equal(FindingStatus.Open, TestData.Finding().Status([]));
    }

    [Fact]
    public void A_nonconformity_is_open_while_any_of_its_actions_is_not_closed()
    {
        CorrectiveAction[] actions =
        [
            TestData.Action(CorrectiveActionStatus.Closed),
            TestData.Action(CorrectiveActionStatus.Implemented) with { Id = "ca-2" },
        ];

        Assert.Equal(FindingStatus.Open, TestData.Finding().Status(actions));
    }

    [Fact]
    public void A_nonconformity_closes_when_all_its_actions_are_closed()
    {
        CorrectiveAction[] actions =
        [
            TestData.Action(CorrectiveActionStatus.Closed),
            TestData.Action(CorrectiveActionStatus.Closed) with { Id = "ca-2" },
            TestData.Action() with { Id = "ca-other", FindingId = "finding-other" },
        ];

        Assert.Equal(FindingStatus.Closed, TestData.Finding().Status(actions));
    }

    [Theory]
    [InlineData(FindingType.Observation)]
    [InlineData(FindingType.OpportunityForImprovement)]
    public void Observations_and_opportunities_need_no_action_and_are_closed(FindingType type)
    {
        Assert.Equal(FindingStatus.Closed, TestData.Finding(type).Status([]));
    }

    [Fact]
    public void Every_finding_type_has_the_words_people_use_for_it()
    {
        Assert.Equal(
            ["Major nonconformity", "Minor nonconformity", "Observation", "Opportunity for improvement"],
            Enum.GetValues<FindingType>().Select(t => t.Describe()));
    }
}
