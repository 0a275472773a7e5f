using System.Buffers.Binary;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Isms.Infra.Tests;

/// <summary>The files around the templates: azd parameters and project, Teams app, workflows, scripts.</summary>
[Collection(CompiledTemplatesGroup.Name)]
public sealed partial class DeliveryFileTests(CompiledTemplates templates)
{
    [Fact]
    public void Parameters_file_names_only_real_parameters_and_every_required_one()
    {
        using var file = JsonDocument.Parse(ReadRepoFile("infra/main.parameters.json"));
        var given = file.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var declared = templates.Main.GetProperty("parameters").EnumerateObject().ToList();

        Assert.All(given, name => Assert.Contains(declared, p => p.Name == name));
        var required = declared.Where(p => !p.Value.TryGetProperty("defaultValue", out _)).Select(p => p.Name);
        Assert.All(required, name => Assert.Contains(name, given));
        Assert.Equal("${AZURE_ENV_NAME}", file.RootElement.Path("parameters", "environmentName", "value").GetString());
    }

    [Fact]
    public void Resources_carry_the_azd_tags()
    {
        var group = templates.Single("Microsoft.Resources/resourceGroups");
        Assert.Contains("azd-env-name", templates.Main.Path("variables", "tags").GetRawText(), StringComparison.Ordinal);
        Assert.Equal("[variables('tags')]", group.Element.GetProperty("tags").GetString());

        var appTags = templates.Main.Path("resources", "functionApp", "properties", "parameters", "appTags", "value").GetString();
        Assert.Contains("'azd-service-name', 'api'", appTags, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AZURE_FUNCTION_APP_NAME")]
    [InlineData("AZURE_FUNCTION_URI")]
    [InlineData("AZURE_STORAGE_ACCOUNT_NAME")]
    [InlineData("AZURE_KEY_VAULT_NAME")]
    [InlineData("AZURE_RESOURCE_GROUP")]
    [InlineData("AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID")]
    [InlineData("AZURE_USER_ASSIGNED_IDENTITY_PRINCIPAL_ID")]
    [InlineData("GRAPH_SENDER_MAILBOX")]
    public void Main_outputs_what_azd_and_the_scripts_need(string output)
    {
        Assert.True(templates.Main.GetProperty("outputs").TryGetProperty(output, out _), $"main.bicep has no output {output}");
    }

    [Fact]
    public void Azure_yaml_deploys_the_functions_project_as_the_api_service()
    {
        var yaml = ReadRepoFile("azure.yaml");
        Assert.Matches(@"(?m)^services:\s*\n\s+api:\s*\n\s+project: \./functions/Isms\.Functions\s*\n\s+language: dotnet\s*\n\s+host: function\s*$", yaml);
        Assert.Matches(@"(?m)^\s+path: infra\s*$", yaml);
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "functions", "Isms.Functions", "Isms.Functions.csproj")));
    }

    [Fact]
    public void Teams_manifest_declares_the_activity_types_and_the_sender_app()
    {
        using var manifest = JsonDocument.Parse(ReadRepoFile("infra/teams-app/manifest.json"));
        var root = manifest.RootElement;
        Assert.True(Version.Parse(root.GetProperty("manifestVersion").GetString()!) >= new Version(1, 17));

        var types = root.Path("activities", "activityTypes").EnumerateArray().Select(t => t.GetProperty("type").GetString()).ToList();
        Assert.Equal(["correctiveActionDue", "correctiveActionOverdue", "auditUpcoming", "evidenceStale"], types);
        Assert.All(root.Path("activities", "activityTypes").EnumerateArray(), t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("templateText").GetString())));
        Assert.Equal("{{AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID}}", root.Path("webApplicationInfo", "id").GetString());
    }

    [Theory]
    [InlineData("color.png", 192)]
    [InlineData("outline.png", 32)]
    public void Teams_icons_are_pngs_of_the_required_size(string file, int size)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoPaths.Infra, "teams-app", file));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal(size, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(size, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }

    [Fact]
    public void Deploy_workflow_uses_oidc_an_environment_gate_and_no_secrets()
    {
        var workflow = ReadRepoFile(".github/workflows/deploy.yml");
        Assert.Contains("id-token: write", workflow, StringComparison.Ordinal);
        Assert.Contains("name: production", workflow, StringComparison.Ordinal);
        Assert.Contains("azure/login@", workflow, StringComparison.Ordinal);
        Assert.Contains("client-id: ${{ vars.AZURE_CLIENT_ID }}", workflow, StringComparison.Ordinal);
        Assert.Contains("azd provision", workflow, StringComparison.Ordinal);
        Assert.Contains("azd deploy", workflow, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+branches: \[main\]", workflow);
        Assert.DoesNotContain("secrets.", workflow, StringComparison.Ordinal);
    }

    [Fact]
    public void Dependabot_watches_nuget_npm_and_actions()
    {
        var config = ReadRepoFile(".github/dependabot.yml");
        var ecosystems = Ecosystem().Matches(config).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["nuget", "npm", "github-actions"], ecosystems);
        Assert.Contains("directory: /functions/Isms.LocalHost/azurite", config, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grant-graph-permissions.sh")]
    [InlineData("scope-mail-send.sh")]
    [InlineData("package-teams-app.sh")]
    [InlineData("lock-worm-policies.sh")]
    public void Scripts_offer_a_dry_run_and_are_executable(string script)
    {
        var path = Path.Combine(RepoPaths.Infra, "scripts", script);
        Assert.Contains("--dry-run", File.ReadAllText(path), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True((File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0, $"{script} is not executable");
        }
    }

    [Fact]
    public void Deployment_guide_defines_the_app_roles_of_the_api()
    {
        var guide = ReadRepoFile("docs/deploy.md");
        foreach (var role in new[] { "Isms.Admin", "Isms.Auditor", "Isms.Contributor", "Isms.Reader" })
        {
            Assert.Contains($"\"value\":\"{role}\"", guide, StringComparison.Ordinal);
        }
    }

    private static string ReadRepoFile(string relative) => File.ReadAllText(Path.Combine(RepoPaths.Root, relative));

    [GeneratedRegex(@"package-ecosystem:\s*([\w-]+)")]
    private static partial Regex Ecosystem();
}
