using System.Diagnostics;

namespace Isms.Infra.Tests;

/// <summary>
/// Runs one of infra/scripts for real with stand-ins (az, azd) first on the PATH: a temporary folder holding them and
/// the log they write each call to (<c>$CALLS</c>).
/// </summary>
public sealed class StubbedScript : IDisposable
{
    private readonly string _bin = Directory.CreateTempSubdirectory("isms-script-").FullName;

    /// <summary>The calls the stand-ins recorded, one a line.</summary>
    public string Log => Path.Combine(_bin, "calls.log");

    /// <summary>Puts a stand-in (a bash script) named <paramref name="name"/> on the PATH.</summary>
    public void Write(string name, string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var path = Path.Combine(_bin, name);
        File.WriteAllText(path, script.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Runs <c>infra/scripts/{script}</c> with the environment given (and <c>ASSUME_YES=1</c>); its exit code and all it printed.</summary>
    public (int ExitCode, string Output) Run(string script, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Infra, "scripts", script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = _bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["CALLS"] = Log;
        start.Environment["ASSUME_YES"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), $"{script} did not finish");
        return (process.ExitCode, output.Result + error.Result);
    }

    public void Dispose() => Directory.Delete(_bin, recursive: true);
}
