namespace Isms.Functions.Storage;

/// <summary>Every table the app keeps; docs/storage.md says which query each key serves.</summary>
public static class TableNames
{
    public const string Health = "Health";

    /// <summary>The SoA: partition "soa", row = control id. Controls never written read as their defaults.</summary>
    public const string Controls = "Controls";

    /// <summary>Partition "certification", row "current".</summary>
    public const string Certification = "Certification";

    /// <summary>Partition "audits", row = audit id: the programme is read whole.</summary>
    public const string Audits = "Audits";

    /// <summary>Partition = audit id, row = finding id: findings by audit read one partition.</summary>
    public const string Findings = "Findings";

    /// <summary>Partition = "open|{owner}" or "closed|{owner}", row = action id: open actions are one key range, an owner's actions two partitions.</summary>
    public const string CorrectiveActions = "CorrectiveActions";

    /// <summary>Partition = action id → its owner; partition "finding|{id}" → its actions. Written before the action itself.</summary>
    public const string CorrectiveActionIndex = "CorrectiveActionIndex";

    /// <summary>Send ledger of audit notices: partition "audit-notices", row = notice key ("{auditKey}:notice-30").</summary>
    public const string AuditNotices = "AuditNotices";

    /// <summary>Send ledger of posts to the ISMS Teams channel: partition "weekly-summary", row = ISO week ("2026-W48").</summary>
    public const string ChannelPosts = "ChannelPosts";

    /// <summary>Append-only: partition = entity path ("audits|AUD-…"), row = time-ordered entry id.</summary>
    public const string AuditTrail = "AuditTrail";

    /// <summary>Partition = evidence id, row "evidence": the record with all its versions; RetainUntil and LegalHold as columns for the disposal run.</summary>
    public const string Evidence = "Evidence";

    /// <summary>Partition = "control|{id}", "ca|{id}" or "audit|{id}", row = evidence id, EffectiveDate as a column: evidence by control is one partition, freshness one key range.</summary>
    public const string EvidenceIndex = "EvidenceIndex";

    /// <summary>Partition "uploads", row = upload id: large uploads started through a SAS and not yet completed.</summary>
    public const string EvidenceUploads = "EvidenceUploads";
    /// <summary>Partition = "owner|{owner}", row = "{action id}|{ledger key}": one row per reminder stage sent (or being sent).</summary>
    public const string ReminderLedger = "ReminderLedger";

    /// <summary>Partition "runs", row = run id (time-ordered): the timer's counts; partition "run|{id}", row = owner: each digest's outcome.</summary>
    public const string ReminderRuns = "ReminderRuns";
    /// <summary>
    /// The evidence collectors: partition "state", row = collector name (its monitoring streak and last figures);
    /// partition "runs|{name}", row = inverted time + run id (newest first); partitions "findings|{name}" and
    /// "notices|{name}" are the send ledger of the nonconformities raised and the failures told.
    /// </summary>
    public const string Collectors = "Collectors";

    /// <summary>Partition "snapshots", row = snapshot id ("SNAP-000001"): the sealed snapshots in chain order; partitions "claims|…" are the snapshot timer's send ledger.</summary>
    public const string Snapshots = "Snapshots";

    /// <summary>Partition "gap", row = requirement id ("6.1.2-3"), its assessments as rows "{id}|assessments|000001" (RowList).</summary>
    public const string GapAnalysis = "GapAnalysis";

    /// <summary>Partition "risks", row = risk id: the risk register.</summary>
    public const string Risks = "Risks";

    /// <summary>Partition "reviews", row = review id: management reviews (a few a year).</summary>
    public const string ManagementReviews = "ManagementReviews";

    /// <summary>Partition "documents", row = document id: policies, procedures and other documented information, with their versions.</summary>
    public const string Documents = "Documents";

    /// <summary>Partition "courses", row = course id: awareness and role-based training.</summary>
    public const string Courses = "Courses";

    /// <summary>Partition "subject|{kind}|{id}", row = person: what each document and course asks of each person; partition "owed|{person}": what may be owed (see PeopleRecords).</summary>
    public const string PeopleRecords = "PeopleRecords";
}

/// <summary>Every queue the app uses.</summary>
public static class QueueNames
{
    public const string Reminders = "reminders";
}
