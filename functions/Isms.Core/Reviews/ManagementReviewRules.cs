using Isms.Core.Validation;

namespace Isms.Core.Reviews;

/// <summary>What a person may set on a management review; null leaves a field as it is.</summary>
public sealed record ReviewChange
{
    public DateOnly? PlannedDate { get; init; }

    public DateOnly? HeldOn { get; init; }

    public ReviewStatus? Status { get; init; }

    public IReadOnlyList<ReviewAttendee>? Attendees { get; init; }

    public string? ChangesInIssues { get; init; }

    public string? InterestedPartiesChanges { get; init; }

    public string? Objectives { get; init; }

    public string? Feedback { get; init; }

    public string? Minutes { get; init; }

    public IReadOnlyList<ReviewDecision>? Decisions { get; init; }
}

/// <summary>The audit programme's planned management review a review fulfils; null when none.</summary>
public sealed record ProgrammeLink(string? AuditId);

/// <summary>
/// The rules of a management review (9.3): it moves Planned, Held, Completed and never back; it is held on a day that
/// has come; it is completed only with top management among the attendees (9.3.1), minutes and at least one decision
/// (9.3.3); once completed it is a record and no longer changes. 9.3 is evidenced by a review completed in the last
/// twelve months, and a review's inputs cover the period since the review before it.
/// </summary>
public static class ManagementReviewRules
{
    public const int MinutesLength = 6000;
    public const int InputLength = 2000;
    public const int DecisionLength = 500;
    public const int MaxDecisions = 20;
    public const int MaxAttendees = 50;

    /// <summary>How far back readiness looks for a completed review, and a first review's inputs reach.</summary>
    public const int MonthsCovered = 12;

    public static Outcome<ManagementReview> Create(string id, ReviewChange input, DateOnly today, string createdBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        if (input.PlannedDate is null)
        {
            errors.Add("plannedDate", "plannedDate is required: the day the review is to be held (yyyy-mm-dd).");
        }

        if (input.Status is not null and not ReviewStatus.Planned)
        {
            errors.Add("status", "status: a review is created Planned; record it as held once the meeting took place.");
        }

        var review = new ManagementReview { Id = id, PlannedDate = input.PlannedDate ?? default, CreatedAt = now, CreatedBy = createdBy };
        return Apply(review, input with { Status = null }, today, createdBy, now, errors);
    }

    /// <summary>Applies a change; <paramref name="today"/> judges "held on a day that has come".</summary>
    public static Outcome<ManagementReview> Change(ManagementReview review, ReviewChange change, DateOnly today, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(change);
        if (review.Status == ReviewStatus.Completed)
        {
            return Outcome.Refused<ManagementReview>(RefusalCode.InvalidTransition, "status",
                $"Management review {review.Id} is completed: its minutes and decisions are a record and no longer change. Raise what follows as an output action or a finding.");
        }

        return Apply(review, change, today, by, now, new ValidationErrors());
    }

