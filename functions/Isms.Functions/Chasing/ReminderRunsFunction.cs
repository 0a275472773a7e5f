using Isms.Functions.Platform;

namespace Isms.Functions.Chasing;

/// <summary>The chasing runs: what each owed, sent, skipped (snoozed) and failed.</summary>
public sealed class ReminderRunsFunction(CallerReader callers, ReminderRunStore runs)
{
    private const int DefaultTop = 20;
    private const int MaxTop = 200;

    [Function("ListReminderRuns")]
    [OpenApiOperation("Each chasing run, newest first: owed, sent, snoozed, failed", "Reminders", Description = "Counts are items (corrective-action stages) unless named otherwise; pendingOwners are digests queued and not yet sent.")]
    [OpenApiQuery("top", "how many runs, newest first (default 20, at most 200)")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<ReminderRunSummary>))]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/reminder-runs")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        var top = DefaultTop;
        if (query.Text("top") is { } text && (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out top) || top is < 1 or > MaxTop))
        {
            query.Fail("top", $"top must be between 1 and {MaxTop}.");
        }

        if (query.Errors is { } errors)
        {
            return errors;
        }

        return new OkObjectResult(await runs.ListAsync(top, cancellationToken).ConfigureAwait(false));
    }
}
