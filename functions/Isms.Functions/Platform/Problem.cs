namespace Isms.Functions.Platform;

/// <summary>RFC 9457 problem details, the only shape errors leave the API in.</summary>
public static class Problem
{
    public const string ContentType = "application/problem+json";

    public static ObjectResult Create(int status, string title, string detail, IDictionary<string, string[]>? errors = null)
    {
        ProblemDetails body = errors is { Count: > 0 }
            ? new ValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail }
            : new ProblemDetails { Status = status, Title = title, Detail = detail };
        body.Type = $"https://httpstatuses.io/{status}";
        var result = new ObjectResult(body) { StatusCode = status };
        result.ContentTypes.Add(ContentType);
        return result;
    }

    public static ObjectResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        Create(StatusCodes.Status400BadRequest, "The request is not valid.", detail ?? DescribeErrors(errors), errors);

    public static ObjectResult Field(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ObjectResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not found.", detail);

    public static ObjectResult Conflict(string detail, IDictionary<string, string[]>? errors = null) =>
        Create(StatusCodes.Status409Conflict, "The change is not allowed now.", detail, errors);

    public static ObjectResult PreconditionFailed(string detail) => Create(StatusCodes.Status412PreconditionFailed, "The resource has changed.", detail);

    public static ObjectResult PreconditionRequired(string detail) => Create(StatusCodes.Status428PreconditionRequired, "If-Match is required.", detail);

    public static ObjectResult Unauthorized() =>
        Create(StatusCodes.Status401Unauthorized, "Sign-in required.", "Sign in through the app's Entra ID authentication, then try again.");

    public static ObjectResult Forbidden(string detail) => Create(StatusCodes.Status403Forbidden, "Not allowed.", detail);

    public static ObjectResult UnsupportedMediaType(string detail) => Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.", detail);

    public static ObjectResult TooLarge(string detail) => Create(StatusCodes.Status413PayloadTooLarge, "The request is too large.", detail);

    public static ObjectResult Unavailable(string detail) => Create(StatusCodes.Status503ServiceUnavailable, "A dependency is unavailable.", detail);

    private static string DescribeErrors(IDictionary<string, string[]> errors) =>
        string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
}