    private static Outcome<ManagementReview> Apply(ManagementReview review, ReviewChange change, DateOnly today, string by, DateTimeOffset now, ValidationErrors errors)
    {
        foreach (var (field, value) in new[] { ("changesInIssues", change.ChangesInIssues), ("interestedPartiesChanges", change.InterestedPartiesChanges), ("objectives", change.Objectives), ("feedback", change.Feedback) })
        {
            errors.MaxLength(field, value, InputLength);
        }

        errors.MaxLength("minutes", change.Minutes, MinutesLength);
        CheckAttendees(change.Attendees, errors);
        CheckDecisions(change.Decisions, errors);
        if (change.HeldOn is { } heldOn && heldOn > today)
        {
            errors.Add("heldOn", $"heldOn {heldOn:yyyy-MM-dd} has not come yet; a review is recorded as held on or after the day it met.");
        }

        if (change.Status is { } requested && !Enum.IsDefined(requested))
        {
            errors.Add("status", "status must be Planned, Held or Completed.");
        }

        if (!errors.IsValid)
        {
            return Outcome.Invalid<ManagementReview>(errors);
        }

        var changed = review with
        {
            PlannedDate = change.PlannedDate ?? review.PlannedDate,
            HeldOn = change.HeldOn ?? review.HeldOn,
            Attendees = change.Attendees is { } attendees ? [.. attendees.Select(a => a with { Upn = a.Upn.Trim() })] : review.Attendees,
            ChangesInIssues = Text(change.ChangesInIssues, review.ChangesInIssues),
            InterestedPartiesChanges = Text(change.InterestedPartiesChanges, review.InterestedPartiesChanges),
            Objectives = Text(change.Objectives, review.Objectives),
            Feedback = Text(change.Feedback, review.Feedback),
            Minutes = Text(change.Minutes, review.Minutes),
            Decisions = change.Decisions is { } decisions ? [.. decisions.Select(d => d with { Text = d.Text.Trim() })] : review.Decisions,
        };

        if (change.Status is not { } status || status == review.Status)
        {
            return Outcome.Success(changed);
        }

        if (status < review.Status)
        {
            return Outcome.Refused<ManagementReview>(RefusalCode.InvalidTransition, "status", $"status: a {review.Status} review does not go back to {status}.");
        }

        // Held or Completed: the meeting took place, on the day given or today.
        changed = changed with { Status = status, HeldOn = changed.HeldOn ?? today };
        if (status == ReviewStatus.Completed)
        {
            var missing = CompletionNeeds(changed);
            if (missing.Count > 0)
            {
                var needs = new ValidationErrors();
                foreach (var (field, message) in missing)
                {
                    needs.Add(field, message);
                }

                return Outcome.Refused<ManagementReview>(new Refusal(RefusalCode.GateNotMet,
                    $"Management review {review.Id} cannot be completed yet: {needs}", needs.ToDictionary()));
            }

            changed = changed with { CompletedAt = now, CompletedBy = by };
        }

        return Outcome.Success(changed);
    }

    /// <summary>How far from a review's planned date the programme's planned review may be to be taken as the one it fulfils.</summary>
    public const int ProgrammeWindowDays = 92;

