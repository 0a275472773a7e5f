using Isms.LocalHost;
using Isms.LocalHost.Demo;

// Runs the Functions app locally, with its own Azurite when no storage is configured. See README.md.
using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

LocalFunctionsHost host;
try
{
    host = await LocalFunctionsHost.StartAsync(new LocalHostOptions { Arguments = [.. args.Where(a => a != "--demo")] }, stopping.Token);
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
