using Isms.Core.People;
using Isms.Functions.Pages.Parts;
using Isms.Functions.People;

namespace Isms.Functions.Pages.People;

/// <summary>
/// Policies and training as pages, where reminders lead. <c>/documents</c> lists the documents and courses with their
/// figures and, for contributors, the forms that register a document and add a course. <c>/documents/{id}</c> shows a
/// document's versions (download, hash), the button that acknowledges the one in force, the upload of a new version, and,
/// for its owner and admins, the approval of a draft and the record of a review. <c>/courses/{id}</c> records a
/// completion and, for admins, imports a learning platform's CSV. Each form calls the service the API calls, then 303.
/// </summary>
public sealed class PeoplePages(PageRenderer pages, EvidenceForm form, DocumentService documents, TrainingService training, PeopleRecords records, PeopleReports reports)
{
    private const string WhoRegisters = "Documents and courses are added by ISMS admins, auditors and contributors";
    private static readonly string[] DocumentFields = ["title", "kind", "ownerUpn", "reviewFrequency", "classification", "controlIds", "audienceGroupIds", "requiresAcknowledgement"];
    private static readonly string[] CourseFields = ["title", "kind", "frequencyMonths", "dueWithinDays", "audienceGroupIds"];
    private static readonly string[] VersionFields = ["file", "changeSummary", "major"];
    private static readonly string[] ImportFields = ["file", "upnColumn", "dateColumn"];

