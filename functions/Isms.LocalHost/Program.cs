using Isms.LocalHost;
using Isms.LocalHost.Demo;
using Isms.LocalHost.Tenant;
using Microsoft.Extensions.DependencyInjection;

// Runs the Functions app locally, with its own Azurite when no storage is configured. See README.md.
using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

LocalFunctionsHost host;
var options = new LocalHostOptions { Arguments = [.. args.Where(a => a != "--demo")] };
// The demo collects evidence from a stand-in for its Microsoft 365 tenant, so the first run shows collected evidence.
await using var demoTenant = args.Contains("--demo") ? await TenantGraphServer.StartAsync(TenantSeed.Demo(DateTimeOffset.UtcNow), 100) : null;
if (demoTenant is not null)
{
    options.Settings["Graph:BaseUrl"] = demoTenant.BaseUrl.ToString();
    options.Settings["Collectors:Enabled"] = "true";
    options.ConfigureServices = services => services.AddSingleton<Azure.Core.TokenCredential, TenantGraphCredential>();
}

try
{
    host = await LocalFunctionsHost.StartAsync(options, stopping.Token);
}
catch (Exception ex) when (ex is LocalHostStartupException or AzuriteStartException or Microsoft.Extensions.Options.OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    return 130;
}

await using (host)
{
    Console.WriteLine(host.Describe());
    if (args.Contains("--demo"))
    {
        Console.WriteLine(await DemoRun.RunAsync(host, stopping.Token));
    }
    try
    {
        await host.WaitForShutdownAsync(stopping.Token);
    }
    catch (OperationCanceledException)
    {
        // Ctrl+C: the host and its Azurite are stopped by DisposeAsync.
    }
}

return 0;
