using System.Reflection;

namespace Isms.Infra.Tests;

/// <summary>docs/configuration.md names every setting the app binds, so a new setting cannot go undocumented.</summary>
public sealed class ConfigurationDocTests
{
    [Fact]
    public void Every_setting_the_app_binds_is_in_the_configuration_guide()
    {
        var doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "configuration.md"));
        var missing = new List<string>();
        foreach (var type in OptionsConvention.FindOptionsTypes(AppSettingsTests.AppAssemblies))
        {
            foreach (var setting in Settings(OptionsConvention.SectionNameOf(type)!, type, depth: 0))
            {
                var section = setting[..setting.IndexOf(':', StringComparison.Ordinal)];
                var property = setting[(setting.LastIndexOf(':') + 1)..];
                var named = doc.Contains($"`{setting}`", StringComparison.Ordinal)
                    || (doc.Contains($"`{section}:", StringComparison.Ordinal) && (doc.Contains($"`{property}`", StringComparison.Ordinal) || doc.Contains($":{property}`", StringComparison.Ordinal)));
                if (!named)
                {
                    missing.Add(setting);
                }
            }
        }

        Assert.True(missing.Count == 0, "docs/configuration.md does not mention: " + string.Join(", ", missing));
    }

    private static IEnumerable<string> Settings(string prefix, Type type, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            var name = $"{prefix}:{property.Name}";
            var nested = property.PropertyType is { IsClass: true } t && t != typeof(string) && t.GetConstructor(Type.EmptyTypes) is not null
                && !(t.Namespace ?? string.Empty).StartsWith("System", StringComparison.Ordinal) && depth < 4;
            if (nested)
            {
                foreach (var inner in Settings(name, property.PropertyType, depth + 1))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return name;
            }
        }
    }
}