    /// <summary>
    /// The audit programme's planned management review that a review planned for <paramref name="plannedDate"/> fulfils:
    /// the one named (which must be a management review of the programme, not finished, and not fulfilled by another
    /// review), or else the nearest open one within <see cref="ProgrammeWindowDays"/> days that no review fulfils yet;
    /// null when there is none.
    /// </summary>
    public static Outcome<ProgrammeLink> ProgrammeEntry(IEnumerable<Audits.Audit> audits, IEnumerable<ManagementReview> reviews, DateOnly plannedDate, string? requested)
    {
        ArgumentNullException.ThrowIfNull(audits);
        ArgumentNullException.ThrowIfNull(reviews);
        var taken = reviews.Where(r => r.AuditId is not null).Select(r => r.AuditId!).ToHashSet(StringComparer.Ordinal);
        var open = audits.Where(a => a.Type == Audits.AuditType.ManagementReview && a.Status is Audits.AuditStatus.Planned or Audits.AuditStatus.InProgress).ToList();
        if (requested is not null)
        {
            var audit = open.FirstOrDefault(a => string.Equals(a.Id, requested, StringComparison.Ordinal));
            return audit is null
                ? Outcome.Refused<ProgrammeLink>(RefusalCode.Invalid, "auditId", $"auditId '{requested}' is not a planned or running management review of the audit programme (GET /api/audits?type=ManagementReview lists them).")
                : taken.Contains(audit.Id)
                    ? Outcome.Refused<ProgrammeLink>(RefusalCode.InvalidTransition, "auditId", $"auditId '{requested}' is already fulfilled by another management review.")
                    : Outcome.Success(new ProgrammeLink(audit.Id));
        }

        return Outcome.Success(new ProgrammeLink(open
            .Where(a => !taken.Contains(a.Id) && Math.Abs(a.PlannedStart.DayNumber - plannedDate.DayNumber) <= ProgrammeWindowDays)
            .OrderBy(a => Math.Abs(a.PlannedStart.DayNumber - plannedDate.DayNumber)).ThenBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => a.Id)
            .FirstOrDefault()));
    }

    /// <summary>The programme entry's steps when a review reaches <paramref name="status"/>: held is the audit running, completed is it done.</summary>
    public static IReadOnlyList<Audits.AuditStatus> ProgrammeSteps(ReviewStatus status) => status switch
    {
        ReviewStatus.Held => [Audits.AuditStatus.InProgress],
        ReviewStatus.Completed => [Audits.AuditStatus.InProgress, Audits.AuditStatus.Completed],
        _ => [],
    };

    /// <summary>What a review still lacks before it can be completed (field, why); empty when it can be.</summary>
    public static IReadOnlyDictionary<string, string> CompletionNeeds(ManagementReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        var needs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!review.Attendees.Any(a => a.TopManagement))
        {
            needs["attendees"] = "attendees: top management reviews the ISMS (9.3.1); name at least one attendee from top management.";
        }

        if (string.IsNullOrWhiteSpace(review.Minutes))
        {
            needs["minutes"] = "minutes: record what was discussed before completing the review.";
        }

        if (review.Decisions.Count == 0)
        {
            needs["decisions"] = "decisions: 9.3.3 asks for the decisions on improvement and on any changes to the ISMS; record at least one.";
        }

        return needs;
    }

    /// <summary>The reviews that evidence 9.3: completed, and held within the twelve months up to <paramref name="today"/>.</summary>
    public static int CompletedInLastYear(IEnumerable<ManagementReview> reviews, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        var from = today.AddMonths(-MonthsCovered);
        return reviews.Count(r => r.Status == ReviewStatus.Completed && r.HeldOn is { } held && held > from && held <= today);
    }

    /// <summary>
    /// The period a review's inputs cover: from the day after the last review completed before it (or twelve months
    /// before it, for the first) to the day it was held (or today, until it is).
    /// </summary>
    public static (DateOnly From, DateOnly To) Period(ManagementReview review, IEnumerable<ManagementReview> others, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(others);
        var to = review.HeldOn ?? today;
        var previous = Previous(review, others);
        var from = previous?.HeldOn is { } held ? held.AddDays(1) : to.AddMonths(-MonthsCovered);
        return (from, to);
    }

    /// <summary>The last review completed before this one (by the day it was held), or null for the first.</summary>
    public static ManagementReview? Previous(ManagementReview review, IEnumerable<ManagementReview> others)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(others);
        var day = review.HeldOn ?? review.PlannedDate;
        return others
            .Where(o => o.Id != review.Id && o.Status == ReviewStatus.Completed && o.HeldOn is { } held && held < day)
            .OrderByDescending(o => o.HeldOn)
            .FirstOrDefault();
    }

    private static void CheckAttendees(IReadOnlyList<ReviewAttendee>? attendees, ValidationErrors errors)
    {
        if (attendees is null)
        {
            return;
        }

        if (attendees.Count > MaxAttendees)
        {
            errors.Add("attendees", $"attendees: at most {MaxAttendees}.");
            return;
        }

        for (var i = 0; i < attendees.Count; i++)
        {
            if (attendees[i] is null)
            {
                errors.Add("attendees", $"attendees[{i}] is empty.");
                continue;
            }

            errors.Upn($"attendees[{i}].upn", attendees[i].Upn, required: true);
        }

        var twice = attendees.Where(a => a?.Upn is not null).GroupBy(a => a.Upn.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0)
        {
            errors.Add("attendees", $"attendees names {string.Join(", ", twice)} more than once.");
        }
    }

    private static void CheckDecisions(IReadOnlyList<ReviewDecision>? decisions, ValidationErrors errors)
    {
        if (decisions is null)
        {
            return;
        }

        if (decisions.Count > MaxDecisions)
        {
            errors.Add("decisions", $"decisions: at most {MaxDecisions}; record the rest in the minutes or as output actions.");
            return;
        }

        for (var i = 0; i < decisions.Count; i++)
        {
            if (decisions[i] is null)
            {
                errors.Add("decisions", $"decisions[{i}] is empty.");
                continue;
            }

            errors.Defined($"decisions[{i}].kind", decisions[i].Kind);
            errors.Required($"decisions[{i}].text", decisions[i].Text).MaxLength($"decisions[{i}].text", decisions[i].Text, DecisionLength);
        }
    }

    private static string? Text(string? changed, string? current) =>
        changed is null ? current : string.IsNullOrWhiteSpace(changed) ? null : changed.Trim();
}
