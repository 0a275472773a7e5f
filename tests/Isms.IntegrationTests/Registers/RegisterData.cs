namespace Isms.IntegrationTests.Registers;

/// <summary>Valid bodies for the register routes, each test varying one thing.</summary>
public static class RegisterData
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static string Date(int daysFromToday) => Today.AddDays(daysFromToday).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static object Audit(string lead = "lead.auditor@contoso.example", string[]? scope = null, string type = "Internal", int startInDays = 10, int lengthDays = 2) => new
    {
        type,
        title = "Internal audit of access control",
        plannedStart = Date(startInDays),
        plannedEnd = Date(startInDays + lengthDays),
        leadAuditorUpn = lead,
        scope = scope ?? ["A.5.15", "A.8.2"],
    };

    public static object Finding(string type = "MajorNonconformity", string[]? controls = null, string description = "Leavers keep access for weeks.") =>
        new { type, controlIds = controls ?? ["A.5.18"], description };

    public static object Action(string owner, string correction = "Disabled the leavers' accounts.", string? dueDate = null) =>
        dueDate is null ? new { ownerUpn = owner, correction } : new { ownerUpn = owner, correction, dueDate };
}
