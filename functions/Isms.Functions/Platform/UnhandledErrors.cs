using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Isms.Functions.Platform;

/// <summary>
/// The last line of defence for HTTP functions: a failure nobody foresaw still answers problem details (with a
/// trace id to quote), never a bare 500 or a stack trace. Used by the Functions worker and the local host alike.
/// </summary>
public static partial class UnhandledErrors
{
    public static async Task WriteAsync(HttpContext context, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        var traceId = System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier;
        var result = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                Problem.TooLarge("The request body is over the 100 MB the Functions host accepts; upload large evidence through POST /api/evidence/uploads."),
            BadHttpRequestException bad => Problem.Create(bad.StatusCode, "The request could not be read.", bad.Message),
            _ => Problem.Create(StatusCodes.Status500InternalServerError, "Something went wrong on our side.", $"Nothing was changed by this request unless its result says so. Quote trace id {traceId} when reporting it."),
        };
        if (result.StatusCode >= 500)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path, traceId);
        }

        if (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await result.ExecuteResultAsync(new ActionContext(context, new Microsoft.AspNetCore.Routing.RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor())).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, string traceId);
}

/// <summary>The worker middleware that applies <see cref="UnhandledErrors"/> to HTTP invocations in Azure.</summary>
public sealed class UnhandledErrorsMiddleware(ILogger<UnhandledErrorsMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.GetHttpContext() is { } http)
        {
            await UnhandledErrors.WriteAsync(http, ex, logger).ConfigureAwait(false);
        }
    }
}
