using System.Net;
using System.Text.Json.Nodes;
using Isms.Functions.Storage;
using Isms.IntegrationTests.Infrastructure;
using Isms.LocalHost;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Isms.IntegrationTests.Host;

/// <summary>
/// The Functions host in Azure runs what the Worker SDK wrote into <c>functions.metadata</c> at build, under the route
/// prefix of host.json; the local host runs what it discovers. Any difference between the two is a function that
/// behaves one way in the tests and another in Azure.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class FunctionsMetadataTests(LocalHostFixture fixture)
{
    [Fact]
    public void The_local_host_runs_every_function_as_the_generated_functions_metadata_describes_it()
    {
        var azure = RealHostView.Read(AppContext.BaseDirectory);

        var differences = Differences(azure, LocalView(fixture.Host));

        Assert.True(differences.Count == 0, "The local host and the Functions host differ:\n" + string.Join('\n', differences));
        Assert.Contains(azure, f => f.Trigger == "httpTrigger");
        Assert.Contains(azure, f => f.Trigger == "timerTrigger");
        Assert.Contains(azure, f => f.Trigger == "queueTrigger");
    }

    [Fact]
    public async Task The_local_host_takes_its_route_prefix_from_configuration_so_a_prefix_apart_from_host_json_shows()
    {
        var azure = RealHostView.Read(AppContext.BaseDirectory);
        var prefix = $"p{Guid.NewGuid():N}"[..8];
        await using var host = await TestHost.StartAsync(fixture.StorageConnectionString, o => o.Settings[HostJson.RoutePrefixSetting] = prefix);
        using var client = host.Client();

        var differences = Differences(azure, LocalView(host));

        Assert.All(azure.Where(f => f.Trigger == "httpTrigger"), f => Assert.Contains(differences, d => d.StartsWith($"Function '{f.Name}': Route", StringComparison.Ordinal)));
        using var health = await client.GetAsync(new Uri($"{prefix}/api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    /// <summary>Every function either side runs, and every way in which the two run one differently.</summary>
    private static List<string> Differences(IReadOnlyList<FunctionView> azure, IReadOnlyList<FunctionView> local)
    {
        var differences = new List<string>();
        foreach (var expected in azure)
        {
            var actual = local.FirstOrDefault(f => f.Name == expected.Name);
            if (actual is null)
            {
                differences.Add($"Function '{expected.Name}' is in functions.metadata, so Azure runs it, but the local host does not.");
                continue;
            }

            differences.AddRange(expected.Fields.Zip(actual.Fields)
                .Where(pair => pair.First.Value != pair.Second.Value)
                .Select(pair => $"Function '{expected.Name}': {pair.First.Field} is '{pair.First.Value}' in Azure but '{pair.Second.Value}' on the local host."));
        }

        differences.AddRange(local.Where(f => azure.All(a => a.Name != f.Name))
            .Select(f => $"Function '{f.Name}' runs on the local host but is not in functions.metadata, so Azure does not run it."));
        return differences;
    }

    /// <summary>The app's functions as the local host runs them: HTTP ones as the routes it actually serves.</summary>
    private static List<FunctionView> LocalView(LocalFunctionsHost host)
    {
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        return host.Functions
            .Where(f => f.Method.DeclaringType!.Assembly == typeof(Isms.Functions.Extensions).Assembly)
            .Select(f =>
            {
                var served = endpoints.SingleOrDefault(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == f.Name);
                return new FunctionView(
                    f.Name,
                    $"{f.Method.DeclaringType!.FullName}.{f.Method.Name}",
                    f switch
                    {
                        { Http: not null } => "httpTrigger",
                        { Timer: not null } => "timerTrigger",
                        { Queue: not null } => "queueTrigger",
                        _ => f.Trigger.GetType().Name,
                    },
                    served?.RoutePattern.RawText,
                    served?.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods ? Methods(methods.HttpMethods) : null,
                    f.Http?.AuthLevel.ToString(),
                    f.Timer?.Schedule,
                    f.Timer?.RunOnStartup,
                    f.Queue?.QueueName,
                    f.Queue is null ? null : FunctionShapeCheck.QueueConnection);
            })
            .ToList();
    }

    private static string Methods(IEnumerable<string> methods) =>
        string.Join(',', methods.Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal));

    /// <summary>One function as a host runs it; <see cref="Fields"/> lists what the two hosts must agree on.</summary>
    private sealed record FunctionView(
        string Name, string EntryPoint, string Trigger, string? Route, string? Methods, string? AuthLevel, string? Schedule, bool? RunOnStartup, string? Queue, string? Connection)
    {
        public IEnumerable<(string Field, string? Value)> Fields =>
        [
            (nameof(EntryPoint), EntryPoint), (nameof(Trigger), Trigger), (nameof(Route), Route), (nameof(Methods), Methods),
            (nameof(AuthLevel), AuthLevel), (nameof(Schedule), Schedule), (nameof(RunOnStartup), RunOnStartup?.ToString()),
            (nameof(Queue), Queue), (nameof(Connection), Connection),
        ];
    }

    /// <summary>What the Functions host reads: the generated functions.metadata and the route prefix of host.json beside it.</summary>
    private static class RealHostView
    {
        public static List<FunctionView> Read(string directory)
        {
            var metadataPath = Path.Combine(directory, "functions.metadata");
            Assert.True(File.Exists(metadataPath), $"The Worker SDK writes {metadataPath} at build; it is missing.");
            var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "host.json")))!;
            var prefix = (string?)hostJson["extensions"]?["http"]?["routePrefix"];
            Assert.True(prefix is not null, "host.json names no extensions.http.routePrefix; the routes below are compared under it.");
            return JsonNode.Parse(File.ReadAllText(metadataPath))!.AsArray().Select(f => View(f!, prefix.Trim('/'))).ToList();
        }

        private static FunctionView View(JsonNode function, string prefix)
        {
            var name = (string)function["name"]!;
            var trigger = function["bindings"]!.AsArray().Single(b => ((string)b!["type"]!).EndsWith("Trigger", StringComparison.Ordinal))!;
            var type = (string)trigger["type"]!;
            var isHttp = type == "httpTrigger";
            var isTimer = type == "timerTrigger";
            var isQueue = type == "queueTrigger";

            // The Functions host serves an HTTP function under the prefix, on its route or else its name, for the methods named or all.
            var route = ((string?)trigger["route"] ?? name).Trim('/');
            var methods = trigger["methods"]?.AsArray().Select(m => (string)m!).ToList();
            return new FunctionView(
                name,
                (string)function["entryPoint"]!,
                type,
                isHttp ? "/" + string.Join('/', new[] { prefix, route }.Where(s => s.Length > 0)) : null,
                isHttp ? methods is { Count: > 0 } ? FunctionsMetadataTests.Methods(methods) : "(every method)" : null,
                isHttp ? (string?)trigger["authLevel"] : null,
                isTimer ? (string?)trigger["schedule"] : null,
                isTimer ? (bool?)trigger["runOnStartup"] ?? false : null,
                isQueue ? (string?)trigger["queueName"] : null,

                // Without a connection the Functions host reads the queue in AzureWebJobsStorage.
                isQueue ? (string?)trigger["connection"] ?? StorageConnection.SettingName : null);
        }
    }
}
