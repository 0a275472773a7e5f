using Isms.Core.Time;
using Isms.Core.Audits;
using Isms.Core.CorrectiveActions;
using Microsoft.Extensions.Time.Testing;

namespace Isms.Core.Tests.Registers;

/// <summary>Valid records to start from; each test changes only what it is about.</summary>
internal static class TestData
{
    public const string Owner = "owner@contoso.com";
    public const string Auditor = "auditor@contoso.com";

    /// <summary>Thursday 2026-03-05, 09:00 UTC.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 5, 9, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly Today = new(2026, 3, 5);

    public static FakeTimeProvider Clock() => new(Now);

    public static Audit Audit(params string[] scope) => new()
    {
        Id = "audit-1",
        Type = AuditType.Internal,
        Title = "Internal audit of access control",
        PlannedStart = new DateOnly(2026, 4, 1),
        PlannedEnd = new DateOnly(2026, 4, 2),
        LeadAuditorUpn = Auditor,
        Scope = scope.Length == 0 ? ["A.5.15", "A.8.2"] : scope,
    };

    public static Finding Finding(FindingType type = FindingType.MinorNonconformity, DateTimeOffset? raisedAt = null) => new()
    {
        Id = "finding-1",
        AuditId = "audit-1",
        Type = type,
        ControlIds = ["A.5.15"],
        Description = "Leavers keep their VPN access for weeks.",
        RaisedBy = Auditor,
        RaisedAt = raisedAt ?? Now,
    };

    public static CorrectiveAction Action(CorrectiveActionStatus status = CorrectiveActionStatus.Open) => new()
    {
        Id = "ca-1",
        FindingId = "finding-1",
        OwnerUpn = Owner,
        Correction = "Disabled the 4 leaver accounts found.",
        RootCause = status is CorrectiveActionStatus.Implemented ? "HR leaver list never reaches IT." : null,
        ActionPlan = status is CorrectiveActionStatus.Implemented ? "Automate deprovisioning from the HR system." : null,
        DueDate = Today.AddDays(30),
        Status = status,
        CreatedAt = Now,
    };

    public static CorrectiveActionLifecycle Lifecycle(TimeProvider? time = null, CorrectiveActionPolicy? policy = null, TimeZoneInfo? zone = null) =>
        new(policy ?? new CorrectiveActionPolicy(), new OrganisationClock(time ?? Clock(), zone ?? TimeZoneInfo.Utc));
}
