namespace Isms.Core.Reminders;

/// <summary>
/// When reminders are owed and who is copied, bound from the <c>Reminders</c> configuration section.
/// Defaults follow the design brief: 14, 7 and 1 days before due, on the due day, every 3 business days
/// while overdue, line manager copied from 7 days overdue and the ISMS manager from 14; audits at 90, 30
/// and 7 days before start; evidence 14 days before it goes stale, on the day, then weekly; a risk's or a document's review date as a
/// corrective action's due date.
/// </summary>
public sealed class ReminderPolicy
{
    public const string SectionName = "Reminders";

    /// <summary>Comma-separated day names on which nothing is sent ("Saturday,Sunday").</summary>
    public string WeekendDays { get; set; } = "Saturday,Sunday";

    /// <summary>Starts every digest subject line, so the mail is recognisable in an inbox.</summary>
    public string SubjectPrefix { get; set; } = "ISMS";

    public ReminderLadderSettings CorrectiveActions { get; set; } = ReminderLadderSettings.CorrectiveActionDefaults();

    public ReminderLadderSettings Audits { get; set; } = ReminderLadderSettings.AuditDefaults();

    public ReminderLadderSettings Evidence { get; set; } = ReminderLadderSettings.EvidenceDefaults();

    /// <summary>A risk's review date climbs the same ladder as a corrective action's due date unless set apart.</summary>
    public ReminderLadderSettings RiskReviews { get; set; } = ReminderLadderSettings.CorrectiveActionDefaults();

    /// <summary>A document to acknowledge climbs the corrective-action ladder unless set apart.</summary>
    public ReminderLadderSettings Acknowledgements { get; set; } = ReminderLadderSettings.CorrectiveActionDefaults();

    /// <summary>Training due climbs the corrective-action ladder unless set apart.</summary>
    public ReminderLadderSettings Training { get; set; } = ReminderLadderSettings.CorrectiveActionDefaults();

    /// <summary>A document's review date climbs the corrective-action ladder unless set apart.</summary>
    public ReminderLadderSettings DocumentReviews { get; set; } = ReminderLadderSettings.CorrectiveActionDefaults();

    public ReminderLadderSettings For(ReminderKind kind) => kind switch
    {
        ReminderKind.CorrectiveAction => CorrectiveActions,
        ReminderKind.Audit => Audits,
        ReminderKind.Evidence => Evidence,
        ReminderKind.RiskReview => RiskReviews,
        ReminderKind.Acknowledgement => Acknowledgements,
        ReminderKind.Training => Training,
        ReminderKind.DocumentReview => DocumentReviews,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown reminder kind."),
    };

    public BusinessCalendar Calendar() => BusinessCalendar.Parse(WeekendDays);

    /// <summary>
    /// What is wrong with the configuration, one message per problem naming the setting; empty when
    /// valid. Hosts can surface this through options validation at start-up.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!BusinessCalendar.TryParseWeekendDays(WeekendDays, out _, out var weekendError))
        {
            errors.Add($"{SectionName}:{nameof(WeekendDays)}: {weekendError}");
        }

        Check(CorrectiveActions, nameof(CorrectiveActions));
        Check(Audits, nameof(Audits));
        Check(Evidence, nameof(Evidence));
        Check(RiskReviews, nameof(RiskReviews));
        Check(Acknowledgements, nameof(Acknowledgements));
        Check(Training, nameof(Training));
        Check(DocumentReviews, nameof(DocumentReviews));
        return errors;

        void Check(ReminderLadderSettings? ladder, string name)
        {
            if (ladder is null)
            {
                errors.Add($"{SectionName}:{name} is missing.");
            }
            else
            {
                ladder.Validate(errors, $"{SectionName}:{name}");
            }
        }
    }
}
