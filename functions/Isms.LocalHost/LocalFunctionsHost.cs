using System.Diagnostics;
using System.Net;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Isms.Functions;
using Isms.Functions.Platform;
using Isms.Functions.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Isms.LocalHost;

/// <summary>
/// Runs the Functions app's own function methods without the Functions host: HTTP triggers on Kestrel, timers on
/// their schedules, queue triggers polled from storage, and the admin endpoint that runs a function now.
/// </summary>
public sealed class LocalFunctionsHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalFunctionsHost(WebApplication app, Uri baseAddress, AzuriteEmulator? azurite, IReadOnlyList<DiscoveredFunction> functions)
    {
        _app = app;
        BaseAddress = baseAddress;
        Azurite = azurite;
        Functions = functions;
        RoutePrefix = HostJson.RoutePrefix(app.Configuration);
    }

    /// <summary>The root the host listens on, e.g. http://127.0.0.1:7071/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The private Azurite started for this host, if storage was not configured.</summary>
    public AzuriteEmulator? Azurite { get; }

    public IReadOnlyList<DiscoveredFunction> Functions { get; }

    /// <summary>The first segment of every HTTP route, from host.json as the Functions host reads it.</summary>
    public string RoutePrefix { get; }

    public IServiceProvider Services => _app.Services;

    public IConfiguration Configuration => _app.Configuration;

    public static async Task<LocalFunctionsHost> StartAsync(LocalHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<DiscoveredFunction> functions;
        try
        {
            functions = FunctionDiscovery.Find([.. options.FunctionAssemblies]);
        }
        catch (InvalidOperationException ex)
        {
            throw new LocalHostStartupException(ex.Message);
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. options.Arguments], ContentRootPath = AppContext.BaseDirectory });
        var defaults = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in HostJson.Settings(AppContext.BaseDirectory))
        {
            defaults[key] = value;
        }

        foreach (var (key, value) in ScheduleDefaults.Settings)
        {
            defaults[key] = value;
        }

        foreach (var (key, value) in LocalHostDefaults.Settings(Path.Combine(LocalPaths.LocalDirectory, "outbox"), Path.Combine(LocalPaths.LocalDirectory, "snapshot-signing-key.p8")))
        {
            defaults[key] = value;
        }

        // Lowest precedence: environment variables, appsettings and the command line all win over these defaults.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = defaults });
        builder.Configuration.AddInMemoryCollection(options.Settings);

        // Before anything starts: a function this host would run differently from the Functions host stops it here.
        FunctionShapeCheck.EnsureRunnable(functions, builder.Configuration);

        AzuriteEmulator? azurite = null;
        if (StorageConnection.IsConfigured(builder.Configuration))
        {
            await StorageProbe.EnsureReachableAsync(StorageConnection.FromConfiguration(builder.Configuration), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var dataDirectory = builder.Configuration["LocalHost:AzuriteDataDirectory"] ?? Path.Combine(LocalPaths.LocalDirectory, "azurite");
            azurite = await AzuriteEmulator.StartAsync(options.PersistAzuriteData ? dataDirectory : null, cancellationToken).ConfigureAwait(false);
            builder.Configuration.AddInMemoryCollection([KeyValuePair.Create<string, string?>(StorageConnection.SettingName, azurite.ConnectionString)]);
        }

        try
        {
            var app = Build(builder, options, functions);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                throw new LocalHostStartupException($"Port {options.Port} on 127.0.0.1 is in use. Stop what holds it, or choose another with --LocalHost:Port=7072.");
            }

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new LocalFunctionsHost(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"), azurite, functions);
        }
        catch
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private static WebApplication Build(WebApplicationBuilder builder, LocalHostOptions options, IReadOnlyList<DiscoveredFunction> functions)
    {
        var configuration = builder.Configuration;
        var port = int.TryParse(configuration["LocalHost:Port"], out var configuredPort) ? configuredPort : options.Port;
        if (port != 0 && string.IsNullOrWhiteSpace(configuration["Isms:PublicBaseUrl"]))
        {
            // Links in mails and reports point at this host, whatever port it was given.
            configuration.AddInMemoryCollection([KeyValuePair.Create<string, string?>("Isms:PublicBaseUrl", $"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}")]);
        }

        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);

            // The Functions host refuses request bodies over 100 MB; so does this one.
            kestrel.Limits.MaxRequestBodySize = 100L * 1024 * 1024;
        });
        builder.Services.AddSingleton<Microsoft.AspNetCore.Connections.IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Azure.Core", LogLevel.Warning);

        // Registered before the app's own services, whose default trusts the header only behind App Service Authentication.
        builder.Services.AddSingleton<IClientPrincipalTrust>(LocalHostPrincipalTrust.FromConfiguration(configuration));
        builder.Services.AddIsms(configuration);
        builder.Services.AddMvcCore();
        builder.Services.AddSingleton<FunctionInvoker>();
        builder.Services.AddSingleton<FunctionRunner>();
        var timers = functions.Where(f => f.Timer is not null).Select(f => (f, TimerSchedule.Resolve(f.Timer!.Schedule, configuration, f.Name))).ToList();
        if (options.RunTimers && timers.Count > 0)
        {
            builder.Services.AddSingleton<IReadOnlyList<(DiscoveredFunction, TimerSchedule)>>(timers);
            builder.Services.AddHostedService<TimerScheduler>();
        }

        var queueFunctions = functions.Where(f => f.Queue is not null).ToList();
        if (queueFunctions.Count > 0)
        {
            builder.Services.AddSingleton(QueueOptions.FromConfiguration(configuration));
            builder.Services.AddHostedService(sp => new QueueListener(
                queueFunctions,
                sp.GetRequiredService<QueueServiceClient>(),
                sp.GetRequiredService<QueueOptions>(),
                sp.GetRequiredService<FunctionRunner>(),
                sp.GetRequiredService<ILogger<QueueListener>>()));
        }

        options.ConfigureServices?.Invoke(builder.Services);
        var app = builder.Build();
        var prefix = HostJson.RoutePrefix(configuration);
        var invoker = app.Services.GetRequiredService<FunctionInvoker>();
        var errorLogger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Isms.LocalHost.Http");
        app.Use(async (context, next) =>
        {
            try
            {
                // Only the person at this machine's keyboard: a page of another site that resolves its own name to
                // 127.0.0.1 (DNS rebinding) sends its own name as Host, and a cross-site change is refused here too,
                // the admin endpoint included, before any function or the admin endpoint runs.
                if (!IsLoopbackName(context.Request.Host.Host))
                {
                    await Results.Problem(statusCode: StatusCodes.Status421MisdirectedRequest, title: "This host answers only 127.0.0.1 and localhost.",
                        detail: $"The local host is for the person at this machine; it answers requests for 127.0.0.1 or localhost, not '{context.Request.Host.Host}'.").ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                if (CrossSite.ChangesState(context.Request) && CrossSite.IsCrossSite(context.Request))
                {
                    await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.",
                        detail: "This change came from a page of another site, and the local host accepts changes only from its own pages or from clients that are not browsers.").ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                await next(context).ConfigureAwait(false);
            }
            catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
            {
                await UnhandledErrors.WriteAsync(context, ex, errorLogger).ConfigureAwait(false);
            }
        });
        foreach (var function in functions.Where(f => f.Http is not null))
        {
            app.MapMethods(HostJson.RoutePath(prefix, function.HttpRoute!), function.HttpMethods, (RequestDelegate)(async context =>
                await invoker.InvokeAsync(function, new Invocation(null, context, context.RequestAborted)).ConfigureAwait(false)))
                .WithName(function.Name);
        }

        app.MapPost("/admin/functions/{name}", (string name, HttpContext context) => RunNowAsync(name, context, functions, prefix));
        return app;
    }

    private static bool IsLoopbackName(string host) =>
        host is "127.0.0.1" or "[::1]" or "::1" || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs a timer or queue function now, like the Functions host's admin API; answers when the run has ended.</summary>
    private static async Task<IResult> RunNowAsync(string name, HttpContext context, IReadOnlyList<DiscoveredFunction> functions, string prefix)
    {
        var function = functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        if (function is null)
        {
            return Results.Problem(statusCode: 404, title: "No such function.", detail: $"There is no function named '{name}'. Functions: {string.Join(", ", functions.Select(f => f.Name))}.");
        }

        if (function.Http is not null)
        {
            return Results.Problem(statusCode: 400, title: "Call HTTP functions on their route.", detail: $"'{function.Name}' is an HTTP function: call {string.Join('/', function.HttpMethods)} {HostJson.RoutePath(prefix, function.HttpRoute!)}.");
        }

        string? input = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                var body = await context.Request.ReadFromJsonAsync<AdminInvocation>(context.RequestAborted).ConfigureAwait(false);
                input = body?.Input;
            }
            catch (System.Text.Json.JsonException ex)
            {
                return Results.Problem(statusCode: 400, title: "The body is not valid JSON.", detail: $"Send {{}} or {{\"input\": \"...\"}}: {ex.Message}");
            }
        }

        var runner = context.RequestServices.GetRequiredService<FunctionRunner>();
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (function.Timer is not null)
            {
                var now = DateTime.UtcNow;
                await runner.RunTimerAsync(function, now, now, context.RequestAborted, rethrow: true).ConfigureAwait(false);
            }
            else
            {
                var message = QueuesModelFactory.QueueMessage(Guid.NewGuid().ToString(), "admin", new BinaryData(input ?? string.Empty), 1);
                await runner.RunAsync(function, FunctionRunner.QueueTriggerValue(function, message), rethrow: true, context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            return Results.Problem(statusCode: 500, title: $"'{function.Name}' failed.", detail: ex.Message);
        }

        return Results.Json(new { name = function.Name, status = "Succeeded", durationMs = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds }, statusCode: 202);
    }

    private sealed record AdminInvocation(string? Input);

    /// <summary>What a person needs to start using the host, printed once it listens.</summary>
    public string Describe()
    {
        var root = new Uri(BaseAddress, RoutePrefix.Length == 0 ? string.Empty : RoutePrefix + "/");
        var lines = new List<string>
        {
            "ISMS local host is running.",
            $"  Pages:      {root}  (your work: {root}my)",
            $"  API:        {root}api/  (health: {root}api/health, OpenAPI: {root}api/openapi.json)",
            $"  Run now:    POST {BaseAddress}admin/functions/{{name}}",
            $"  Storage:    {(Azurite is null ? "as configured in AzureWebJobsStorage" : $"private Azurite at http://127.0.0.1:{Azurite.BlobPort} (blobs), data in {Azurite.DataDirectory ?? "memory"}, log in {Azurite.LogPath}")}",
            $"  Outbox:     {Path.GetFullPath(Configuration["Notifications:OutboxDirectory"] ?? ".local/outbox")}",
            $"  Signing:    snapshots are signed with the key in {Path.GetFullPath(Configuration["Signing:LocalKeyFile"] ?? ".local/snapshot-signing-key.p8")} (created on first use, readable by you only)",
            "  Functions:",
        };
        lines.AddRange(Functions.Select(f => f switch
        {
            { Http: not null } => $"    {f.Name,-28} {string.Join(',', f.HttpMethods)} {root}{f.HttpRoute}",
            { Timer: not null } => $"    {f.Name,-28} timer {TimerSchedule.Resolve(f.Timer.Schedule, Configuration, f.Name).Expression}",
            { Queue: not null } => $"    {f.Name,-28} queue {f.Queue.QueueName}",
            _ => $"    {f.Name}",
        }));
        lines.Add("Press Ctrl+C to stop.");
        return string.Join(Environment.NewLine, lines);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            if (Azurite is not null)
            {
                await Azurite.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
