using Isms.Core.Reviews;
using Isms.Core.Validation;
using Isms.Functions.Reviews;

namespace Isms.Functions.Pages.ManagementReviews;

/// <summary>A review's page, rendered for a GET and again for a form it refuses, and how its form's boxes become the API's fields.</summary>
public sealed class ReviewPageView(ManagementReviewService reviews)
{
    public const string WhoReads = "Management reviews are read by people with an ISMS role (an output action you own opens from its own link)";

    public const string WhoRecords = "Management reviews are planned and recorded by ISMS admins";

    public async Task<IActionResult> RenderAsync(HttpRequest request, PageContext page, string id, FormEcho? echo, int status, CancellationToken cancellationToken)
    {
        var review = await reviews.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (!review.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, page, review.Refusal).ConfigureAwait(false);
        }

        return await PageRenderer.RenderAsync<ReviewPage>(request, page, new Dictionary<string, object?>
        {
            ["Review"] = review.Value,
            ["Pack"] = (await reviews.PackAsync(id, cancellationToken).ConfigureAwait(false)).Value,
            ["Outputs"] = await reviews.OutputActionsAsync(id, cancellationToken).ConfigureAwait(false),
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);
    }

    /// <summary>Attendees typed one per line (or separated by commas): top management in one box, the others in another.</summary>
    public static List<ReviewAttendee> Attendees(Dictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return [.. Lines(values["topManagement"]).Select(u => new ReviewAttendee(u, true)), .. Lines(values.GetValueOrDefault("otherAttendees")).Select(u => new ReviewAttendee(u, false))];
    }

    /// <summary>Decisions of one kind, one per line.</summary>
    public static IEnumerable<ReviewDecision> Decisions(string? text, DecisionKind kind) =>
        (text ?? string.Empty).Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => new ReviewDecision(kind, line));

    /// <summary>The API's item errors ("attendees[1].upn", "decisions[0].text") beside the boxes they were typed in.</summary>
    public static Refusal ForFields(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, messages) in refusal.Errors)
        {
            var box = field.StartsWith("attendees", StringComparison.Ordinal) ? "topManagement"
                : field.StartsWith("decisions", StringComparison.Ordinal) ? "improvementDecisions"
                : field;
            errors[box] = [.. errors.GetValueOrDefault(box) ?? [], .. messages];
        }

        return refusal with { Errors = errors };
    }

    private static string[] Lines(string? text) =>
        (text ?? string.Empty).Split(['\n', '\r', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
