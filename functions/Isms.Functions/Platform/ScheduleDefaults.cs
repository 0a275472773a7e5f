namespace Isms.Functions.Platform;

/// <summary>
/// The timer schedules (six-field NCRONTAB, UTC) the functions name as <c>%Setting%</c>. In Azure they are app
/// settings set by Bicep; the local host uses these defaults unless a setting overrides them.
/// </summary>
public static class ScheduleDefaults
{
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["ScheduleAuditsSchedule"] = "0 0 6 * * *",
        ["ChaseSchedule"] = "0 0 8 * * 1-5",
        ["EvidenceFreshnessSchedule"] = "0 0 7 * * 1",
        ["SnapshotSchedule"] = "0 0 5 * * *",
        ["EvidenceDisposalSchedule"] = "0 0 3 * * 0",
        ["WeeklySummarySchedule"] = "0 30 8 * * 1-5",
        ["SyncAudiencesSchedule"] = "0 0 4 * * *",
        ["CollectEvidenceSchedule"] = "0 0 2 * * *",
    };
}
