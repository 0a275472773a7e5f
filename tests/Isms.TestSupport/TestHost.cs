using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;

namespace Isms.TestSupport;

/// <summary>
/// Starts the local host in this process on a free port, against a given storage account, with the functions of
/// every loaded assembly marked <see cref="TestFunctionsAttribute"/> and the <see cref="Probe"/> they record to.
/// </summary>
public static class TestHost
{
    public static async Task<LocalFunctionsHost> StartAsync(
        string? storageConnectionString,
        Action<LocalHostOptions>? configure = null,
        Action<IServiceCollection>? services = null)
    {
        var options = new LocalHostOptions
        {
            Port = 0,
            RunTimers = false,
            PersistAzuriteData = false,
            ConfigureServices = s =>
            {
                // The test-only functions record what they see; a later registration wins.
                s.AddSingleton(new Probe());
                services?.Invoke(s);
            },
        };
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Where(a => a.IsDefined(typeof(TestFunctionsAttribute), inherit: false)))
        {
            options.FunctionAssemblies.Add(assembly);
        }

        if (storageConnectionString is not null)
        {
            options.Settings["AzureWebJobsStorage"] = storageConnectionString;
        }

        // The schedule of a test assembly's timer function: once a year, so it runs only when a test asks.
        options.Settings["TestTimerSchedule"] = "0 0 0 1 1 *";
        options.Settings["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00.100";
        options.Settings["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.250";
        options.Settings["Notifications:OutboxDirectory"] = Path.Combine(Path.GetTempPath(), "isms-tests", Guid.NewGuid().ToString("N"), "outbox");
        configure?.Invoke(options);
        return await LocalFunctionsHost.StartAsync(options);
    }

    public static HttpClient Client(this LocalFunctionsHost host) => new() { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
}
