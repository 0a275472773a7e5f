using Isms.Core.Validation;

namespace Isms.Functions.Platform;

/// <summary>A response that carries its record's version, so the API can send it as the ETag header too.</summary>
public interface ITagged
{
    string Etag { get; }
}

/// <summary>How the outcome of an application service becomes an HTTP answer, the same way on every route.</summary>
public static class ApiResults
{
    /// <summary>A refusal as problem details: each code has one status, and validation errors name their fields.</summary>
    public static ObjectResult Refused(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var errors = refusal.Errors.ToDictionary(e => e.Key, e => e.Value);
        return refusal.Code switch
        {
            RefusalCode.Invalid => Problem.Validation(errors, refusal.Message),
            RefusalCode.NotFound => Problem.NotFound(refusal.Message),
            RefusalCode.Forbidden => Problem.Forbidden(refusal.Message),
            RefusalCode.Stale => Problem.PreconditionFailed(refusal.Message),
            RefusalCode.TooLarge => Problem.TooLarge(refusal.Message),
            RefusalCode.UnsupportedContent => Problem.UnsupportedMediaType(refusal.Message),
            RefusalCode.Gone => Problem.Create(StatusCodes.Status410Gone, "The file is gone.", refusal.Message),
            RefusalCode.Harmful => Problem.Create(StatusCodes.Status422UnprocessableEntity, "The file was refused as harmful.", refusal.Message),
            _ => Problem.Conflict(refusal.Message, errors),
        };
    }

    public static ObjectResult Invalid(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return Problem.Validation(errors.ToDictionary().ToDictionary(e => e.Key, e => e.Value));
    }

    /// <summary>200 with the value (and its ETag when it has one), or the refusal.</summary>
    public static IActionResult Ok<T>(Outcome<T> outcome, HttpRequest request)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(request);
        if (!outcome.IsSuccess)
        {
            return Refused(outcome.Refusal);
        }

        Tag(request.HttpContext.Response, outcome.Value);
        return new OkObjectResult(outcome.Value);
    }

    /// <summary>201 with the value at <paramref name="location"/> (and its ETag when it has one), or the refusal.</summary>
    public static IActionResult Created<T>(Outcome<T> outcome, HttpRequest request, Func<T, string> location)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(location);
        if (!outcome.IsSuccess)
        {
            return Refused(outcome.Refusal);
        }

        Tag(request.HttpContext.Response, outcome.Value);
        return new CreatedResult(location(outcome.Value), outcome.Value);
    }

    private static void Tag<T>(HttpResponse response, T value)
    {
        if (value is ITagged { Etag.Length: > 0 } tagged)
        {
            ETags.Set(response, tagged.Etag);
        }
    }
}
