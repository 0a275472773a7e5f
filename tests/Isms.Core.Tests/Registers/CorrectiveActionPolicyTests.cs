using Isms.Core.CorrectiveActions;

namespace Isms.Core.Tests.Registers;

public class CorrectiveActionPolicyTests
{
    [Fact]
    public void The_defaults_are_those_of_the_design_and_valid()
    {
        var policy = new CorrectiveActionPolicy();

        Assert.Equal((30, 90, 30, 30), (policy.MajorDueDays, policy.MinorDueDays, policy.ReopenDueDays, policy.MaxSnoozeDays));
        Assert.Equal("CorrectiveActions", CorrectiveActionPolicy.SectionName);
        Assert.True(policy.Validate().IsValid);
    }

    [Fact]
    public void Days_below_one_are_named_with_their_configuration_key()
    {
        var errors = new CorrectiveActionPolicy { MajorDueDays = 0, MaxSnoozeDays = -1 }.Validate();

        Assert.Equal(["majorDueDays", "maxSnoozeDays"], errors.Fields);
        Assert.Contains("CorrectiveActions:MajorDueDays", errors.For("majorDueDays")[0], StringComparison.Ordinal);
    }
}
