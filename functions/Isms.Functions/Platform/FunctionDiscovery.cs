using System.Reflection;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Isms.Functions.Platform;

/// <summary>A <c>[Function]</c> method and the trigger that starts it.</summary>
public sealed record DiscoveredFunction(string Name, MethodInfo Method, ParameterInfo TriggerParameter, TriggerBindingAttribute Trigger)
{
    public HttpTriggerAttribute? Http => Trigger as HttpTriggerAttribute;

    public TimerTriggerAttribute? Timer => Trigger as TimerTriggerAttribute;

    public QueueTriggerAttribute? Queue => Trigger as QueueTriggerAttribute;

    /// <summary>The route under host.json's route prefix; the Functions host uses the function name when none is given.</summary>
    public string? HttpRoute => Http is null ? null : (Http.Route ?? Name).Trim('/');

    /// <summary>The HTTP methods, upper case; the host accepts every method when none is given.</summary>
    public IReadOnlyList<string> HttpMethods =>
        Http?.Methods is { Length: > 0 } methods ? [.. methods.Select(m => m.ToUpperInvariant())] : ["GET", "POST", "PUT", "PATCH", "DELETE"];
}

/// <summary>
/// Finds functions the way the Functions host does: from their <c>[Function]</c> and trigger attributes. The local
/// host and the OpenAPI document both read this, so neither keeps a list of its own that could drift.
/// </summary>
public static class FunctionDiscovery
{
    public static IReadOnlyList<DiscoveredFunction> Find(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var found = new List<DiscoveredFunction>();
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()).Where(t => t.IsClass && !t.IsAbstract || t.IsAbstract && t.IsSealed))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                var function = method.GetCustomAttribute<FunctionAttribute>();
                if (function is null)
                {
                    continue;
                }

                var triggers = method.GetParameters()
                    .Select(p => (Parameter: p, Trigger: p.GetCustomAttribute<TriggerBindingAttribute>()))
                    .Where(p => p.Trigger is not null)
                    .ToList();
                if (triggers.Count != 1)
                {
                    throw new InvalidOperationException($"Function '{function.Name}' ({type.Name}.{method.Name}) must have exactly one trigger parameter.");
                }

                found.Add(new DiscoveredFunction(function.Name, method, triggers[0].Parameter, triggers[0].Trigger!));
            }
        }

        var duplicate = found.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? found.OrderBy(f => f.Name, StringComparer.Ordinal).ToList()
            : throw new InvalidOperationException($"Two functions are named '{duplicate.Key}'.");
    }
}
