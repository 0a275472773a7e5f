using Isms.Core.Time;
using System.Diagnostics;
using Isms.Core.Audits;
using Isms.Core.Programme;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Isms.Core.Tests.Programme;

/// <summary>
/// Runs the daily planning of ScheduleAudits over a whole three-year cycle, applying each plan to an in-memory
/// register and letting audits start and finish on their planned dates, then checks the rules over the result.
/// </summary>
public sealed class AuditProgrammeWalkTests(ITestOutputHelper output)
{
    private static readonly DateOnly Decision = new(2026, 3, 15);
    private static readonly DateOnly Expiry = new(2029, 3, 14);
    private const string CbLead = "lead@certbody.example";

    private readonly AuditProgrammeOptions _options = new();
    private readonly IReadOnlyList<ProgrammeControl> _controls = ProgrammeCatalogue.Build();
    private readonly Dictionary<string, RecordedAudit> _register = new(StringComparer.Ordinal);
    private readonly List<RecordedFinding> _findings = [];
    private readonly Dictionary<string, CorrectiveActionDue> _actions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _created = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateOnly> _createdOn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateOnly> _firstPlannedStart = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateOnly> _noticeSentOn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DateOnly>> _overdueDays = new(StringComparer.Ordinal);
    private readonly List<(string FindingId, DateOnly Due)> _externalMajors = [];
    private string? _internalMajorControl;
    private DateOnly _internalMajorRaisedOn;

    private static readonly string[] Pool = [ProgrammeCatalogue.Alice, ProgrammeCatalogue.Bob, ProgrammeCatalogue.Carol];

    private CertificationCycle Cycle { get; } = new(Decision, Expiry);

    [Fact]
    public void A_full_cycle_walked_day_by_day_keeps_every_rule()
    {
        var time = new FakeTimeProvider();
        var planner = new AuditProgrammePlanner(OrganisationClock.Utc(time), _options);
        var notices = new AuditNotices(_options);
        _register["stage2"] = new RecordedAudit(
            "stage2", AuditType.Stage2, Decision.AddDays(-30), Decision.AddDays(-28), AuditStatus.Completed, [], CbLead, []);

        var watch = Stopwatch.StartNew();
        var days = 0;
        var rechecks = 0;
        for (var day = Decision; day <= Expiry; day = day.AddDays(1), days++)
        {
            time.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero));

            var plan = planner.Plan(State());
            Assert.Equal(day, plan.Today);
            Assert.Equal(plan.Audits.Count, plan.Audits.Select(a => a.Key).Distinct(StringComparer.Ordinal).Count());
            Assert.Empty(plan.Warnings);
            Assert.Empty(plan.Conflicts);
            Assert.Empty(plan.StaffingProblems);
            Assert.DoesNotContain(plan.Coverage, row => !row.OnTrack);
            Apply(plan, day);

            // The timer firing again the same day (or after a crash) finds nothing to do. Checked whenever the
            // first run wrote something, and weekly, to keep the walk fast.
            if (days % 7 == 0 || plan.Audits.Any(a => a.Action is not (PlanAction.Keep or PlanAction.Locked)))
            {
                var again = planner.Plan(State());
                Assert.DoesNotContain(again.Audits, a => a.Action is not (PlanAction.Keep or PlanAction.Locked));
                rechecks++;
            }

            SendNotices(notices, day);
            SendNotices(notices, day);
            foreach (var overdue in AuditNotices.Overdue(_register.Values, day))
            {
                (_overdueDays.TryGetValue(overdue.AuditKey, out var list) ? list : _overdueDays[overdue.AuditKey] = []).Add(day);
            }

