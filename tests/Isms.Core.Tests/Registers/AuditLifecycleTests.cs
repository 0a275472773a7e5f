using Isms.Core.Audits;
using Isms.Core.Validation;

namespace Isms.Core.Tests.Registers;

public class AuditLifecycleTests
{
    private static readonly DateOnly Day = new(2026, 4, 1);

    [Theory]
    [InlineData(AuditStatus.Planned, AuditStatus.InProgress)]
    [InlineData(AuditStatus.InProgress, AuditStatus.Completed)]
    [InlineData(AuditStatus.Planned, AuditStatus.Cancelled)]
    [InlineData(AuditStatus.InProgress, AuditStatus.Cancelled)]
    public void Allowed_transitions_succeed(AuditStatus from, AuditStatus to)
    {
        var outcome = AuditLifecycle.ChangeStatus(TestData.Audit() with { Status = from }, to, Day);

        Assert.True(outcome.IsSuccess);
        Assert.Equal(to, outcome.Value.Status);
    }

    [Theory]
    [InlineData(AuditStatus.Planned, AuditStatus.Completed, "start the audit")]
    [InlineData(AuditStatus.InProgress, AuditStatus.Planned, "allowed next: Completed, Cancelled")]
    [InlineData(AuditStatus.Completed, AuditStatus.InProgress, "completed audit is final")]
    [InlineData(AuditStatus.Completed, AuditStatus.Cancelled, "completed audit is final")]
    [InlineData(AuditStatus.Cancelled, AuditStatus.Planned, "cancelled audit is final")]
    [InlineData(AuditStatus.Cancelled, AuditStatus.InProgress, "cancelled audit is final")]
    public void Refused_transitions_say_why(AuditStatus from, AuditStatus to, string reason)
    {
        var outcome = AuditLifecycle.ChangeStatus(TestData.Audit() with { Status = from }, to, Day);

        Assert.False(outcome.IsSuccess);
        Assert.Equal(RefusalCode.InvalidTransition, outcome.Refusal.Code);
        Assert.Equal("status", outcome.Refusal.Field);
        Assert.Contains(reason, outcome.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Starting_and_completing_record_the_actual_dates()
    {
        var started = AuditLifecycle.ChangeStatus(TestData.Audit(), AuditStatus.InProgress, Day).Value;
        var completed = AuditLifecycle.ChangeStatus(started, AuditStatus.Completed, Day.AddDays(1)).Value;

        Assert.Equal(Day, completed.ActualStart);
        Assert.Equal(Day.AddDays(1), completed.ActualEnd);
    }

    [Fact]
    public void Actual_dates_already_recorded_are_kept()
    {
        var audit = TestData.Audit() with { ActualStart = Day.AddDays(-1) };

        var started = AuditLifecycle.ChangeStatus(audit, AuditStatus.InProgress, Day).Value;

        Assert.Equal(Day.AddDays(-1), started.ActualStart);
    }

    [Fact]
    public void Asking_for_the_current_status_changes_nothing()
    {
        var audit = TestData.Audit() with { Status = AuditStatus.Completed };

        var outcome = AuditLifecycle.ChangeStatus(audit, AuditStatus.Completed, Day);

        Assert.Same(audit, outcome.Value);
    }

    [Fact]
    public void An_undefined_status_is_invalid()
    {
        var outcome = AuditLifecycle.ChangeStatus(TestData.Audit(), (AuditStatus)9, Day);

        Assert.Equal(RefusalCode.Invalid, outcome.Refusal!.Code);
    }

    [Fact]
    public void Final_statuses_allow_nothing_next()
    {
        Assert.Empty(AuditLifecycle.AllowedNext(AuditStatus.Completed));
        Assert.Empty(AuditLifecycle.AllowedNext(AuditStatus.Cancelled));
    }
}
