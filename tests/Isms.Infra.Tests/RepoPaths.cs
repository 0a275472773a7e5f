using System.Reflection;

namespace Isms.Infra.Tests;

/// <summary>Where the repository and the Bicep CLI are, as recorded at build time.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra");

    private static string FindRoot()
    {
        var recorded = Metadata("RepoRoot");
        if (recorded is not null && File.Exists(Path.Combine(recorded, "Isms.Functions.sln")))
        {
            return recorded;
        }

        // The build output may have been moved; walk up from it instead.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Isms.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Isms.Functions.sln) above " + AppContext.BaseDirectory);
    }

    public static string? Metadata(string key) =>
        typeof(RepoPaths).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value;
}
