using Isms.Core.People;
using Isms.Functions.Pages.Parts;
using Isms.Functions.People;

namespace Isms.Functions.Pages.People;

/// <summary>
/// <c>/documents</c>: the documents and courses with their figures and, for ISMS admins, auditors and contributors, the
/// forms that register a document and add a course. Each form calls the service the API calls, then 303.
/// </summary>
public sealed class RegisterPages(PageRenderer pages, DocumentService documents, TrainingService training, PeopleReports reports)
{
    private const string WhoRegisters = "Documents and courses are added by ISMS admins, auditors and contributors";
    private static readonly string[] DocumentFields = ["title", "kind", "ownerUpn", "reviewFrequency", "classification", "controlIds", "audienceGroupIds", "requiresAcknowledgement"];
    private static readonly string[] CourseFields = ["title", "kind", "frequencyMonths", "dueWithinDays", "audienceGroupIds"];

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

    private async Task<IActionResult> RenderListAsync(HttpRequest request, PageContext page, FormEcho? echo, int status, CancellationToken cancellationToken) =>
        await PageRenderer.RenderAsync<DocumentsPage>(request, page, new Dictionary<string, object?>
        {
            ["Documents"] = await documents.ListAsync(cancellationToken).ConfigureAwait(false),
            ["Courses"] = await training.ListAsync(cancellationToken).ConfigureAwait(false),
            ["Summary"] = await reports.SummaryAsync(cancellationToken).ConfigureAwait(false),
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);

}
