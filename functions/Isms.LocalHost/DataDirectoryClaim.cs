using System.Diagnostics;
using System.Globalization;

namespace Isms.LocalHost;

/// <summary>
/// Which emulator process uses a data folder, in <c>&lt;folder&gt;.pid</c> beside it. An emulator whose host was just
/// killed goes on saving for a moment; a new one started on the same folder at once would read the data before that
/// save and then write over it, so it waits for the old one to finish first.
/// </summary>
public sealed class DataDirectoryClaim
{
    private readonly string _path;

    private DataDirectoryClaim(string path) => _path = path;

    /// <summary>Waits until no emulator recorded for <paramref name="dataDirectory"/> is running, then claims the folder.</summary>
    public static async Task<DataDirectoryClaim> WaitForPreviousAsync(string dataDirectory, TimeSpan patience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var path = Path.TrimEndingDirectorySeparator(dataDirectory) + ".pid";
        if (Recorded(path) is { } previous)
        {
            using (previous)
            {
                var deadline = DateTime.UtcNow + patience;
                while (!previous.HasExited)
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        throw new AzuriteStartException(
                            $"Another Azurite (process {previous.Id}) still uses {dataDirectory}: is another local host running on it? " +
                            "Stop that one, or give this one a folder of its own with --LocalHost:AzuriteDataDirectory=<folder>.");
                    }

                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return new DataDirectoryClaim(path);
    }

    /// <summary>Records the emulator now using the folder (its process id and start time, so a reused id is not mistaken for it).</summary>
    public void Record(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        File.WriteAllText(_path, string.Create(CultureInfo.InvariantCulture, $"{process.Id} {process.StartTime.ToUniversalTime().Ticks}"));
    }

    /// <summary>The emulator has exited: nobody uses the folder.</summary>
    public void Release()
    {
        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
            // The next start checks whether the recorded process still runs anyway.
        }
    }

    private static Process? Recorded(string path)
    {
        string[] fields;
        try
        {
            fields = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        if (fields.Length != 2
            || !int.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
            || !long.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var startTicks))
        {
            return null;
        }

        Process process;
        try
        {
            process = Process.GetProcessById(id);
        }
        catch (ArgumentException)
        {
            return null;
        }

        try
        {
            // Start times are read back to within a clock tick of the system; a second apart is another process.
            if (!process.HasExited && Math.Abs(process.StartTime.ToUniversalTime().Ticks - startTicks) < TimeSpan.TicksPerSecond)
            {
                return process;
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the two calls.
        }

        process.Dispose();
        return null;
    }
}
