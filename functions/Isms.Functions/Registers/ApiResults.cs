using Isms.Core.Validation;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>How domain answers become HTTP answers, the same way on every route.</summary>
public static class ApiResults
{
    public static IActionResult Refused(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var errors = refusal.Errors.ToDictionary(e => e.Key, e => e.Value);
        return refusal.Code == RefusalCode.Invalid
            ? Problem.Validation(errors, refusal.Message)
            : Problem.Conflict(refusal.Message, errors);
    }

    public static IActionResult Invalid(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return Problem.Validation(errors.ToDictionary().ToDictionary(e => e.Key, e => e.Value));
    }

    public static IActionResult Ok<T>(T body, HttpResponse response, Azure.ETag etag) =>
        new OkObjectResult(body).WithETag(response, etag);

    public static IActionResult Created<T>(T body, string location, HttpResponse response, Azure.ETag etag) =>
        new CreatedResult(location, body).WithETag(response, etag);

    public static IActionResult Stale(StaleRecordException ex) => ETags.Stale(ex.EntityPath);

    public static string Tag(Azure.ETag etag) => etag.ToString();
}
