using Isms.Core.Validation;

namespace Isms.Core.People;

/// <summary>Awareness for everyone (7.3; A.6.3) or training for a role (7.2).</summary>
public enum CourseKind
{
    Awareness,
    RoleBased,
}

/// <summary>A course people in its audience must complete: within some days of joining it, and again every so many months.</summary>
public sealed record Course
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public CourseKind Kind { get; init; } = CourseKind.Awareness;

    /// <summary>Months after a completion when it is due again; 0: once is enough.</summary>
    public required int FrequencyMonths { get; init; }

    /// <summary>Days from the day a person joins the audience to their first due date.</summary>
    public required int DueWithinDays { get; init; }

    public IReadOnlyList<string> AudienceGroupIds { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>What a person may set on a course; null leaves a field as it is.</summary>
public sealed record CourseChange
{
    public string? Title { get; init; }

    public CourseKind? Kind { get; init; }

    public int? FrequencyMonths { get; init; }

    public int? DueWithinDays { get; init; }

    public IReadOnlyList<string>? AudienceGroupIds { get; init; }
}

/// <summary>The rules of a course: a title, a frequency of 0 to 60 months, 1 to 365 days to complete it, an audience of Entra groups.</summary>
public static class CourseRules
{
    public const int MaxFrequencyMonths = 60;
    public const int MaxDueWithinDays = 365;

    public static Outcome<Course> Create(string id, CourseChange input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        errors.Required("title", input.Title);
        if (input.FrequencyMonths is null)
        {
            errors.Add("frequencyMonths", "frequencyMonths is required: 12 for every year, 0 for once.");
        }

        Check(input, errors);
        return errors.IsValid
            ? Outcome.Success(new Course
            {
                Id = id,
                Title = input.Title!.Trim(),
                Kind = input.Kind ?? CourseKind.Awareness,
                FrequencyMonths = input.FrequencyMonths!.Value,
                DueWithinDays = input.DueWithinDays ?? 30,
                AudienceGroupIds = [.. (input.AudienceGroupIds ?? []).Select(g => g.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal)],
                CreatedAt = now,
            })
            : Outcome.Invalid<Course>(errors);
    }

    public static Outcome<Course> Change(Course course, CourseChange input)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        if (input.Title is not null)
        {
            errors.Required("title", input.Title);
        }

        Check(input, errors);
        return errors.IsValid
            ? Outcome.Success(course with
            {
                Title = input.Title?.Trim() ?? course.Title,
                Kind = input.Kind ?? course.Kind,
                FrequencyMonths = input.FrequencyMonths ?? course.FrequencyMonths,
                DueWithinDays = input.DueWithinDays ?? course.DueWithinDays,
                AudienceGroupIds = input.AudienceGroupIds is null ? course.AudienceGroupIds : [.. input.AudienceGroupIds.Select(g => g.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal)],
            })
            : Outcome.Invalid<Course>(errors);
    }

    private static void Check(CourseChange input, ValidationErrors errors)
    {
        errors.MaxLength("title", input.Title, FieldLimits.Title);
        if (input.Kind is { } kind)
        {
            errors.Defined("kind", kind);
        }

        if (input.FrequencyMonths is < 0 or > MaxFrequencyMonths)
        {
            errors.Add("frequencyMonths", $"frequencyMonths must be 0 (once) to {MaxFrequencyMonths}.");
        }

        if (input.DueWithinDays is < 1 or > MaxDueWithinDays)
        {
            errors.Add("dueWithinDays", $"dueWithinDays must be 1 to {MaxDueWithinDays}.");
        }

        GroupRules.Check("audienceGroupIds", input.AudienceGroupIds, errors);
    }
}
