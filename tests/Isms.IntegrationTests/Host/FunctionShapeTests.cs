using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;
using Isms.LocalHost;
using Microsoft.Extensions.Configuration;

namespace Isms.IntegrationTests.Host;

/// <summary>
/// The local host refuses, at start, every function the Functions host would run differently, naming the function and
/// what to change. The wrong shapes live in their own assembly (Isms.RefusedFunctions), served by no shared host.
/// </summary>
public sealed class FunctionShapeTests
{
    private static readonly IReadOnlyList<DiscoveredFunction> Refused = FunctionDiscovery.Find(typeof(RefusedFunctions.RefusedFunctions).Assembly);

    private static readonly IConfiguration RefusedSettings = new ConfigurationBuilder().AddInMemoryCollection(RefusedFunctions.RefusedFunctions.Settings).Build();

    [Theory]
    [InlineData("BlobTriggered", "[BlobTrigger] is not one the local host runs")]
    [InlineData("KeyProtected", "use AuthorizationLevel.Anonymous")]
    [InlineData("EveryMethod", "name the methods it answers")]
    [InlineData("OptionalSegment", "'id' in 'things/{id?}' is optional")]
    [InlineData("OptionalNotRoot", "'page' in '{page:maxlength(1)?}' is optional")]
    [InlineData("RootUnderSegment", "'ignored' in 'home/{ignored:maxlength(0)?}' is optional")]
    [InlineData("CatchAllSegment", "'path' in 'files/{*path}' is a catch-all")]
    [InlineData("RegexConstraint", "has the constraint 'regex'")]
    [InlineData("QueryBound", "cannot bind its parameter 'term'")]
    [InlineData("ReturnsText", "return an IActionResult")]
    [InlineData("LiteralSchedule", "is written in the code: name a setting instead")]
    [InlineData("UnsetSchedule", "'RefusedUnsetSchedule' is not set")]
    [InlineData("IntervalSchedule", "'00:05:00', which is not an NCRONTAB expression")]
    [InlineData("OtherConnection", "through the connection 'OtherStorage'")]
    [InlineData("SettingQueueName", "resolves no %Setting% in it")]
    [InlineData("OutputBinding", "output binding [QueueOutput]")]
    public void A_function_the_Functions_host_would_run_differently_is_refused_with_what_to_change(string function, string reason)
    {
        var refusals = FunctionShapeCheck.Refusals(Refused.Single(f => f.Name == function), RefusedSettings);

        var refusal = Assert.Single(refusals);
        Assert.StartsWith($"Function '{function}' (RefusedFunctions.", refusal, StringComparison.Ordinal);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_function_of_the_app_passes_even_when_hosts_discover_them_at_the_same_time()
    {
        // Reflection may hand out different ParameterInfo instances to hosts discovering at once; binding must not care.
        var assembly = typeof(Isms.Functions.Extensions).Assembly;
        var settings = new ConfigurationBuilder().AddInMemoryCollection(ScheduleDefaults.Settings).Build();

        var refusals = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            FunctionDiscovery.Find(assembly).SelectMany(f => FunctionShapeCheck.Refusals(f, settings)).ToList())));

        Assert.All(refusals, Assert.Empty);
    }

    [Fact]
    public async Task The_host_refuses_to_start_before_it_touches_storage_and_names_every_refused_function()
    {
        // Storage that answers nobody: had the host looked at it before the functions, the error would be about storage.
        var refused = await Assert.ThrowsAsync<LocalHostStartupException>(() => TestHost.StartAsync(new UnreachableStorage().ConnectionString, options =>
        {
            options.FunctionAssemblies.Add(typeof(RefusedFunctions.RefusedFunctions).Assembly);
            foreach (var (name, value) in RefusedFunctions.RefusedFunctions.Settings)
            {
                options.Settings[name] = value;
            }
        }));

        Assert.DoesNotContain("is not reachable", refused.Message, StringComparison.Ordinal);
        Assert.StartsWith("The local host runs a function only as the Functions host in Azure would", refused.Message, StringComparison.Ordinal);
        Assert.All(Refused, f => Assert.Contains($"Function '{f.Name}'", refused.Message, StringComparison.Ordinal));
        Assert.DoesNotContain("Function 'Health'", refused.Message, StringComparison.Ordinal);
    }
}
