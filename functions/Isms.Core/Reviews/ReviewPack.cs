using Isms.Core.Audits;
using Isms.Core.CorrectiveActions;
using Isms.Core.Evidence;
using Isms.Core.Risks;
using Isms.Core.Snapshots;

namespace Isms.Core.Reviews;

/// <summary>
/// The inputs of a management review (ISO/IEC 27001:2022, 9.3.2), one section per input, (d) in its four parts,
/// compiled for the period since the review before. Sections (b), (c), (d 4) and (e) carry what a person wrote on the
/// review; the others are counted from the registers by <see cref="ReviewPackCompiler"/>, as they stood at the end of
/// the period (the day the review was held, or today until it is), so a completed review's pack reads the same later.
/// Evidence freshness is the one figure only known for today.
/// </summary>
public sealed record ReviewPack(
    string ReviewId,
    DateOnly From,
    DateOnly To,
    string? PreviousReviewId,
    PackPreviousActions PreviousActions,
    PackWritten ChangesInIssues,
    PackWritten InterestedParties,
    PackNonconformities Nonconformities,
    PackMonitoring Monitoring,
    PackAudits AuditResults,
    PackWritten Objectives,
    PackFeedback Feedback,
    PackRisks Risks,
    PackImprovement Improvement);

/// <summary>An input a person writes on the review (null until they do).</summary>
public sealed record PackWritten(string Input, string Title, string? Text);

/// <summary>One action as the pack lists it.</summary>
public sealed record PackAction(string Id, ActionKind Kind, string OwnerUpn, string Description, DateOnly DueDate, CorrectiveActionStatus Status, int DaysOverdue);

/// <summary>(a) The status of actions from previous management reviews.</summary>
public sealed record PackPreviousActions(string Input, int Open, int Overdue, int Closed, IReadOnlyList<PackAction> Actions);

/// <summary>One finding as the pack lists it.</summary>
public sealed record PackFinding(string Id, FindingType Type, string Origin, string Description, DateOnly RaisedOn, FindingStatus Status);

/// <summary>(d 1) Nonconformities and corrective actions: raised and closed in the period, open now, and the open ones.</summary>
public sealed record PackNonconformities(
    string Input,
    int MajorsRaised,
    int MinorsRaised,
    int RaisedOutsideAudits,
    int OpenNow,
    int ActionsOpened,
    int ActionsClosed,
    int ActionsOpenNow,
    int ActionsOverdueNow,
    IReadOnlyList<PackFinding> Open);

/// <summary>One sealed snapshot's headline figures, a point on the trend.</summary>
public sealed record PackTrendPoint(string SnapshotId, DateTimeOffset TakenAt, double ImplementationPercent, double StaleEvidencePercent, int OpenCorrectiveActions, int OverdueCorrectiveActions, int OpenMajorNonconformities, bool Ready);

/// <summary>(d 2) Monitoring and measurement: evidence freshness now, and the headline figures across the snapshots of the period.</summary>
public sealed record PackMonitoring(string Input, int Fresh, int DueSoon, int Stale, int Missing, IReadOnlyList<PackTrendPoint> Trend);

/// <summary>One audit of the period with what it found.</summary>
public sealed record PackAudit(string Id, AuditType Type, string Title, DateOnly Start, DateOnly End, AuditStatus Status, int Majors, int Minors, int Observations, int Opportunities);

/// <summary>(d 3) Audit results: the audits completed in the period, and those overdue now.</summary>
public sealed record PackAudits(string Input, int Completed, int OverdueNow, IReadOnlyList<PackAudit> Audits);

/// <summary>(e) Feedback from interested parties: what a person wrote, and the complaints raised in the period.</summary>
public sealed record PackFeedback(string Input, string? Text, IReadOnlyList<PackFinding> Complaints);

/// <summary>One risk as the pack lists it.</summary>
public sealed record PackRisk(string Id, string Title, string OwnerUpn, int InherentScore, int ResidualScore, bool AboveCriteria, RiskStatus Status, DateOnly ReviewDate);

/// <summary>(f) Results of risk assessment and the status of the risk treatment plan.</summary>
public sealed record PackRisks(
    string Input,
    int Assessed,
    int AssessedInPeriod,
    int AboveCriteria,
    int AwaitingApproval,
    int AwaitingAcceptance,
    int Accepted,
    int ReviewOverdue,
    int TreatmentActionsOpen,
    int TreatmentActionsOverdue,
    int TreatmentActionsClosed,
    IReadOnlyList<PackRisk> Highest);

/// <summary>(g) Opportunities for continual improvement raised in the period, with the improvement actions on them.</summary>
public sealed record PackImprovement(string Input, int Raised, int WithActions, IReadOnlyList<PackFinding> Opportunities, IReadOnlyList<PackAction> Actions);

/// <summary>A sealed snapshot's figures as the pack's trend reads them.</summary>
public sealed record SnapshotPoint(string Id, DateTimeOffset TakenAt, HeadlineFigures? Headline, bool Ready);

