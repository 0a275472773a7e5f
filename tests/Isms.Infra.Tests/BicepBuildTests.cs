using System.Text.Json;

namespace Isms.Infra.Tests;

[Collection(CompiledTemplatesGroup.Name)]
public sealed class BicepBuildTests(CompiledTemplates templates)
{
    [Fact]
    public void Main_template_and_its_modules_are_all_there()
    {
        Assert.Contains("main.bicep", templates.SourceFiles);
        Assert.Contains("app/storage.bicep", templates.SourceFiles);
        Assert.Contains("app/function-app.bicep", templates.SourceFiles);
        Assert.Contains("app/role-assignments.bicep", templates.SourceFiles);
    }

    [Fact]
    public void Every_template_compiles_with_the_real_cli()
    {
        Assert.True(templates.Build.ExitCode == 0, "bicep build failed:\n" + templates.Build.StandardError);
        Assert.Equal(templates.SourceFiles, templates.CompiledFiles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Build_reports_no_warning_or_error()
    {
        Assert.Empty(templates.Build.Diagnostics);
        Assert.DoesNotContain("Warning", templates.Build.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Error", templates.Build.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_reports_no_warning_or_error()
    {
        Assert.True(templates.Lint.ExitCode == 0, "bicep lint failed:\n" + templates.Lint.StandardError + templates.Lint.StandardOutput);
        Assert.Empty(templates.Lint.Diagnostics);
        Assert.DoesNotContain("Warning", templates.Lint.StandardError + templates.Lint.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_are_formatted_as_bicep_format_writes_them()
    {
        Assert.True(templates.UnformattedFiles.Count == 0, "Run `bicep format` on: " + string.Join(", ", templates.UnformattedFiles));
    }

    [Fact]
    public void Linter_with_the_repository_configuration_does_catch_a_mistake()
    {
        // Guards against a lint step that passes because it checks nothing.
        var scratch = Directory.CreateTempSubdirectory("isms-lint-").FullName;
        try
        {
            File.Copy(System.IO.Path.Combine(RepoPaths.Infra, "bicepconfig.json"), System.IO.Path.Combine(scratch, "bicepconfig.json"));
            File.WriteAllText(System.IO.Path.Combine(scratch, "bad.bicep"), "@description('Never used.')\nparam unused string\n");

            var run = BicepCli.Run(scratch, "lint", "bad.bicep");

            Assert.Contains(run.Diagnostics, d => d.Contains("no-unused-params", StringComparison.Ordinal));
            Assert.NotEqual(0, run.ExitCode);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void Linter_rules_are_raised_to_warning_or_error()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(RepoPaths.Infra, "bicepconfig.json")));
        var core = config.RootElement.Path("analyzers", "core");
        Assert.True(core.GetProperty("enabled").GetBoolean());

        var rules = core.GetProperty("rules").EnumerateObject().ToList();
        Assert.True(rules.Count >= 30, "bicepconfig.json should configure the linter rules explicitly");
        foreach (var rule in rules)
        {
            var level = rule.Value.GetProperty("level").GetString();
            // Only the rule that needs a registry to check module versions may be off: the build runs offline.
            if (rule.Name == "use-recent-module-versions")
            {
                Assert.Equal("off", level);
                continue;
            }

            Assert.True(level is "warning" or "error", $"{rule.Name} is '{level}'");
        }
    }

    [Fact]
    public void Every_parameter_and_output_is_described()
    {
        foreach (var source in templates.CompiledFiles)
        {
            var template = templates.Template(source);
            foreach (var section in new[] { "parameters", "outputs" })
            {
                if (!template.TryGetProperty(section, out var members))
                {
                    continue;
                }

                foreach (var member in members.EnumerateObject())
                {
                    var described = member.Value.TryGetProperty("metadata", out var metadata)
                        && metadata.TryGetProperty("description", out var description)
                        && !string.IsNullOrWhiteSpace(description.GetString());
                    Assert.True(described, $"{source}: {section} '{member.Name}' has no @description");
                }
            }
        }
    }

    [Fact]
    public void Modules_use_user_defined_types()
    {
        var types = templates.Template("app/types.bicep");
        Assert.True(types.GetProperty("definitions").EnumerateObject().Count() >= 5);
        Assert.True(templates.Main.TryGetProperty("definitions", out _), "main.bicep should import the shared types");
    }
}
