using System.Text.Json;

namespace Isms.Infra.Tests;

/// <summary>
/// Compiles every .bicep file under infra/ once per test run (one CLI process for the build, one for the
/// lint) into a temporary folder, and hands the tests the ARM JSON.
/// </summary>
public sealed class CompiledTemplates : IDisposable
{
    private readonly string _outputDirectory;
    private readonly Dictionary<string, JsonDocument> _templates = new(StringComparer.Ordinal);

    public CompiledTemplates()
    {
        _outputDirectory = Directory.CreateTempSubdirectory("isms-bicep-").FullName;
        SourceFiles = Directory.EnumerateFiles(RepoPaths.Infra, "*.bicep", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepoPaths.Infra, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        Build = BicepCli.Run(RepoPaths.Infra, "build", "--pattern", "**/*.bicep", "--outdir", _outputDirectory);
        Lint = BicepCli.Run(RepoPaths.Infra, "lint", "--pattern", "**/*.bicep");
        UnformattedFiles = FindUnformattedFiles();

        foreach (var source in SourceFiles)
        {
            var compiled = Path.Combine(_outputDirectory, Path.ChangeExtension(source, ".json"));
            if (File.Exists(compiled))
            {
                _templates[source] = JsonDocument.Parse(File.ReadAllText(compiled));
            }
        }
    }

    /// <summary>Paths of the .bicep files, relative to infra/, with forward slashes.</summary>
    public IReadOnlyList<string> SourceFiles { get; }

    public BicepRun Build { get; }

    public BicepRun Lint { get; }

    /// <summary>Files that `bicep format` would change.</summary>
    public IReadOnlyList<string> UnformattedFiles { get; }

    public IReadOnlyCollection<string> CompiledFiles => _templates.Keys;

    /// <summary>The compiled main.bicep, with every module inlined as a nested deployment.</summary>
    public JsonElement Main => Template("main.bicep");

    public JsonElement Template(string source) =>
        _templates.TryGetValue(source, out var document)
            ? document.RootElement
            : throw new InvalidOperationException($"{source} did not compile. Build output:\n{Build.StandardError}");

    /// <summary>Every resource of main.bicep and of the templates it nests, however deep.</summary>
    public IReadOnlyList<ArmResource> AllResources => ArmResource.Walk(Main).ToList();

    private List<string> FindUnformattedFiles()
    {
        // `bicep format` rewrites in place (it cannot combine --pattern with --outdir), so format a copy.
        var copy = Path.Combine(_outputDirectory, "format");
        foreach (var source in SourceFiles.Append("bicepconfig.json"))
        {
            var target = Path.Combine(copy, source);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(RepoPaths.Infra, source), target);
        }

        var run = BicepCli.Run(copy, "format", "--pattern", "**/*.bicep");
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException("bicep format failed: " + run.StandardError);
        }

        return SourceFiles
            .Where(source => File.ReadAllText(Path.Combine(copy, source)) != File.ReadAllText(Path.Combine(RepoPaths.Infra, source)))
            .ToList();
    }

    public void Dispose()
    {
        foreach (var document in _templates.Values)
        {
            document.Dispose();
        }

        try
        {
            Directory.Delete(_outputDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class CompiledTemplatesGroup : ICollectionFixture<CompiledTemplates>
{
    public const string Name = "Compiled Bicep templates";
}
