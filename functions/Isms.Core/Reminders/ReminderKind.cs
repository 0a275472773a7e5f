namespace Isms.Core.Reminders;

/// <summary>What a reminder is about; each kind climbs its own ladder.</summary>
public enum ReminderKind
{
    /// <summary>A corrective action; the due date is the action's due date.</summary>
    CorrectiveAction,

    /// <summary>An audit; the due date is its planned start.</summary>
    Audit,

    /// <summary>A control's evidence; the due date is the last day its latest evidence covers.</summary>
    Evidence,

    /// <summary>A risk's periodic review; the due date is its review date, chased to the risk owner.</summary>
    RiskReview,

    /// <summary>A published document version a person is asked to acknowledge; the due date is when they should have.</summary>
    Acknowledgement,

    /// <summary>A course a person must complete; the due date is the first deadline or the next round.</summary>
    Training,

    /// <summary>A published document's periodic review; the due date is its next review date, chased to the document's owner.</summary>
    DocumentReview,
}
