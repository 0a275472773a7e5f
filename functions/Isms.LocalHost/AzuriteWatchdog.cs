using System.Diagnostics;
using System.Text;

namespace Isms.LocalHost;

/// <summary>
/// How Azurite's node process is started and stopped. On Unix a small shell stands between this process and node:
/// it sends node's output to the log file, keeps the terminal's Ctrl+C from node (this host decides when Azurite
/// stops), and stops node gracefully once the pipe this process holds to its standard input closes: because this
/// process closes it to ask for a stop, or because the kernel closed it when this process died, even by SIGKILL.
/// So a killed host neither leaves an emulator holding its ports nor loses what the emulator had not yet saved.
/// </summary>
public static class AzuriteWatchdog
{
    /// <summary>How long node may take to save and exit once asked to stop, before it is killed.</summary>
    public const int SaveSeconds = 20;

    // $1 is the log file, the rest node's arguments. setsid (where there is one) gives node a session of its own,
    // out of reach of the terminal's signals; node saves on SIGTERM and is killed only after SaveSeconds. The reader
    // in the background turns the end of standard input into a SIGTERM to this shell; it goes when the shell does.
    private static readonly string Script =
        """
        log=$1; shift
        exec 3<&0 >"$log" 2>&1 </dev/null
        trap '' INT
        if command -v setsid >/dev/null 2>&1; then setsid node "$@" 3<&- & else node "$@" 3<&- & fi
        child=$!
        watchdog=$$
        (cat <&3 >/dev/null; kill -TERM "$watchdog" 2>/dev/null) &
        reader=$!
        exec 3<&-
        stop() {
          kill -TERM "$child" 2>/dev/null
          tenths=0
          while kill -0 "$child" 2>/dev/null && [ "$tenths" -lt SAVE_TENTHS ]; do sleep 0.1; tenths=$((tenths + 1)); done
          kill -KILL "$child" 2>/dev/null
          kill "$reader" 2>/dev/null
          exit 0
        }
        trap stop TERM HUP
        wait "$child"
        kill "$reader" 2>/dev/null
        """.Replace("SAVE_TENTHS", $"{SaveSeconds * 10}", StringComparison.Ordinal);

    public static Process Start(IReadOnlyList<string> nodeArguments, string logPath)
    {
        ArgumentNullException.ThrowIfNull(nodeArguments);
        var start = new ProcessStartInfo { UseShellExecute = false };
        if (OperatingSystem.IsWindows())
        {
            // No signals and no watchdog here: output is copied to the log by this process, and a stop is a kill.
            start.FileName = "node";
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            foreach (var argument in nodeArguments)
            {
                start.ArgumentList.Add(argument);
            }

            var windowsProcess = Process.Start(start) ?? throw new AzuriteStartException("Azurite could not be started: is Node.js installed and on PATH?");
            var log = TextWriter.Synchronized(new StreamWriter(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete), Encoding.UTF8) { AutoFlush = true });
            windowsProcess.OutputDataReceived += (_, e) => WriteLine(log, e.Data);
            windowsProcess.ErrorDataReceived += (_, e) => WriteLine(log, e.Data);
            windowsProcess.Exited += (_, _) => log.Dispose();
            windowsProcess.EnableRaisingEvents = true;
            windowsProcess.BeginOutputReadLine();
            windowsProcess.BeginErrorReadLine();
            return windowsProcess;
        }

        start.FileName = "/bin/sh";
        start.RedirectStandardInput = true;
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add("azurite");
        start.ArgumentList.Add(logPath);
        foreach (var argument in nodeArguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new AzuriteStartException("Azurite could not be started: is /bin/sh there?");
    }

    /// <summary>Asks the watchdog to stop node gracefully, by closing its standard input; false on Windows, where there is none.</summary>
    public static bool TryRequestStop(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        process.StandardInput.Close();
        return true;
    }

    /// <summary>The last 16 KB of the log, which is where a failure to start is told.</summary>
    public static string Tail(string logPath)
    {
        try
        {
            using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Max(0, stream.Length - 16_384), SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return string.Empty;
        }
    }

    public static void DeleteLog(string logPath)
    {
        try
        {
            File.Delete(logPath);
        }
        catch (IOException)
        {
            // A temporary file the system cleans up in the end.
        }
    }

    private static void WriteLine(TextWriter log, string? line)
    {
        if (line is not null)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output after the exit is of no use to anyone.
            }
        }
    }
}
