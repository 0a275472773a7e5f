using Isms.Functions.Platform;

namespace Isms.Functions.People;

/// <summary>Documented information over HTTP (7.5; A.5.1): documents, versions, approval and acknowledgement (the list of acknowledgements is <see cref="PeopleFunctions"/>').</summary>
public sealed class DocumentFunctions(CallerReader callers, DocumentService documents)
{
    private const string Tag = "People";

    [Function("ListDocuments")]
    [OpenApiOperation("Policies, procedures, standards and records, with their versions", Tag)]
    [OpenApiQuery("pageSize", "items per page, 1 to 1000 (100 when absent); the next page is in the Link header")]
    [OpenApiQuery("page", "the page, from 1")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<DocumentResponse>))]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/documents")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Read, out _, out var refusal))
        {
            return refusal!;
        }

        var query = Query.Of(request);
        var page = query.Page();
        return query.Errors ?? page.Answer(await documents.ListAsync(cancellationToken).ConfigureAwait(false), request);
    }

    [Function("CreateDocument")]
    [OpenApiOperation("Register a document (ISMS admin, auditor or contributor)", Tag, Description = "title, kind (Policy, Procedure, Standard, Record), controlIds, ownerUpn, classification, reviewFrequency (Monthly, Quarterly, SemiAnnual, Annual), audienceGroupIds (Entra group object ids), requiresAcknowledgement.")]
    [OpenApiRequest(typeof(DocumentInput))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(DocumentResponse))]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/documents")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Contribute, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<DocumentInput>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Created(await documents.CreateAsync(caller, body.Value!, cancellationToken).ConfigureAwait(false), request, d => $"/api/documents/{d.Id}")
            : body.Problem!;
    }

    [Function("GetDocument")]
    [OpenApiOperation("One document with its versions (people with a role, its owner, the people it is for)", Tag)]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(DocumentResponse))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/documents/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        callers.TryAuthorize(request, Access.Person, out var caller, out var refusal)
            ? ApiResults.Ok(await documents.GetAsync(caller, id, cancellationToken).ConfigureAwait(false), request)
            : refusal!;

    [Function("UpdateDocument")]
    [OpenApiOperation("Change a document (its owner or an ISMS admin)", Tag, Description = "Any creation field. A changed audience is applied to people at once.")]
    [OpenApiRequest(typeof(DocumentInput))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(DocumentResponse))]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/documents/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Person, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<DocumentInput>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Ok(await documents.UpdateAsync(caller, id, body.Value!, IfMatch.From(request), cancellationToken).ConfigureAwait(false), request)
            : body.Problem!;
    }

    [Function("AddDocumentVersion")]
    [OpenApiOperation("Upload a new version (multipart: file, changeSummary, major) as a draft", Tag, Description = "The file is kept as evidence of the document's controls (WORM, SHA-256). major=true starts a new major version (2.0), else the next minor (1.1). One draft at a time.")]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(DocumentResponse))]
    public async Task<IActionResult> AddVersion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/documents/{id}/versions")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        callers.TryAuthorize(request, Access.Person, out var caller, out var refusal)
            ? ApiResults.Created(await documents.AddVersionAsync(caller, id, request, cancellationToken).ConfigureAwait(false), request, d => $"/api/documents/{d.Id}")
            : refusal!;

    [Function("ApproveDocumentVersion")]
    [OpenApiOperation("Approve a draft version and publish it (an ISMS admin or the owner; never its author)", Tag, Description = "Publishing supersedes the version before, sets the next review date, and asks the audience to acknowledge it when the document requires it.")]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(ApprovalResponse))]
    public async Task<IActionResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/documents/{id}/versions/{version}/approval")] HttpRequest request,
        string id,
        string version,
        CancellationToken cancellationToken) =>
        callers.TryAuthorize(request, Access.Person, out var caller, out var refusal)
            ? ApiResults.Created(await documents.ApproveAsync(caller, id, version, cancellationToken).ConfigureAwait(false), request, a => $"/api/documents/{a.Document.Id}")
            : refusal!;

    [Function("ReviewDocument")]
    [OpenApiOperation("Record a review of the version in force that changed nothing (its owner or an ISMS admin)", Tag, Description = "notes: what the review concluded. The next review falls a frequency after today and the reminders stop. A review that changes the document is a new version; its approval is the review.")]
    [OpenApiRequest(typeof(DocumentReviewInput))]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(DocumentResponse))]
    public async Task<IActionResult> Review(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/documents/{id}/reviews")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Person, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<DocumentReviewInput>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Created(await documents.ReviewAsync(caller, id, body.Value!, cancellationToken).ConfigureAwait(false), request, d => $"/api/documents/{d.Id}")
            : body.Problem!;
    }

    [Function("AcknowledgeDocument")]
    [OpenApiOperation("The caller acknowledges the published version (anyone in its audience)", Tag, Description = "409 when the version is not the one in force or the caller is not in the audience.")]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(RequirementResponse))]
    public async Task<IActionResult> Acknowledge(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/documents/{id}/versions/{version}/acknowledgements")] HttpRequest request,
        string id,
        string version,
        CancellationToken cancellationToken) =>
        callers.TryAuthorize(request, Access.Person, out var caller, out var refusal)
            ? ApiResults.Created(await documents.AcknowledgeAsync(caller, id, version, cancellationToken).ConfigureAwait(false), request, _ => $"/api/acknowledgements?documentId={Uri.EscapeDataString(id)}&userUpn={Uri.EscapeDataString(caller.Upn)}")
            : refusal!;
}
