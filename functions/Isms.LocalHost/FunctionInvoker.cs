using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Isms.Functions.Platform;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Isms.LocalHost;

/// <summary>What starts one invocation: the trigger's value, and for HTTP the request being served.</summary>
public sealed record Invocation(object? TriggerValue, HttpContext? HttpContext, CancellationToken CancellationToken);

/// <summary>
/// Calls a function method as the isolated worker does: a new instance of its class per invocation, built from
/// the app's services in a fresh scope, with the trigger, route values and cancellation bound by parameter.
/// </summary>
public sealed class FunctionInvoker(IServiceScopeFactory scopes)
{
    // Parameters are matched by position: reflection may hand out different ParameterInfo instances for the same
    // parameter when several hosts discover functions at once, so reference equality is not to be trusted.
    // What can be bound is checked at start by FunctionShapeCheck.

    public async Task<object?> InvokeAsync(DiscoveredFunction function, Invocation invocation)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(invocation);
        await using var scope = scopes.CreateAsyncScope();

        // The invocation's scope ends with this method; whatever answers the request after it (the error writer of
        // a failure thrown from here) must find the request's own services, not a disposed scope.
        var requestServices = invocation.HttpContext?.RequestServices;
        if (invocation.HttpContext is { } http)
        {
            http.RequestServices = scope.ServiceProvider;
        }

        var target = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, function.Method.DeclaringType!);
        try
        {
            var arguments = function.Method.GetParameters().Select(p => Bind(function, p, invocation)).ToArray();
            object? returned;
            try
            {
                returned = function.Method.Invoke(target, arguments);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }

            var result = await UnwrapAsync(returned).ConfigureAwait(false);
            if (invocation.HttpContext is { } context)
            {
                await WriteHttpResultAsync(context, result).ConfigureAwait(false);
            }

            return result;
        }
        finally
        {
            if (invocation.HttpContext is { } ended)
            {
                ended.RequestServices = requestServices!;
            }

            switch (target)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private static object? Bind(DiscoveredFunction function, ParameterInfo parameter, Invocation invocation)
    {
        if (parameter.Position == function.TriggerParameter.Position)
        {
            return function.Http is not null ? invocation.HttpContext!.Request : invocation.TriggerValue;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return invocation.CancellationToken;
        }

        var raw = invocation.HttpContext?.GetRouteValue(parameter.Name!)?.ToString();
        if (raw is null)
        {
            return parameter.HasDefaultValue ? parameter.DefaultValue : null;
        }

        var target = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return target == typeof(string) ? raw : TypeDescriptor.GetConverter(target).ConvertFromString(null, CultureInfo.InvariantCulture, raw);
    }

    private static async Task<object?> UnwrapAsync(object? returned)
    {
        switch (returned)
        {
            case Task task:
                await task.ConfigureAwait(false);
                var type = task.GetType();
                return type.IsGenericType && type.GetGenericArguments()[0].Name != "VoidTaskResult"
                    ? type.GetProperty("Result")!.GetValue(task)
                    : null;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return null;
            default:
                if (returned?.GetType() is { IsGenericType: true } valueTaskType && valueTaskType.GetGenericTypeDefinition() == typeof(ValueTask<>))
                {
                    var asTask = (Task)valueTaskType.GetMethod("AsTask")!.Invoke(returned, null)!;
                    return await UnwrapAsync(asTask).ConfigureAwait(false);
                }

                return returned;
        }
    }

    /// <summary>Runs an <see cref="IActionResult"/> through MVC's executors, as the ASP.NET Core integration does.</summary>
    private static Task WriteHttpResultAsync(HttpContext context, object? result)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        var action = result switch
        {
            IActionResult actionResult => actionResult,
            null => new NoContentResult(),
            _ => new OkObjectResult(result),
        };
        return action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }
}
