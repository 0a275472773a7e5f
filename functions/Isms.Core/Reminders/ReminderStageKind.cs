namespace Isms.Core.Reminders;

public enum ReminderStageKind
{
    /// <summary>"before-14": a set number of calendar days before the due date.</summary>
    BeforeDue,

    /// <summary>"due": on the due date.</summary>
    DueDay,

    /// <summary>"overdue-3", "overdue-6"…: every so many business days overdue.</summary>
    Overdue,

    /// <summary>"escalate-manager", "escalate-isms-manager": the day an escalation starts.</summary>
    Escalation,
}
