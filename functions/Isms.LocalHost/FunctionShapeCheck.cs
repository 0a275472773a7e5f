using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using Isms.Functions.Platform;
using Isms.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;
using Microsoft.Extensions.Configuration;

namespace Isms.LocalHost;

/// <summary>
/// Refuses, at start, every function the Functions host in Azure would run differently from this host, naming the
/// function and what to change: a run on this host proves something about Azure only where the two read a function
/// alike. What passes here is what <c>functions.metadata</c> describes the same way (see the host tests).
/// </summary>
public static partial class FunctionShapeCheck
{
    /// <summary>Route constraints that mean the same to the Functions host's router and to ASP.NET Core's here.</summary>
    private static readonly HashSet<string> PortableConstraints = new(StringComparer.OrdinalIgnoreCase)
    {
        "int", "long", "bool", "guid", "alpha", "decimal", "double", "float", "length", "minlength", "maxlength", "min", "max", "range",
    };

    /// <summary>The storage this host polls queues in: the <c>AzureWebJobsStorage</c> account, the Functions host's default too.</summary>
    public static string QueueConnection => StorageConnection.SettingName;

    /// <summary>Throws, naming every function refused and why, unless this host runs them all as the Functions host would.</summary>
    public static void EnsureRunnable(IEnumerable<DiscoveredFunction> functions, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var refusals = functions.SelectMany(f => Refusals(f, configuration)).ToList();
        if (refusals.Count > 0)
        {
            throw new LocalHostStartupException(
                "The local host runs a function only as the Functions host in Azure would, and refuses these:" + Environment.NewLine +
                string.Join(Environment.NewLine, refusals.Select(r => "  " + r)));
        }
    }

    /// <summary>Why this host would run <paramref name="function"/> differently from the Functions host; empty when it would not.</summary>
    public static IReadOnlyList<string> Refusals(DiscoveredFunction function, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(configuration);
        var reasons = function.Trigger switch
        {
            HttpTriggerAttribute http => HttpReasons(function, http),
            TimerTriggerAttribute timer => TimerReasons(function, timer, configuration),
            QueueTriggerAttribute queue => QueueReasons(queue),
            var other => [$"its trigger [{AttributeName(other)}] is not one the local host runs (HTTP, timer, queue): use one of those, or teach the local host this trigger first"],
        };
        return [.. reasons.Concat(ParameterReasons(function)).Concat(OutputBindingReasons(function))
            .Select(reason => $"Function '{function.Name}' ({function.Method.DeclaringType?.Name}.{function.Method.Name}): {reason}.")];
    }

    private static IEnumerable<string> HttpReasons(DiscoveredFunction function, HttpTriggerAttribute http)
    {
        if (http.AuthLevel != AuthorizationLevel.Anonymous)
        {
            yield return $"its authorization level is {http.AuthLevel}, but App Service Authentication signs callers in before the app and the local " +
                "host checks no function keys: use AuthorizationLevel.Anonymous and authorise in the function (Access.TryAuthorize)";
        }

        if (http.Methods is not { Length: > 0 })
        {
            yield return $"it names no HTTP method, so the Functions host answers every method and the local host only {string.Join(", ", function.HttpMethods)}: name the methods it answers";
        }

        if (function.TriggerParameter.ParameterType != typeof(HttpRequest))
        {
            yield return $"its trigger parameter is a {function.TriggerParameter.ParameterType.Name}, but the local host passes an HttpRequest, " +
                "as the ASP.NET Core integration does: take an HttpRequest";
        }

        if (!typeof(IActionResult).IsAssignableFrom(ResultType(function.Method)))
        {
            yield return $"it returns {function.Method.ReturnType.Name}, which the two hosts write differently: return an IActionResult (or a Task of one)";
        }

        foreach (var reason in RouteReasons(function.HttpRoute!))
        {
            yield return reason;
        }
    }

    private static List<string> RouteReasons(string route)
    {
        RoutePattern pattern;
        try
        {
            pattern = RoutePatternFactory.Parse(route);
        }
        catch (RoutePatternException ex)
        {
            return [$"its route '{route}' does not parse ({ex.Message}): write it as literal segments and {{parameters}}"];
        }

        var reasons = new List<string>();
        if (pattern.PathSegments.Any(s => s.Parts.Count > 1))
        {
            reasons.Add($"its route '{route}' has a segment that mixes text and parameters, which the two routers split differently: give each parameter a segment of its own");
        }

        if (IsSiteRoot(pattern))
        {
            return reasons;
        }

        foreach (var parameter in pattern.Parameters)
        {
            var kind = parameter.IsCatchAll ? "is a catch-all" : parameter.IsOptional ? "is optional" : parameter.Default is not null ? "has a default" : null;
            if (kind is not null)
            {
                reasons.Add($"its route parameter '{parameter.Name}' in '{route}' {kind}, which the two routers treat differently: " +
                    "make it a required {parameter} and give the other case a route of its own");
            }

            var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? string.Empty).Select(c => c.Split('(', 2)[0]);
            foreach (var constraint in constraints.Where(c => !PortableConstraints.Contains(c)))
            {
                reasons.Add($"its route parameter '{parameter.Name}' in '{route}' has the constraint '{constraint}', which the two routers may read differently: " +
                    $"use one of {string.Join(", ", PortableConstraints)}, or check the value in the function");
            }
        }