/// <summary>Everything the pack is compiled from, each register read once.</summary>
/// <param name="Actions">Every action, of every kind (the pack picks by finding, origin and kind).</param>
/// <param name="Freshness">Evidence freshness of each clause and applicable control now.</param>
/// <param name="ReviewOrigin">The origin of a review's output actions, from its id.</param>
public sealed record ReviewPackInputs(
    ManagementReview Review,
    IReadOnlyList<ManagementReview> Reviews,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<CorrectiveAction> Actions,
    IReadOnlyList<Audit> Audits,
    IReadOnlyList<SnapshotPoint> Snapshots,
    IReadOnlyList<EvidenceFreshnessState> Freshness,
    IReadOnlyList<Risk> Risks,
    Func<string, string> ReviewOrigin,
    string RiskOriginPrefix);

/// <summary>Compiles a <see cref="ReviewPack"/> from the registers, in one pass over each.</summary>
public sealed class ReviewPackCompiler(RiskRules riskRules, Time.OrganisationClock clock)
{
    /// <summary>Risks the pack lists by name: the highest residual risks.</summary>
    public const int HighestRisks = 10;

    public ReviewPack Compile(ReviewPackInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var today = clock.Today;
        var review = inputs.Review;
        var (from, to) = ManagementReviewRules.Period(review, inputs.Reviews, today);
        var previous = ManagementReviewRules.Previous(review, inputs.Reviews);

        // Everything is counted as it stood at the end of the period (the day the review was held, or today), so a
        // completed review's pack reads the same later: records made after it are left out, and an action closed after
        // it counts as open.
        bool InPeriod(DateTimeOffset at) => clock.DateOf(at) is var day && day >= from && day <= to;
        bool ExistedBy(DateTimeOffset at) => clock.DateOf(at) <= to;
        bool ClosedBy(CorrectiveAction a) => a.ClosedAt is { } closed && clock.DateOf(closed) <= to;
        bool OpenAt(CorrectiveAction a) => ExistedBy(a.CreatedAt) && !ClosedBy(a);
        bool OverdueAt(CorrectiveAction a) => OpenAt(a) && a.DueDate < to;

        var actionsByFinding = inputs.Actions.Where(a => a.FindingId is not null && ExistedBy(a.CreatedAt)).ToLookup(a => a.FindingId!, StringComparer.Ordinal);
        PackFinding Listed(Finding f)
        {
            var own = actionsByFinding[f.Id].ToList();
            return new(f.Id, f.Type, f.Origin(), f.Description, clock.DateOf(f.RaisedAt), f.Status(own.Count, own.Count(OpenAt)));
        }

        PackAction Action(CorrectiveAction a) =>
            new(a.Id, a.Kind, a.OwnerUpn, a.Correction, a.DueDate, ClosedBy(a) ? CorrectiveActionStatus.Closed : a.Status == CorrectiveActionStatus.Closed ? CorrectiveActionStatus.Open : a.Status, OverdueAt(a) ? to.DayNumber - a.DueDate.DayNumber : 0);

        // (a) actions raised by earlier reviews.
        var earlierOrigins = inputs.Reviews.Where(r => r.Id != review.Id && (r.HeldOn ?? r.PlannedDate) <= (review.HeldOn ?? review.PlannedDate))
            .Select(r => inputs.ReviewOrigin(r.Id)).ToHashSet(StringComparer.Ordinal);
        var earlierActions = inputs.Actions.Where(a => a.Origin is { } o && earlierOrigins.Contains(o) && ExistedBy(a.CreatedAt)).OrderBy(a => a.DueDate).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();

        // (d 1) nonconformities and corrective actions.
        var nonconformities = inputs.Findings.Where(f => f.Type.RequiresCorrectiveAction() && ExistedBy(f.RaisedAt)).ToList();
        var raisedInPeriod = nonconformities.Where(f => InPeriod(f.RaisedAt)).ToList();
        var open = nonconformities.Select(Listed).Where(f => f.Status == FindingStatus.Open).OrderBy(f => f.Type).ThenBy(f => f.RaisedOn).ToList();
        var corrective = inputs.Actions.Where(a => a.Kind == ActionKind.Corrective && ExistedBy(a.CreatedAt)).ToList();

        // (d 2) monitoring: freshness now, and the trend of the headline figures across the period's snapshots.
        var trend = inputs.Snapshots
            .Where(s => s.Headline is not null && InPeriod(s.TakenAt))
            .OrderBy(s => s.TakenAt)
            .Select(s => new PackTrendPoint(s.Id, s.TakenAt, s.Headline!.ImplementationPercent, s.Headline.StaleEvidencePercent, s.Headline.OpenCorrectiveActions, s.Headline.OverdueCorrectiveActions, s.Headline.OpenMajorNonconformities, s.Ready))
            .ToList();

        // (d 3) audits held in the period, with what each found.
        var findingsByAudit = inputs.Findings.Where(f => f.AuditId is not null && ExistedBy(f.RaisedAt)).ToLookup(f => f.AuditId!, StringComparer.Ordinal);
        var audits = inputs.Audits
            .Where(a => a.Status == AuditStatus.Completed && (a.ActualEnd ?? a.PlannedEnd) is var end && end >= from && end <= to)
            .OrderBy(a => a.ActualStart ?? a.PlannedStart).ThenBy(a => a.Id, StringComparer.Ordinal)
            .Select(a =>
            {
                var found = findingsByAudit[a.Id].ToList();
                return new PackAudit(a.Id, a.Type, a.Title, a.ActualStart ?? a.PlannedStart, a.ActualEnd ?? a.PlannedEnd, a.Status,
                    found.Count(f => f.Type == FindingType.MajorNonconformity), found.Count(f => f.Type == FindingType.MinorNonconformity),
                    found.Count(f => f.Type == FindingType.Observation), found.Count(f => f.Type == FindingType.OpportunityForImprovement));
            })
            .ToList();

        // (f) the risk register and its treatment plan.
        var treatment = inputs.Actions.Where(a => a.Kind == ActionKind.Treatment && a.Origin?.StartsWith(inputs.RiskOriginPrefix, StringComparison.Ordinal) == true && ExistedBy(a.CreatedAt)).ToList();
        var risks = inputs.Risks.Where(r => ExistedBy(r.CreatedAt)).ToList();
        var above = risks.Where(riskRules.IsAboveCriteria).ToList();
        bool AcceptedBy(Risk r) => r.Acceptance is { } accepted && ExistedBy(accepted.At);

        // (g) opportunities for improvement of the period and what was done about them.
        var opportunities = inputs.Findings.Where(f => f.Type == FindingType.OpportunityForImprovement && InPeriod(f.RaisedAt)).OrderBy(f => f.RaisedAt).ToList();
        var improvementActions = opportunities.SelectMany(f => actionsByFinding[f.Id]).OrderBy(a => a.DueDate).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();

        return new ReviewPack(
            review.Id,
            from,
            to,
            previous?.Id,
            new PackPreviousActions("9.3.2 a", earlierActions.Count(OpenAt), earlierActions.Count(OverdueAt), earlierActions.Count(ClosedBy), [.. earlierActions.Select(Action)]),
            new PackWritten("9.3.2 b", "Changes in external and internal issues", review.ChangesInIssues),
            new PackWritten("9.3.2 c", "Changes in the needs and expectations of interested parties", review.InterestedPartiesChanges),
            new PackNonconformities("9.3.2 d 1",
                raisedInPeriod.Count(f => f.Type == FindingType.MajorNonconformity),
                raisedInPeriod.Count(f => f.Type == FindingType.MinorNonconformity),
                raisedInPeriod.Count(f => f.AuditId is null),
                open.Count,
                corrective.Count(a => InPeriod(a.CreatedAt)),
                corrective.Count(a => a.ClosedAt is { } closed && InPeriod(closed)),
                corrective.Count(OpenAt),
                corrective.Count(OverdueAt),
                open),
            new PackMonitoring("9.3.2 d 2",
                inputs.Freshness.Count(s => s == EvidenceFreshnessState.Fresh),
                inputs.Freshness.Count(s => s == EvidenceFreshnessState.DueSoon),
                inputs.Freshness.Count(s => s == EvidenceFreshnessState.Stale),
                inputs.Freshness.Count(s => s == EvidenceFreshnessState.Missing),
                trend),
            new PackAudits("9.3.2 d 3", audits.Count, inputs.Audits.Count(a => a.IsOverdue(to)), audits),
            new PackWritten("9.3.2 d 4", "Fulfilment of the information security objectives", review.Objectives),
            new PackFeedback("9.3.2 e", review.Feedback,
                [.. inputs.Findings.Where(f => f.Source == FindingSource.Complaint && InPeriod(f.RaisedAt)).OrderBy(f => f.RaisedAt).Select(Listed)]),
            new PackRisks("9.3.2 f",
                risks.Count,
                risks.Count(r => InPeriod(r.CreatedAt)),
                above.Count,
                above.Count(r => r.Approval is not { } approval || !ExistedBy(approval.At)),
                risks.Count(r => r.Treatment is not null && !AcceptedBy(r)),
                risks.Count(AcceptedBy),
                risks.Count(r => r.ReviewDate < to),
                treatment.Count(OpenAt),
                treatment.Count(OverdueAt),
                treatment.Count(ClosedBy),
                [.. risks.OrderByDescending(r => r.ResidualScore).ThenByDescending(r => r.InherentScore).ThenBy(r => r.Id, StringComparer.Ordinal).Take(HighestRisks)
                    .Select(r => new PackRisk(r.Id, r.Title, r.OwnerUpn, r.InherentScore, r.ResidualScore, riskRules.IsAboveCriteria(r), AcceptedBy(r) ? RiskStatus.Accepted : RiskStatus.Open, r.ReviewDate))]),
            new PackImprovement("9.3.2 g", opportunities.Count, opportunities.Count(f => actionsByFinding[f.Id].Any()),
                [.. opportunities.Select(Listed)], [.. improvementActions.Select(Action)]));
    }
}
