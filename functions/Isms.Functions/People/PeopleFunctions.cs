using Isms.Core.People;
using Isms.Core.Validation;
using Isms.Functions.Platform;

namespace Isms.Functions.People;

/// <summary>What auditors ask about people over HTTP: acknowledgements, one person's record, completion per group and overall, a sample for interviews.</summary>
public sealed class PeopleFunctions(CallerReader callers, PeopleReports reports)
{
    private const string Tag = "People";
    private static readonly HashSet<string> SampleParameters = new(StringComparer.Ordinal) { "size", "groupId", "seed" };

    [Function("PeopleSummary")]
    [OpenApiOperation("Acknowledgement and training completion per document, course and group, and overall; who is overdue", Tag)]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(PeopleSummary))]
    public async Task<IActionResult> Summary(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/people/summary")] HttpRequest request,
        CancellationToken cancellationToken) =>
        callers.TryAuthorize(request, Access.Read, out _, out var refusal)
            ? new OkObjectResult(await reports.SummaryAsync(cancellationToken).ConfigureAwait(false))
            : refusal!;

    [Function("PeopleSample")]
    [OpenApiOperation("A random sample of people for interviews, each with their record; recorded in the audit trail (ISMS admin or auditor)", Tag)]
    [OpenApiQuery("size", "how many people, 1 to 100 (10 when absent)")]
    [OpenApiQuery("groupId", "only members of this Entra group")]
    [OpenApiQuery("seed", "the seed of a draw to repeat; a new one is drawn and returned when absent")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(SampleResponse))]
    public async Task<IActionResult> Sample(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/people/sample")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Audit, out var caller, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        // A draw is recorded as asked for, so a parameter it does not know is refused rather than silently ignored.
        foreach (var unknown in request.Query.Keys.Where(k => !SampleParameters.Contains(k)))
        {
            query.Fail(unknown, $"The sample takes size, groupId and seed; '{unknown}' is not one of them. Nothing was drawn.");
        }

        var size = query.Whole("size", 1, PeopleFiguresRules.MaxSample) ?? 10;
        var seed = query.Whole("seed", 0, int.MaxValue);
        var groupId = query.Text("groupId");
        return query.Errors ?? ApiResults.Ok(await reports.SampleAsync(caller, size, groupId, seed, cancellationToken).ConfigureAwait(false), request);
    }

    [Function("GetPerson")]
    [OpenApiOperation("What is required of a person and where they stand (the person, or anyone with an ISMS role)", Tag)]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(PersonResponse))]
    public async Task<IActionResult> Person(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/people/{upn}")] HttpRequest request,
        string upn,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Person, out var caller, out var refusal))
        {
            return refusal!;
        }

        if (!UserPrincipalName.IsWellFormed(upn))
        {
            return Problem.Field("upn", $"'{upn}' is not a user principal name.");
        }

        if (!caller.HasAnyRole && !string.Equals(upn.Trim(), caller.Upn, StringComparison.OrdinalIgnoreCase))
        {
            return Problem.Forbidden($"{caller.Upn} has no ISMS role and sees only their own record.");
        }

        return new OkObjectResult(await reports.PersonAsync(upn, cancellationToken).ConfigureAwait(false));
    }

    [Function("ListAcknowledgements")]
    [OpenApiOperation("Acknowledgements by document, person and state; a person without a role sees their own", Tag)]
    [OpenApiQuery("documentId", "one document's")]
    [OpenApiQuery("userUpn", "one person's")]
    [OpenApiQuery("state", "Owed, Done or Overdue")]
    [OpenApiQuery("pageSize", "items per page, 1 to 1000 (100 when absent); the next page is in the Link header")]
    [OpenApiQuery("page", "the page, from 1")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<RequirementResponse>))]
    public async Task<IActionResult> Acknowledgements(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/acknowledgements")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Person, out var caller, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        var documentId = query.Id("documentId");
        var userUpn = query.Text("userUpn");
        var state = query.Enum<RequirementState>("state");
        if (state is RequirementState.NoLongerRequired)
        {
            query.Fail("state", "state must be Owed, Done or Overdue.");
        }

        var page = query.Page();
        if (query.Errors is { } errors)
        {
            return errors;
        }

        if (!caller.HasAnyRole)
        {
            if (userUpn is not null && !string.Equals(userUpn.Trim(), caller.Upn, StringComparison.OrdinalIgnoreCase))
            {
                return Problem.Forbidden($"{caller.Upn} has no ISMS role and sees only their own acknowledgements.");
            }

            userUpn = caller.Upn;
        }

        return page.Answer(await reports.AcknowledgementsAsync(documentId, userUpn, state, cancellationToken).ConfigureAwait(false), request);
    }
}