            RunAuditsDueToday(day);
        }

        watch.Stop();
        Assert.True(days > 1090, $"walked {days} days");
        Assert.True(rechecks > 150, $"reran {rechecks} days");
        // Speed is measured in benchmarks, not asserted here: the time is only reported.

        output.WriteLine($"{days} days in {watch.Elapsed.TotalMilliseconds:F0} ms, {rechecks} same-day reruns, {_created.Count} audits, {_noticeSentOn.Count} notices");
        foreach (var audit in _register.Values.Where(a => a.Type != AuditType.Internal).OrderBy(a => a.Start))
        {
            output.WriteLine($"{audit.Id}: {audit.Start:yyyy-MM-dd}..{audit.End:yyyy-MM-dd} {audit.Status}");
        }

        foreach (var audit in CompletedInternalAudits())
        {
            output.WriteLine($"{audit.Id}: {audit.Start:yyyy-MM-dd} {audit.Scope.Count} in scope, lead {audit.LeadAuditorUpn}");
        }

        AssertExternalAuditsMeet17021();
        AssertInternalCoverage();
        AssertMajorNonconformitiesFollowedUp();
        AssertIndependence();
        AssertNotices();
        AssertOverdueFlagged();
    }

    private ProgrammeState State() => new(
        Cycle,
        _controls,
        _register.Values.ToList(),
        _findings.ToList(),
        _actions.Values.ToList(),
        Pool);

    private void Apply(ProgrammePlan plan, DateOnly day)
    {
        foreach (var audit in plan.Audits)
        {
            switch (audit.Action)
            {
                case PlanAction.Create:
                    Assert.True(_created.Add(audit.Key), $"{day}: key {audit.Key} created twice");
                    Assert.False(_register.ContainsKey(audit.Key));
                    Assert.True(audit.PlannedStart > day, $"{day}: {audit.Key} created in the past");
                    _createdOn[audit.Key] = day;
                    _firstPlannedStart[audit.Key] = audit.PlannedStart;
                    var recorded = audit.ToRecorded();
                    if (audit.Type.IsExternal())
                    {
                        // The certification body names its lead auditor.
                        recorded = recorded with { LeadAuditorUpn = CbLead };
                    }

                    _register[audit.Key] = recorded;
                    break;
                case PlanAction.Update:
                case PlanAction.Cancel:
                    Assert.Equal(AuditStatus.Planned, _register[audit.Key].Status);
                    _register[audit.Key] = audit.ToRecorded();
                    break;
                case PlanAction.Keep:
                    Assert.Equal(AuditStatus.Planned, _register[audit.Key].Status);
                    break;
                case PlanAction.Locked:
                    Assert.Equal(_register[audit.Key].Start, audit.PlannedStart);
                    break;
            }
        }
    }

    private void SendNotices(AuditNotices notices, DateOnly day)
    {
        foreach (var notice in notices.Owed(_register.Values, day, _noticeSentOn.Keys.ToHashSet()))
        {
            Assert.True(_noticeSentOn.TryAdd(notice.Key, day), $"{day}: notice {notice.Key} owed twice");
        }
    }

    private void RunAuditsDueToday(DateOnly day)
    {
        foreach (var audit in _register.Values.ToList())
        {
            var forgotten = audit.Id == AuditKeys.ManagementReview(Cycle.Key, 1);
            if (audit.Status == AuditStatus.Planned && audit.Start <= day && !(forgotten && day < audit.End.AddDays(5)))
            {
                _register[audit.Id] = audit with { Status = AuditStatus.InProgress };
            }
        }

        foreach (var audit in _register.Values.Where(a => a.Status == AuditStatus.InProgress).ToList())
        {
            if (audit.End <= day || audit.Start.AddDays(audit.End.DayNumber - audit.Start.DayNumber) < day)
            {
                var completed = audit with { Status = AuditStatus.Completed };
                if (audit.End < day)
                {
                    completed = completed with { End = day };
                }

                _register[audit.Id] = completed;
                RaiseFindings(completed, day);
            }
        }

        foreach (var (findingId, action) in _actions.ToList())
        {
            // The first external major is closed early, three days after it was raised.
            var finding = _findings.Single(f => f.Id == findingId);
            if (action.ClosedOn is null && findingId == "F-S1" && day == finding.RaisedOn.AddDays(3))
            {
                _actions[findingId] = action with { ClosedOn = day };
            }
        }
    }

    private void RaiseFindings(RecordedAudit audit, DateOnly day)
    {
        if (audit.Id == AuditKeys.Internal(Cycle.Key, 1, 2, 4))
        {
            _internalMajorControl = audit.Scope.First(id => !ProgrammeCatalogue.HighRisk.Contains(id));
            _internalMajorRaisedOn = day;
            _findings.Add(new RecordedFinding("F-INT", audit.Id, FindingType.MajorNonconformity, [_internalMajorControl], day));
            _findings.Add(new RecordedFinding("F-INT-OBS", audit.Id, FindingType.Observation, [audit.Scope[0]], day));
        }

        var external = new Dictionary<string, string>
        {
            [AuditKeys.Surveillance(Cycle.Key, 1)] = "F-S1",
            [AuditKeys.Surveillance(Cycle.Key, 2)] = "F-S2",
        };
        if (external.TryGetValue(audit.Id, out var findingId))
        {
            _findings.Add(new RecordedFinding(findingId, audit.Id, FindingType.MajorNonconformity, ["A.8.8"], day));
            _actions[findingId] = new CorrectiveActionDue(findingId, day.AddDays(_options.MajorNonconformityDueDays), null);
            _externalMajors.Add((findingId, day.AddDays(_options.MajorNonconformityDueDays)));
        }
    }

    private void AssertExternalAuditsMeet17021()
    {
        var first = _register[AuditKeys.Surveillance(Cycle.Key, 1)];
        var second = _register[AuditKeys.Surveillance(Cycle.Key, 2)];
        var recertification = _register[AuditKeys.Recertification(Cycle.Key)];
        Assert.All([first, second, recertification], a => Assert.Equal(AuditStatus.Completed, a.Status));

        Assert.True(first.Start > Decision);
        Assert.True(first.End <= Decision.AddMonths(12), $"surveillance 1 ends {first.End}");
        Assert.Equal(first.End.Year + 1, second.End.Year);
        Assert.True(recertification.Start >= Decision.AddMonths(24), $"recertification starts {recertification.Start}");
        Assert.True(recertification.End <= Expiry.AddDays(-_options.RecertificationMarginDays), $"recertification ends {recertification.End}");
        Assert.True(second.End < recertification.Start);

        var external = _register.Values.Where(a => a.Type.IsExternal() && a.Status == AuditStatus.Completed).ToList();
        for (var year = Decision.Year; year <= recertification.End.Year; year++)
        {
            Assert.Contains(external, a => a.End.Year == year);
        }
    }

    private List<RecordedAudit> CompletedInternalAudits() =>
        _register.Values.Where(a => a.Type == AuditType.Internal && a.Status == AuditStatus.Completed).OrderBy(a => a.End).ToList();

    private void AssertInternalCoverage()
    {
        var audits = CompletedInternalAudits();
        var deadline = Expiry.AddDays(-_options.RecertificationMarginDays);
        foreach (var control in _controls)
        {
            var visits = audits.Where(a => a.Scope.Contains(control.Id)).ToList();
            if (!control.InProgramme)
            {
                Assert.Empty(visits);
                continue;
            }

            Assert.Contains(visits, a => a.Start >= Decision && a.End <= deadline);
            if (control.IsHighRisk)
            {
                var previous = Decision;
                foreach (var visit in visits)
                {
                    Assert.True(visit.End <= previous.AddMonths(12), $"{control.Id}: {previous} then {visit.End}");
                    previous = visit.End;
                }

                Assert.True(previous.AddMonths(12) >= Expiry, $"{control.Id}: last audited {previous}");
            }
        }

        // Nobody carries the whole programme in one quarter: periods stay within a few controls of each other.
        var sizes = audits.Select(a => a.Scope.Count).ToList();
        Assert.True(sizes.Max() - sizes.Min() <= 4, "scope sizes " + string.Join(",", sizes));
    }

    private void AssertMajorNonconformitiesFollowedUp()
    {
        Assert.NotNull(_internalMajorControl);
        Assert.Contains(
            CompletedInternalAudits(),
            a => a.Scope.Contains(_internalMajorControl) && a.Start > _internalMajorRaisedOn && a.End <= _internalMajorRaisedOn.AddMonths(12));

        Assert.Equal(2, _externalMajors.Count);
        foreach (var (findingId, due) in _externalMajors)
        {
            var followUp = _register[AuditKeys.FollowUp(findingId)];
            Assert.Equal(AuditStatus.Completed, followUp.Status);
            Assert.True(followUp.End < due, $"{findingId}: follow-up ends {followUp.End}, action due {due}");
            Assert.Equal(CbLead, followUp.LeadAuditorUpn);
        }

        // Closed three days after it was raised, the first one was brought forward from its first plan.
        var closed = _actions["F-S1"].ClosedOn!.Value;
        var early = _register[AuditKeys.FollowUp("F-S1")];
        Assert.InRange(early.Start, closed.AddDays(1), closed.AddDays(_options.FollowUpAfterClosureDays));
        Assert.True(early.Start < _firstPlannedStart[early.Id], $"follow-up first planned {_firstPlannedStart[early.Id]}, held {early.Start}");
    }

    private void AssertIndependence()
    {
        var independence = ProgrammeCatalogue.Independence(_controls);
        foreach (var audit in _register.Values.Where(a => a.Type == AuditType.Internal))
        {
            Assert.NotNull(audit.LeadAuditorUpn);
            Assert.Empty(independence.Conflicts(Audit.TeamOf(audit.LeadAuditorUpn, audit.Auditors), audit.Scope));
        }

        // Alice owns access control, so she would not be independent of an audit of it.
        var accessControl = CompletedInternalAudits().First(a => a.Scope.Contains("A.5.15"));
        Assert.Contains("A.5.15", independence.OwnedInScope(ProgrammeCatalogue.Alice, accessControl.Scope));
    }

    private void AssertNotices()
    {
        var stages = _options.ParsedNoticeDays();
        foreach (var audit in _register.Values.Where(a => _createdOn.ContainsKey(a.Id)))
        {
            var sent = stages.Where(s => _noticeSentOn.ContainsKey(AuditKeys.Notice(audit.Id, s))).ToList();
            Assert.NotEmpty(sent);
            if (_createdOn[audit.Id] <= audit.Start.AddDays(-stages[0]) && audit.Type != AuditType.FollowUp)
            {
                foreach (var stage in stages)
                {
                    Assert.Equal(audit.Start.AddDays(-stage), _noticeSentOn[AuditKeys.Notice(audit.Id, stage)]);
                }
            }
        }
    }

    private void AssertOverdueFlagged()
    {
        var review = _register[AuditKeys.ManagementReview(Cycle.Key, 1)];
        Assert.Equal(AuditStatus.Completed, review.Status);
        var flagged = Assert.Single(_overdueDays);
        Assert.Equal(review.Id, flagged.Key);
        Assert.NotEmpty(flagged.Value);
    }
}
