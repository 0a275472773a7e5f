using Isms.Core.Reminders;

namespace Isms.Core.Tests.Reminders;

public class ReminderPolicyTests
{
    [Fact]
    public void Defaults_follow_the_design_brief_and_are_valid()
    {
        var policy = new ReminderPolicy();

        Assert.Equal("Reminders", ReminderPolicy.SectionName);
        Assert.Empty(policy.Validate());
        Assert.Equal([14, 7, 1], policy.CorrectiveActions.ParseDaysBefore());
        Assert.True(policy.CorrectiveActions.OnDueDay);
        Assert.Equal(3, policy.CorrectiveActions.RepeatEveryBusinessDaysOverdue);
        Assert.Equal(7, policy.CorrectiveActions.CopyManagerAtDaysOverdue);
        Assert.Equal(14, policy.CorrectiveActions.CopyIsmsManagerAtDaysOverdue);
        Assert.Equal([90, 30, 7], policy.Audits.ParseDaysBefore());
        Assert.True(policy.Audits.AlwaysCopyIsmsManager);
        Assert.Equal([DayOfWeek.Sunday, DayOfWeek.Saturday], policy.Calendar().WeekendDays.Order());
    }

    [Fact]
    public void Days_before_are_parsed_in_any_order_and_spacing()
    {
        var settings = new ReminderLadderSettings { DaysBefore = " 1, 14 ,7 " };
        Assert.Equal([14, 7, 1], settings.ParseDaysBefore());
        Assert.Empty(new ReminderLadderSettings { DaysBefore = "" }.ParseDaysBefore());
    }

    [Fact]
    public void Each_invalid_setting_is_named()
    {
        var policy = new ReminderPolicy { WeekendDays = "Saturday,Funday" };
        policy.CorrectiveActions.DaysBefore = "14,x,7,7,-1";
        policy.Audits.RepeatEveryBusinessDaysOverdue = -1;
        policy.Evidence.CopyManagerAtDaysOverdue = -2;

        var errors = policy.Validate();

        Assert.Contains(errors, e => e.StartsWith("Reminders:WeekendDays", StringComparison.Ordinal) && e.Contains("Funday", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Reminders:CorrectiveActions:DaysBefore", StringComparison.Ordinal) && e.Contains("'x'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("7 is listed twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'-1'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Reminders:Audits:RepeatEveryBusinessDaysOverdue", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Reminders:Evidence:CopyManagerAtDaysOverdue", StringComparison.Ordinal));
        var thrown = Assert.Throws<ArgumentException>(() => new ReminderLadder(policy));
        Assert.Contains("Funday", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_ladder_is_reported_not_thrown()
    {
        var policy = new ReminderPolicy { Audits = null! };
        Assert.Contains("Reminders:Audits is missing.", policy.Validate());
    }
}
