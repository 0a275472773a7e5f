using System.Diagnostics;
using System.Reflection;

namespace Isms.LocalHost;

/// <summary>Where the local host keeps its files: everything under <c>.local/</c> at the root of the clone.</summary>
public static class LocalPaths
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    /// <summary>The clone this local host was built from (recorded at build time).</summary>
    public static string RepositoryRoot { get; } = Path.GetFullPath(Metadata("RepositoryRoot") ?? Directory.GetCurrentDirectory());

    public static string LocalDirectory => Path.Combine(RepositoryRoot, ".local");

    /// <summary>The folder holding the pinned Azurite package.json.</summary>
    public static string AzuritePackageDirectory { get; } = Path.GetFullPath(Metadata("AzuritePackageDirectory") ?? Path.Combine(AppContext.BaseDirectory, "azurite"));

    public static string AzuriteEntryPoint => Path.Combine(AzuritePackageDirectory, "node_modules", "azurite", "dist", "src", "azurite.js");

    /// <summary>
    /// The build installs Azurite (see the project file); this covers a build made where npm was missing and
    /// installs it now, once, with a file lock so that parallel test runs do not install it twice.
    /// </summary>
    public static async Task<string> EnsureAzuriteInstalledAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(AzuriteEntryPoint))
        {
            return AzuriteEntryPoint;
        }

        await InstallGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(LocalDirectory);
            await using var fileLock = await AcquireFileLockAsync(Path.Combine(LocalDirectory, "azurite-install.lock"), cancellationToken).ConfigureAwait(false);
            if (File.Exists(AzuriteEntryPoint))
            {
                return AzuriteEntryPoint;
            }

            await Console.Error.WriteLineAsync("Installing the pinned Azurite storage emulator with npm (first run only)...").ConfigureAwait(false);
            var npm = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
            {
                WorkingDirectory = AzuritePackageDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
            {
                npm.ArgumentList.Add(argument);
            }

            using var process = Process.Start(npm) ?? throw new AzuriteStartException("npm could not be started: install Node.js 20 or later.");
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0 || !File.Exists(AzuriteEntryPoint))
            {
                throw new AzuriteStartException($"Installing Azurite with npm failed ({process.ExitCode}): {(await stderr.ConfigureAwait(false)).Trim()}");
            }

            return AzuriteEntryPoint;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string? Metadata(string key) =>
        typeof(LocalPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
}
