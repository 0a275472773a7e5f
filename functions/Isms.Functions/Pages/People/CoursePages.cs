using Isms.Core.People;
using Isms.Functions.Pages.Parts;
using Isms.Functions.People;

namespace Isms.Functions.Pages.People;

/// <summary>
/// <c>/courses/{id}</c>, where reminders lead: the form with which a person records completing it and, for ISMS admins,
/// the import of a learning platform's CSV export. Each form calls the service the API calls, then 303.
/// </summary>
public sealed class CoursePages(PageRenderer pages, TrainingService training, PeopleRecords records)
{
    private static readonly string[] ImportFields = ["file", "upnColumn", "dateColumn"];

    [Function("CoursePageImport")]
    public async Task<IActionResult> Import(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{courseId}/import")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostForAsync(request, p => p.IsAdmin, "Completions are imported by an ISMS admin", cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(["upnColumn", "dateColumn"]);
        var file = post.Form.Files.GetFile("file");
        if (file is null || file.Length == 0 || file.Length > TrainingService.MaxImportBytes)
        {
            var why = file is { Length: > 0 } ? $"The file is larger than {TrainingService.MaxImportBytes / 1024 / 1024} MB; split it." : "Choose the CSV file exported from the learning platform.";
            return await RenderCourseAsync(request, post.Page, courseId, FormEcho.Unreadable("import", values, "file", why + " Nothing was imported."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        string csv;
        using (var reader = new StreamReader(file.OpenReadStream(), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false))
        {
            csv = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        var imported = await training.ImportAsync(post.Page.Caller, courseId, csv, values["upnColumn"] ?? TrainingService.DefaultUpnColumn, values["dateColumn"] ?? TrainingService.DefaultDateColumn, cancellationToken).ConfigureAwait(false);
        return imported.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.Course(courseId), "imported")
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, imported.Refusal, "import", values, ImportFields,
                (echo, status) => RenderCourseAsync(request, post.Page, courseId, echo, status, cancellationToken)).ConfigureAwait(false);
    }

    [Function("CoursePage")]
    public Task<IActionResult> Course(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{courseId}")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, page => RenderCourseAsync(request, page, courseId, null, StatusCodes.Status200OK, cancellationToken));

    [Function("CoursePageComplete")]
    public async Task<IActionResult> Complete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{courseId}/completion")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(["completedOn"]);
        var on = Dates.Parse(values["completedOn"], out var ok);
        if (!ok)
        {
            return await RenderCourseAsync(request, post.Page, courseId, FormEcho.Unreadable("complete", values, "completedOn", "Give the day you completed it as yyyy-mm-dd."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        var done = await training.CompleteAsync(post.Page.Caller, courseId, new CompletionInput(on, null), cancellationToken).ConfigureAwait(false);
        return done.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.Course(courseId), "trained")
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, done.Refusal, "complete", values, ["completedOn"],
                (echo, status) => RenderCourseAsync(request, post.Page, courseId, echo, status, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<IActionResult> RenderCourseAsync(HttpRequest request, PageContext page, string courseId, FormEcho? echo, int status, CancellationToken cancellationToken)
    {
        var course = await training.GetAsync(courseId, cancellationToken).ConfigureAwait(false);
        if (!course.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, page, course.Refusal).ConfigureAwait(false);
        }

        var mine = await records.GetAsync(RequirementKind.Training, courseId, page.Caller.Upn, cancellationToken).ConfigureAwait(false);
        return await PageRenderer.RenderAsync<CoursePage>(request, page, new Dictionary<string, object?>
        {
            ["Course"] = course.Value,
            ["Mine"] = mine is null ? null : RequirementResponse.From(mine.Value, page.Today),
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);
    }
}
