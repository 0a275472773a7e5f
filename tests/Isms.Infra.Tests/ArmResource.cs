using System.Text.Json;

namespace Isms.Infra.Tests;

/// <summary>A resource in a compiled ARM template, with the template that declares it.</summary>
public sealed record ArmResource(string SymbolicName, JsonElement Element, JsonElement DeclaringTemplate)
{
    public string Type => Element.GetProperty("type").GetString() ?? "";

    public string Name => Element.TryGetProperty("name", out var name) ? name.ToString() : "";

    public bool IsExisting => Element.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True;

    public JsonElement Properties => Element.TryGetProperty("properties", out var properties) ? properties : default;

    public bool IsType(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The resources of a template and, through Microsoft.Resources/deployments with an inline
    /// properties.template, of every nested template. Handles both languageVersion 2.0 (resources as an
    /// object keyed by symbolic name) and the classic array form.
    /// </summary>
    public static IEnumerable<ArmResource> Walk(JsonElement template)
    {
        if (!template.TryGetProperty("resources", out var resources))
        {
            yield break;
        }

        var entries = resources.ValueKind switch
        {
            JsonValueKind.Object => resources.EnumerateObject().Select(p => (p.Name, p.Value)).ToList(),
            JsonValueKind.Array => resources.EnumerateArray().Select((r, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), r)).ToList(),
            _ => [],
        };

        foreach (var (symbolicName, element) in entries)
        {
            var resource = new ArmResource(symbolicName, element, template);
            yield return resource;

            if (resource.IsType("Microsoft.Resources/deployments")
                && resource.Properties.ValueKind == JsonValueKind.Object
                && resource.Properties.TryGetProperty("template", out var nested))
            {
                foreach (var inner in Walk(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
