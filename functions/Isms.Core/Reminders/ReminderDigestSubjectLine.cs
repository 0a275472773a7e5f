using System.Globalization;

namespace Isms.Core.Reminders;

/// <summary>
/// Counts what a digest holds in words a person reads in an inbox list:
/// "2 corrective actions overdue, 1 due within 7 days; 1 audit starting within 30 days".
/// </summary>
public static class ReminderDigestSubjectLine
{
    private const int WeekDays = 7;

    public static string Describe(IReadOnlyCollection<ReminderDigestItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return "nothing owed";
        }

        var sections = new List<string>();
        foreach (var kind in Enum.GetValues<ReminderKind>())
        {
            var ofKind = items.Where(i => i.Kind == kind).ToList();
            if (ofKind.Count == 0)
            {
                continue;
            }

            var words = Words.For(kind);
            var parts = new List<(int Count, string Phrase)>();
            Add(ofKind.Count(i => i.DaysOverdue > 0), words.Overdue);
            Add(ofKind.Count(i => i.DaysOverdue == 0 && i.DaysUntilDue == 0), words.Today);
            Add(ofKind.Count(i => i.DaysUntilDue is > 0 and <= WeekDays), string.Format(CultureInfo.InvariantCulture, words.Within, WeekDays));
            var later = ofKind.Where(i => i.DaysUntilDue > WeekDays).ToList();
            if (later.Count > 0)
            {
                Add(later.Count, string.Format(CultureInfo.InvariantCulture, words.Within, later.Max(i => i.DaysUntilDue)));
            }

            sections.Add(string.Join(", ", parts.Select((p, index) => index == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{p.Count} {(p.Count == 1 ? words.Singular : words.Plural)} {p.Phrase}")
                : string.Create(CultureInfo.InvariantCulture, $"{p.Count} {p.Phrase}"))));

            void Add(int count, string phrase)
            {
                if (count > 0)
                {
                    parts.Add((count, phrase));
                }
            }
        }

        return string.Join("; ", sections);
    }

    private sealed record Words(string Singular, string Plural, string Overdue, string Today, string Within)
    {
        private static readonly Words CorrectiveActions = new("corrective action", "corrective actions", "overdue", "due today", "due within {0} days");
        private static readonly Words Audits = new("audit", "audits", "past planned start", "starting today", "starting within {0} days");
        private static readonly Words RiskReviews = new("risk review", "risk reviews", "overdue", "due today", "due within {0} days");
        private static readonly Words Acknowledgements = new("document to acknowledge", "documents to acknowledge", "overdue", "due today", "due within {0} days");
        private static readonly Words Training = new("course", "courses", "overdue", "due today", "due within {0} days");
        private static readonly Words DocumentReviews = new("document review", "document reviews", "overdue", "due today", "due within {0} days");
        private static readonly Words Evidence = new("control", "controls", "with stale evidence", "with evidence going stale today", "with evidence going stale within {0} days");

        public static Words For(ReminderKind kind) => kind switch
        {
            ReminderKind.Audit => Audits,
            ReminderKind.Evidence => Evidence,
            ReminderKind.RiskReview => RiskReviews,
            ReminderKind.Acknowledgement => Acknowledgements,
            ReminderKind.Training => Training,
            ReminderKind.DocumentReview => DocumentReviews,
            _ => CorrectiveActions,
        };
    }
}
