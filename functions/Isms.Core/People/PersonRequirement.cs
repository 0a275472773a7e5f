using System.Globalization;

namespace Isms.Core.People;

/// <summary>What is asked of a person: to acknowledge a document's version, or to complete a course.</summary>
public enum RequirementKind
{
    Acknowledgement,
    Training,
}

/// <summary>Where a person stands on a requirement today.</summary>
public enum RequirementState
{
    /// <summary>Asked and not yet due.</summary>
    Owed,

    /// <summary>Past its due date and not done.</summary>
    Overdue,

    /// <summary>Acknowledged (this major version), or trained and not yet due again.</summary>
    Done,

    /// <summary>The person left every group of the audience; what they did is kept.</summary>
    NoLongerRequired,
}

/// <summary>One completion of a course or acknowledgement of a version: when, how it was recorded, with what evidence.</summary>
public sealed record Completion(DateOnly On, DateTimeOffset RecordedAt, string RecordedBy, string Source, string? Version, string? EvidenceId);

/// <summary>
/// One person's record of one requirement (7.2, 7.3, 7.5; A.5.1, A.6.3): which document version or course, since when and
/// through which groups, due when, and every time they did it. The record stays when they leave the audience.
/// </summary>
public sealed record PersonRequirement
{
    public required string PersonUpn { get; init; }

    public string? PersonObjectId { get; init; }

    public required RequirementKind Kind { get; init; }

    /// <summary>The document or course id.</summary>
    public required string SubjectId { get; init; }

    public required string SubjectTitle { get; init; }

    /// <summary>For an acknowledgement, the version asked for ("2.0").</summary>
    public string? Version { get; init; }

    /// <summary>For training, months to the next time (0: once).</summary>
    public int FrequencyMonths { get; init; }

    public IReadOnlyList<string> GroupIds { get; init; } = [];

    public required DateOnly RequiredSince { get; init; }

    public required DateOnly DueDate { get; init; }

    /// <summary>Set when the person left the audience; cleared when they join again.</summary>
    public DateOnly? LeftAudienceOn { get; init; }

    public IReadOnlyList<Completion> Completions { get; init; } = [];

    public Completion? Last => Completions.Count == 0 ? null : Completions[^1];

    /// <summary>The key of this requirement in the person's records and in the reminder ledger, e.g. "Acknowledgement|DOC-…".</summary>
    public string Key => Keys(Kind, SubjectId);

    /// <summary>The reminder's item id: a new version or a new round of training is a new item, so it is chased afresh.</summary>
    public string ItemId => Kind == RequirementKind.Acknowledgement
        ? $"{SubjectId}@{Version}"
        : string.Create(CultureInfo.InvariantCulture, $"{SubjectId}@{DueDate:yyyyMMdd}");

    public static string Keys(RequirementKind kind, string subjectId) => $"{kind}|{subjectId}";

    /// <summary>The kind and subject a <see cref="Key"/> names; false for anything else.</summary>
    public static bool TryParseKey(string key, out RequirementKind kind, out string subjectId)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split('|', 2);
        subjectId = parts.Length == 2 ? parts[1] : string.Empty;
        if (parts.Length == 2 && Enum.TryParse(parts[0], out kind) && Enum.IsDefined(kind) && subjectId.Length > 0)
        {
            return true;
        }

        kind = default;
        return false;
    }

    /// <summary>The document or course an <see cref="ItemId"/> names (ids never hold '@').</summary>
    public static string SubjectOf(string itemId)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        var at = itemId.LastIndexOf('@');
        return at < 0 ? itemId : itemId[..at];
    }

    public RequirementState State(DateOnly today)
    {
        if (LeftAudienceOn is not null)
        {
            return RequirementState.NoLongerRequired;
        }

        if (IsDone(today))
        {
            return RequirementState.Done;
        }

        return today > DueDate ? RequirementState.Overdue : RequirementState.Owed;
    }

    /// <summary>Whether a reminder may be owed: in the audience and not done (training due again counts from its due date).</summary>
    public bool IsChased(DateOnly today) => LeftAudienceOn is null && !(IsDone(today) && (Kind == RequirementKind.Acknowledgement || FrequencyMonths == 0));

    private bool IsDone(DateOnly today) => Kind switch
    {
        RequirementKind.Acknowledgement => Last is { } ack && Major(ack.Version) == Major(Version),
        _ => Last is not null && (FrequencyMonths == 0 || today <= DueDate),
    };

    private static int Major(string? version) =>
        version is not null && int.TryParse(version.Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : -1;
}
