using Isms.Core.Audits;
using Isms.Core.Programme;
using static Isms.Core.Tests.Programme.ProgrammeFixtures;

namespace Isms.Core.Tests.Programme;

public sealed class AuditNoticesTests
{
    private static readonly DateOnly Start = new(2027, 3, 1);
    private readonly AuditNotices _notices = new(new AuditProgrammeOptions());
    private readonly RecordedAudit _audit = Audit("a1", AuditType.Surveillance, Start, Start.AddDays(1), AuditStatus.Planned, lead: "lead@cb.example");

    [Fact]
    public void Each_stage_is_owed_once_on_its_day_across_a_daily_walk()
    {
        var sent = new Dictionary<string, DateOnly>();
        for (var day = Start.AddDays(-120); day <= Start.AddDays(5); day = day.AddDays(1))
        {
            for (var run = 0; run < 2; run++)
            {
                foreach (var notice in _notices.Owed([_audit], day, sent.Keys.ToHashSet()))
                {
                    Assert.True(sent.TryAdd(notice.Key, day));
                    Assert.Equal("lead@cb.example", notice.LeadAuditorUpn);
                }
            }
        }

        Assert.Equal(
            new Dictionary<string, DateOnly>
            {
                ["a1:notice-90"] = Start.AddDays(-90),
                ["a1:notice-30"] = Start.AddDays(-30),
                ["a1:notice-7"] = Start.AddDays(-7),
            },
            sent);
    }

    [Fact]
    public void A_missed_day_is_caught_up_the_next_run()
    {
        var notice = Assert.Single(_notices.Owed([_audit], Start.AddDays(-88), new HashSet<string>()));

        Assert.Equal("a1:notice-90", notice.Key);
        Assert.Equal(88, notice.DaysLeft);
    }

    [Fact]
    public void An_audit_planned_at_short_notice_gets_only_the_latest_stage()
    {
        var notice = Assert.Single(_notices.Owed([_audit], Start.AddDays(-20), new HashSet<string>()));

        Assert.Equal(30, notice.DaysBefore);
    }

    [Fact]
    public void Started_cancelled_and_past_audits_are_owed_nothing()
    {
        var audits = new[]
        {
            _audit with { Status = AuditStatus.InProgress },
            _audit with { Id = "a2", Status = AuditStatus.Cancelled },
        };

        Assert.Empty(_notices.Owed(audits, Start.AddDays(-7), new HashSet<string>()));
        Assert.Empty(_notices.Owed([_audit], Start, new HashSet<string>()));
    }

    [Fact]
    public void An_audit_past_its_planned_end_and_not_completed_is_overdue()
    {
        var audits = new[]
        {
            _audit,
            _audit with { Id = "a2", Status = AuditStatus.InProgress },
            _audit with { Id = "a3", Status = AuditStatus.Completed },
            _audit with { Id = "a4", Status = AuditStatus.Cancelled },
        };

        Assert.Empty(AuditNotices.Overdue(audits, _audit.End));
        var overdue = AuditNotices.Overdue(audits, _audit.End.AddDays(3));

        Assert.Equal(["a1:overdue", "a2:overdue"], overdue.Select(o => o.Key));
        Assert.All(overdue, o => Assert.Equal(3, o.DaysOverdue));
    }

    [Fact]
    public void Notice_days_are_read_from_settings_largest_first()
    {
        var options = new AuditProgrammeOptions { NoticeDays = " 7, 90,30,30" };

        Assert.Equal([90, 30, 7], options.ParsedNoticeDays());
        Assert.Equal("AuditProgramme", AuditProgrammeOptions.SectionName);
        Assert.Equal(
            ["alice@contoso.com", "bob@contoso.com"],
            new AuditProgrammeOptions { InternalAuditors = "alice@contoso.com, bob@contoso.com,ALICE@contoso.com" }.ParsedInternalAuditors());
    }
}