        return reasons;
    }

    /// <summary>
    /// The one optional parameter allowed: the site root. The Functions host routes "/" to a function only through a
    /// route made of one optional parameter that must be empty (<c>{ignored:maxlength(0)?}</c>); ASP.NET Core's router
    /// reads it the same way (it matches "/" and nothing else).
    /// </summary>
    private static bool IsSiteRoot(RoutePattern pattern) =>
        pattern.PathSegments.Count == 1
        && pattern.Parameters is [{ IsOptional: true, IsCatchAll: false, Default: null } only]
        && only.ParameterPolicies is [{ Content: "maxlength(0)" }];

    private static IEnumerable<string> TimerReasons(DiscoveredFunction function, TimerTriggerAttribute timer, IConfiguration configuration)
    {
        if (function.TriggerParameter.ParameterType != typeof(TimerInfo))
        {
            yield return $"its trigger parameter is a {function.TriggerParameter.ParameterType.Name}: take a TimerInfo";
        }

        if (TimerSchedule.SettingName(timer.Schedule) is not { } setting)
        {
            yield return $"its schedule '{timer.Schedule}' is written in the code: name a setting instead (%{function.Name}Schedule%), give it a default " +
                "in Platform/ScheduleDefaults.cs and set it in infra (the schedules parameter), so that Azure and the local host read the same schedule";
        }
        else if (configuration[setting] is not { Length: > 0 } expression)
        {
            yield return $"its schedule setting '{setting}' is not set: give it a default in Platform/ScheduleDefaults.cs and set it in infra (the schedules parameter)";
        }
        else if (TimerSchedule.TryParse(expression) is null)
        {
            yield return $"its schedule setting '{setting}' is '{expression}', which is not an NCRONTAB expression (six fields, seconds first, or five); " +
                "Flex Consumption runs no TimeSpan schedules";
        }
    }

    private static IEnumerable<string> QueueReasons(QueueTriggerAttribute queue)
    {
        if (queue.Connection is { Length: > 0 } connection && !string.Equals(connection, QueueConnection, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"it reads its queue through the connection '{connection}', but the local host polls only the storage in '{QueueConnection}': " +
                $"leave Connection unset, so that the Functions host uses '{QueueConnection}' too";
        }

        if (!QueueName().IsMatch(queue.QueueName ?? string.Empty))
        {
            yield return $"its queue name '{queue.QueueName}' is not the literal name of a storage queue (3-63 lower-case letters, digits and single hyphens), " +
                "and the local host resolves no %Setting% in it: name the queue (see QueueNames)";
        }
    }

    /// <summary>The local host binds the trigger, route values by name and a CancellationToken; the rest comes from the constructor.</summary>
    private static IEnumerable<string> ParameterReasons(DiscoveredFunction function)
    {
        var routeNames = function.HttpRoute is { } route && TryParse(route) is { } pattern
            ? pattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : [];
        foreach (var parameter in function.Method.GetParameters())
        {
            if (parameter.Position == function.TriggerParameter.Position || parameter.ParameterType == typeof(CancellationToken))
            {
                continue;
            }

            if (!routeNames.Contains(parameter.Name!))
            {
                yield return $"the local host cannot bind its parameter '{parameter.Name}' ({parameter.ParameterType.Name}): " +
                    "take the trigger, route values by name and a CancellationToken, and everything else from the constructor";
            }
            else if (!FromRouteText(parameter.ParameterType))
            {
                yield return $"its route parameter '{parameter.Name}' is a {parameter.ParameterType.Name}, which no converter reads from the route's text: take a string, a number, a Guid or a bool";
            }
        }
    }

    private static IEnumerable<string> OutputBindingReasons(DiscoveredFunction function)
    {
        var result = ResultType(function.Method);
        // The worker reads an output binding from the method (its return value) or from the properties of what it returns.
        var bindings = function.Method.GetCustomAttributes<OutputBindingAttribute>()
            .Concat(function.Method.ReturnParameter.GetCustomAttributes<OutputBindingAttribute>())
            .Concat(result.GetProperties().SelectMany(p => p.GetCustomAttributes<OutputBindingAttribute>()));
        foreach (var binding in bindings)
        {
            yield return $"it declares the output binding [{AttributeName(binding)}], which the local host does not write: write through the app's storage services instead";
        }
    }

    /// <summary>What a function returns once its Task or ValueTask is awaited.</summary>
    private static Type ResultType(MethodInfo method)
    {
        var type = method.ReturnType;
        if (type == typeof(Task) || type == typeof(ValueTask))
        {
            return typeof(void);
        }

        return type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? type.GetGenericArguments()[0]
            : type;
    }

    private static bool FromRouteText(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target == typeof(string) || TypeDescriptor.GetConverter(target).CanConvertFrom(typeof(string));
    }

    private static RoutePattern? TryParse(string route)
    {
        try
        {
            return RoutePatternFactory.Parse(route);
        }
        catch (RoutePatternException)
        {
            return null;
        }
    }

    private static string AttributeName(Attribute attribute) => attribute.GetType().Name.Replace("Attribute", string.Empty, StringComparison.Ordinal);

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex QueueName();
}