    [Function("DocumentsPage")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "documents")] HttpRequest request,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, p => p.CanRead, "The document register is read by people with an ISMS role (a document asked of you opens from your work or its link)",
            page => RenderListAsync(request, page, null, StatusCodes.Status200OK, cancellationToken));

    [Function("DocumentsPageRegister")]
    public async Task<IActionResult> Register(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "documents")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostForAsync(request, p => p.CanContribute, WhoRegisters, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        // Unknown choices are passed as none: the service names the values it takes.
        var values = post.Values(DocumentFields);
        var input = new DocumentInput(
            values["title"],
            Enum.TryParse<DocumentKind>(values["kind"], out var kind) && Enum.IsDefined(kind) ? kind : null,
            Audits.AuditPageView.List(values["controlIds"]),
            values["ownerUpn"],
            values["classification"],
            Enum.TryParse<Core.Controls.ReviewFrequency>(values["reviewFrequency"], out var frequency) && Enum.IsDefined(frequency) ? frequency : null,
            Audits.AuditPageView.List(values["audienceGroupIds"]),
            values["requiresAcknowledgement"] == "true");
        var created = await documents.CreateAsync(post.Page.Caller, input, cancellationToken).ConfigureAwait(false);
        return created.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.Document(created.Value.Id), "document-registered")
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, created.Refusal, "document", values, DocumentFields,
                (echo, status) => RenderListAsync(request, post.Page, echo, status, cancellationToken)).ConfigureAwait(false);
    }

    [Function("DocumentsPageAddCourse")]
    public async Task<IActionResult> AddCourse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostForAsync(request, p => p.CanContribute, WhoRegisters, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(CourseFields);
        foreach (var field in new[] { "frequencyMonths", "dueWithinDays" })
        {
            if (values[field] is { } number && !int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                return await RenderListAsync(request, post.Page, FormEcho.Unreadable("course", values, field, "Give a whole number of months or days, such as 12."), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
            }
        }

        var input = new CourseInput(
            values["title"],
            Enum.TryParse<CourseKind>(values["kind"], out var kind) && Enum.IsDefined(kind) ? kind : null,
            values["frequencyMonths"] is { } months ? int.Parse(months, System.Globalization.CultureInfo.InvariantCulture) : null,
            Audits.AuditPageView.List(values["audienceGroupIds"]),
            values["dueWithinDays"] is { } days ? int.Parse(days, System.Globalization.CultureInfo.InvariantCulture) : null);
        var created = await training.CreateAsync(post.Page.Caller, input, cancellationToken).ConfigureAwait(false);
        return created.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.Course(created.Value.Id), "course-added")
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, created.Refusal, "course", values, CourseFields,
                (echo, status) => RenderListAsync(request, post.Page, echo, status, cancellationToken)).ConfigureAwait(false);
    }

    [Function("DocumentPageUploadVersion")]
    public async Task<IActionResult> UploadVersion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "documents/{documentId}/versions")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken)
    {
        // The file streams through the service as the API's does; the token is judged from the fields before it.
        var (page, refusal) = await pages.CheckPostWithoutFormAsync(request).ConfigureAwait(false);
        return page is null
            ? refusal!
            : await form.ReceiveAsync(
                request, page, "version", null, VersionFields,
                guard => documents.AddVersionAsync(page.Caller, documentId, request, cancellationToken, guard),
                _ => PageRenderer.SeeOther("/" + PagePaths.Document(documentId), "version-uploaded"),
                (echo, status) => RenderDocumentAsync(request, page, documentId, echo, status, cancellationToken)).ConfigureAwait(false);
    }

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

    [Function("DocumentPage")]
    public Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "documents/{documentId}")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken) =>
        pages.ShowAsync(request, page => RenderDocumentAsync(request, page, documentId, null, StatusCodes.Status200OK, cancellationToken));

    [Function("DocumentPageAcknowledge")]
    public Task<IActionResult> Acknowledge(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "documents/{documentId}/acknowledgement")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken) =>
        VersionFormAsync(request, documentId, "acknowledge", "acknowledged", async (caller, version) =>
            (await documents.AcknowledgeAsync(caller, documentId, version, cancellationToken).ConfigureAwait(false)).Refusal, cancellationToken);

    [Function("DocumentPageApprove")]
    public Task<IActionResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "documents/{documentId}/approval")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken) =>
        VersionFormAsync(request, documentId, "approve", "published", async (caller, version) =>
            (await documents.ApproveAsync(caller, documentId, version, cancellationToken).ConfigureAwait(false)).Refusal, cancellationToken);

    [Function("DocumentPageReview")]
    public async Task<IActionResult> Review(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "documents/{documentId}/review")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var values = post.Values(["notes"]);
        var done = await documents.ReviewAsync(post.Page.Caller, documentId, new DocumentReviewInput(values["notes"]), cancellationToken).ConfigureAwait(false);
        return done.IsSuccess
            ? PageRenderer.SeeOther("/" + PagePaths.Document(documentId), "document-reviewed")
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, done.Refusal, "review", values, ["notes"],
                (echo, status) => RenderDocumentAsync(request, post.Page, documentId, echo, status, cancellationToken)).ConfigureAwait(false);
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

    /// <summary>
    /// A form on a document's page that names a version (acknowledge it, approve it): whoever sends it, the service decides
    /// whether they may; done, 303 with <paramref name="notice"/>; refused, the page again with the refusal in words.
    /// </summary>
    private async Task<IActionResult> VersionFormAsync(
        HttpRequest request, string documentId, string form, string notice, Func<Platform.Caller, string, Task<Core.Validation.Refusal?>> act, CancellationToken cancellationToken)
    {
        var (post, refusal) = await pages.ReadPostAsync(request, cancellationToken).ConfigureAwait(false);
        if (post is null)
        {
            return refusal!;
        }

        var version = post.Text("version") ?? string.Empty;
        return await act(post.Page.Caller, version).ConfigureAwait(false) is not { } refused
            ? PageRenderer.SeeOther("/" + PagePaths.Document(documentId), notice)
            : await PageRenderer.AnswerRefusalAsync(request, post.Page, refused, form, new Dictionary<string, string?> { ["version"] = version }, ["version"],
                (echo, status) => RenderDocumentAsync(request, post.Page, documentId, echo, status, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<IActionResult> RenderListAsync(HttpRequest request, PageContext page, FormEcho? echo, int status, CancellationToken cancellationToken) =>
        await PageRenderer.RenderAsync<DocumentsPage>(request, page, new Dictionary<string, object?>
        {
            ["Documents"] = await documents.ListAsync(cancellationToken).ConfigureAwait(false),
            ["Courses"] = await training.ListAsync(cancellationToken).ConfigureAwait(false),
            ["Summary"] = await reports.SummaryAsync(cancellationToken).ConfigureAwait(false),
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);

    private async Task<IActionResult> RenderDocumentAsync(HttpRequest request, PageContext page, string documentId, FormEcho? echo, int status, CancellationToken cancellationToken)
    {
        var read = await documents.ReadAsync(page.Caller, documentId, cancellationToken).ConfigureAwait(false);
        if (!read.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, page, read.Refusal).ConfigureAwait(false);
        }

        var mine = await records.GetAsync(RequirementKind.Acknowledgement, documentId, page.Caller.Upn, cancellationToken).ConfigureAwait(false);
        var document = read.Value.Value;
        return await PageRenderer.RenderAsync<DocumentPage>(request, page, new Dictionary<string, object?>
        {
            ["Document"] = DocumentResponse.From(read.Value, page.Today),
            ["Mine"] = mine is null ? null : RequirementResponse.From(mine.Value, page.Today),
            ["CanApprove"] = page.IsAdmin || page.Caller.Is(document.OwnerUpn, document.OwnerObjectId),
            ["CanUpload"] = page.CanContribute || page.Caller.Is(document.OwnerUpn, document.OwnerObjectId),
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);
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
