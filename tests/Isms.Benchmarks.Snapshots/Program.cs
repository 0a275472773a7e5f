using System.Diagnostics;
using System.Globalization;
using Isms.Benchmarks.Snapshots;

// Snapshot benchmark: seal a snapshot of N evidence records and M corrective actions, against a bare scan of the
// same Table entities on the same Azurite in the same run, in a separate worker process whose peak working set is
// measured (VmHWM):
//   dotnet run -c Release --project tests/Isms.Benchmarks.Snapshots -- [evidence=100000] [actions=10000] [runs=3]
if (args.Length > 0 && args[0] == "measure")
{
    await Worker.RunAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
    return;
}

var evidence = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var actions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;

await using var azurite = await Isms.LocalHost.AzuriteEmulator.StartAsync(dataDirectory: null);
var seeding = Stopwatch.StartNew();
await Seeder.SeedAsync(azurite.ConnectionString, evidence, actions);
Console.WriteLine($"Seeded {evidence:N0} evidence records and {actions:N0} corrective actions in {seeding.Elapsed.TotalSeconds:F1} s.");

// The measurement runs in its own process so that its peak working set is the worker's alone, not the seeder's.
var self = Environment.ProcessPath!;
var start = new ProcessStartInfo(self) { UseShellExecute = false };
if (Path.GetFileNameWithoutExtension(self) == "dotnet")
{
    start.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
}

foreach (var argument in new[] { "measure", azurite.ConnectionString, runs.ToString(CultureInfo.InvariantCulture) })
{
    start.ArgumentList.Add(argument);
}

using var worker = Process.Start(start)!;
await worker.WaitForExitAsync();
Environment.ExitCode = worker.ExitCode;
