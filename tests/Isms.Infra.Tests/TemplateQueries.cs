using System.Text.Json;
using System.Text.RegularExpressions;

namespace Isms.Infra.Tests;

/// <summary>Questions the tests ask of the compiled templates.</summary>
internal static partial class TemplateQueries
{
    /// <summary>The function app's settings: the keys of its appsettings config resource, with their raw values.</summary>
    public static IReadOnlyDictionary<string, string> AppSettings(this CompiledTemplates templates)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var resource in templates.AllResources.Where(r => r.IsType("Microsoft.Web/sites/config") && r.Name.Contains("'appsettings'", StringComparison.Ordinal)))
        {
            Assert.Equal(JsonValueKind.Object, resource.Properties.ValueKind);
            foreach (var setting in resource.Properties.EnumerateObject())
            {
                settings[setting.Name] = setting.Value.ToString();
            }
        }

        // Settings may also be given inline on the site.
        foreach (var site in templates.AllResources.Where(r => r.IsType("Microsoft.Web/sites")))
        {
            if (site.Properties.ValueKind == JsonValueKind.Object
                && site.Properties.TryGetProperty("siteConfig", out var siteConfig)
                && siteConfig.TryGetProperty("appSettings", out var inline)
                && inline.ValueKind == JsonValueKind.Array)
            {
                foreach (var pair in inline.EnumerateArray())
                {
                    settings[pair.GetProperty("name").GetString()!] = pair.GetProperty("value").ToString();
                }
            }
        }

        return settings;
    }

    public static IEnumerable<ArmResource> Deployed(this CompiledTemplates templates, string type) =>
        templates.AllResources.Where(r => r.IsType(type) && !r.IsExisting);

    public static ArmResource Single(this CompiledTemplates templates, string type) =>
        Assert.Single(templates.Deployed(type));

    /// <summary>Follows property names through nested objects; fails the test when one is missing.</summary>
    public static JsonElement Path(this JsonElement element, params string[] names)
    {
        var current = element;
        foreach (var name in names)
        {
            Assert.True(
                current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out current),
                $"Missing property '{name}' in {string.Join('.', names)}");
        }

        return current;
    }

    /// <summary>
    /// Replaces variables('x').y in an ARM expression with the literal value from the declaring template,
    /// so a role id kept in a variable can be compared with the expected one.
    /// </summary>
    public static string ResolveVariables(string expression, JsonElement template) =>
        VariableMember().Replace(expression, match =>
        {
            if (template.TryGetProperty("variables", out var variables)
                && variables.TryGetProperty(match.Groups["variable"].Value, out var variable)
                && variable.ValueKind == JsonValueKind.Object
                && variable.TryGetProperty(match.Groups["member"].Value, out var value)
                && value.ValueKind == JsonValueKind.String)
            {
                return "'" + value.GetString() + "'";
            }

            return match.Value;
        });

    /// <summary>The value of a variable when the element is exactly "[variables('x')]", else the element itself.</summary>
    public static JsonElement ResolveVariableValue(JsonElement element, JsonElement template)
    {
        if (element.ValueKind == JsonValueKind.String
            && WholeVariable().Match(element.GetString()!) is { Success: true } match
            && template.TryGetProperty("variables", out var variables)
            && variables.TryGetProperty(match.Groups["variable"].Value, out var value))
        {
            return value;
        }

        return element;
    }

    [GeneratedRegex(@"^\[variables\('(?<variable>[^']+)'\)\]$")]
    private static partial Regex WholeVariable();

    [GeneratedRegex(@"variables\('(?<variable>\w+)'\)\.(?<member>\w+)")]
    private static partial Regex VariableMember();
}
