using System.Text;
using Isms.Functions.Platform;

namespace Isms.Functions.People;

/// <summary>Training over HTTP (7.2, 7.3; A.6.3): courses, completions by the person, and imports from a learning platform.</summary>
public sealed class TrainingFunctions(CallerReader callers, TrainingService training)
{
    private const string Tag = "People";

    [Function("ListCourses")]
    [OpenApiOperation("Courses: awareness and role-based training", Tag)]
    [OpenApiQuery("pageSize", "items per page, 1 to 1000 (100 when absent); the next page is in the Link header")]
    [OpenApiQuery("page", "the page, from 1")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<CourseResponse>))]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/courses")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        var page = query.Page();
        return query.Errors ?? page.Answer(await training.ListAsync(cancellationToken).ConfigureAwait(false), request);
    }

    [Function("CreateCourse")]
    [OpenApiOperation("Create a course (ISMS admin, auditor or contributor); its audience is asked at once", Tag, Description = "title, kind (Awareness, RoleBased), frequencyMonths (0 for once), audienceGroupIds, dueWithinDays (30 when absent).")]
    [OpenApiRequest(typeof(CourseInput))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(CourseResponse))]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/courses")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Contribute, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<CourseInput>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Created(await training.CreateAsync(caller, body.Value!, cancellationToken).ConfigureAwait(false), request, c => $"/api/courses/{c.Id}")
            : body.Problem!;
    }

    [Function("GetCourse")]
    [OpenApiOperation("One course", Tag)]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(CourseResponse))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/courses/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        callers.TryAuthorize(request, Access.Person, out _, out var refusal)
            ? ApiResults.Ok(await training.GetAsync(id, cancellationToken).ConfigureAwait(false), request)
            : refusal!;

    [Function("CompleteCourse")]
    [OpenApiOperation("The caller completed the course (anyone in its audience)", Tag, Description = "completedOn (today when absent, never in the future), evidenceId of a certificate already uploaded.")]
    [OpenApiRequest(typeof(CompletionInput))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(RequirementResponse))]
    public async Task<IActionResult> Complete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/courses/{id}/completions")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Person, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<CompletionInput>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Created(await training.CompleteAsync(caller, id, body.Value!, cancellationToken).ConfigureAwait(false), request, _ => $"/api/people/{Uri.EscapeDataString(caller.Upn)}")
            : body.Problem!;
    }

    [Function("ImportCourseCompletions")]
    [OpenApiOperation("Import completions from a learning platform's CSV export (ISMS admin): all rows or none", Tag, Description = "Body text/csv with a header row. upnColumn (default userPrincipalName) and dateColumn (default completedOn) name the columns. A bad row is named with its line; the header is line 1.")]
    [OpenApiQuery("upnColumn", "the column holding each person's UPN (default userPrincipalName)")]
    [OpenApiQuery("dateColumn", "the column holding the completion date (default completedOn)")]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(ImportResponse))]
    public async Task<IActionResult> Import(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/courses/{id}/completions/import")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Admin, out var caller, out var refusal))
        {
            return refusal!;
        }

        var mediaType = (request.ContentType ?? string.Empty).Split(';')[0].Trim();
        if (!string.Equals(mediaType, "text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return Problem.UnsupportedMediaType($"The import takes the CSV export as text/csv, not '{(mediaType.Length == 0 ? "nothing" : mediaType)}'. Nothing was imported.");
        }

        using var body = await RequestBody.ReadAtMostAsync(request, TrainingService.MaxImportBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return Problem.TooLarge($"The file is larger than {TrainingService.MaxImportBytes / 1024 / 1024} MB; split it. Nothing was imported.");
        }

        var text = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
        var query = Query.Of(request);
        var upnColumn = query.Text("upnColumn") ?? TrainingService.DefaultUpnColumn;
        var dateColumn = query.Text("dateColumn") ?? TrainingService.DefaultDateColumn;
        return ApiResults.Created(await training.ImportAsync(caller, id, text, upnColumn, dateColumn, cancellationToken).ConfigureAwait(false), request, r => $"/api/courses/{r.CourseId}");
    }
}
