using Isms.Core.Collection;

namespace Isms.Core.Tests.Collection;

public sealed class MonitoringRuleTests
{
    [Fact]
    public void One_failure_raises_nothing_and_the_second_in_a_row_raises_the_nonconformity_once()
    {
        var first = MonitoringRule.Apply(MonitoringStreak.None, CollectorRunOutcome.Failed, "r1");
        Assert.False(first.RaiseFinding);
        var second = MonitoringRule.Apply(first.Next, CollectorRunOutcome.Failed, "r2");
        Assert.True(second.RaiseFinding);
        Assert.Equal("r1", second.Next.FailingSince);

        var raised = second.Next with { OpenFindingId = "FND-1" };
        var third = MonitoringRule.Apply(raised, CollectorRunOutcome.Failed, "r3");
        Assert.False(third.RaiseFinding);
        Assert.Equal("FND-1", third.Next.OpenFindingId);
    }

    [Fact]
    public void A_pass_ends_the_streak_and_is_recorded_on_the_open_nonconformity()
    {
        var open = new MonitoringStreak { ConsecutiveFailures = 3, FailingSince = "r1", OpenFindingId = "FND-1" };
        var pass = MonitoringRule.Apply(open, CollectorRunOutcome.Passed, "r4");
        Assert.Equal("FND-1", pass.RecordPassOn);
        Assert.Equal(0, pass.Next.ConsecutiveFailures);
        Assert.Null(pass.Next.OpenFindingId);

        var failAgain = MonitoringRule.Apply(MonitoringRule.Apply(pass.Next, CollectorRunOutcome.Failed, "r5").Next, CollectorRunOutcome.Failed, "r6");
        Assert.True(failAgain.RaiseFinding);
        Assert.Equal("r5", failAgain.Next.FailingSince);
    }

    [Fact]
    public void A_run_that_cannot_collect_neither_counts_as_a_failure_nor_ends_one_and_the_manager_is_told_once_per_streak()
    {
        var failed = MonitoringRule.Apply(MonitoringStreak.None, CollectorRunOutcome.Failed, "r1").Next;
        var error = MonitoringRule.Apply(failed, CollectorRunOutcome.Error, "r2");
        Assert.True(error.TellManager);
        Assert.Equal(1, error.Next.ConsecutiveFailures);
        var errorAgain = MonitoringRule.Apply(error.Next, CollectorRunOutcome.Error, "r3");
        Assert.False(errorAgain.TellManager);
        Assert.Equal("r2", errorAgain.Next.ErroringSince);

        var failedAgain = MonitoringRule.Apply(errorAgain.Next, CollectorRunOutcome.Failed, "r4");
        Assert.True(failedAgain.RaiseFinding);
        Assert.Null(failedAgain.Next.ErroringSince);
        Assert.True(MonitoringRule.Apply(failedAgain.Next, CollectorRunOutcome.Error, "r5").TellManager);
    }
}
