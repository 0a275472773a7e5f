using System.Collections;
using System.Reflection;

namespace Isms.Infra.Tests;

/// <summary>
/// The app's options-class convention: a public sealed class with <c>public const string SectionName</c>
/// and public settable properties, bound from configuration where ':' is '__' in app settings. A property
/// whose value in a new instance is non-null and non-empty has a code default; any other must be set.
/// </summary>
public static class OptionsConvention
{
    public const string SectionNameField = "SectionName";

    public static IReadOnlyList<Type> FindOptionsTypes(IEnumerable<Assembly> assemblies) =>
        assemblies
            .SelectMany(LoadableTypes)
            .Where(IsOptionsType)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();

    public static bool IsOptionsType(Type type) =>
        type is { IsClass: true, IsSealed: true, IsAbstract: false }
        && (type.IsPublic || type.IsNestedPublic)
        && SectionNameOf(type) is not null;

    public static string? SectionNameOf(Type type) =>
        type.GetField(SectionNameField, BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
        && field.FieldType == typeof(string)
            ? (string?)field.GetRawConstantValue()
            : null;

    /// <summary>App setting names (with '__') that must be present because the code gives them no default.</summary>
    public static IReadOnlyList<string> SettingsWithoutCodeDefault(Type optionsType)
    {
        var section = SectionNameOf(optionsType) ?? throw new ArgumentException($"{optionsType} has no {SectionNameField}", nameof(optionsType));
        var required = new List<string>();
        Collect(optionsType, TryCreate(optionsType), ToSettingName(section), required, depth: 0);
        return required;
    }

    /// <summary>Required settings of all the given options types that the app settings do not provide.</summary>
    public static IReadOnlyList<string> MissingSettings(IEnumerable<Type> optionsTypes, IEnumerable<string> appSettingNames)
    {
        var present = appSettingNames.ToList();
        return optionsTypes
            .SelectMany(SettingsWithoutCodeDefault)
            .Where(required => !present.Any(name => Satisfies(name, required)))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>Configuration keys are case-insensitive; a collection or object is set through any key beneath it.</summary>
    public static bool Satisfies(string appSettingName, string required) =>
        string.Equals(appSettingName, required, StringComparison.OrdinalIgnoreCase)
        || appSettingName.StartsWith(required + "__", StringComparison.OrdinalIgnoreCase);

    public static string ToSettingName(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    // A nested object's defaults are the ones its parent gives it, so it is read from the parent's instance.
    private static void Collect(Type type, object? instance, string prefix, List<string> required, int depth)
    {
        if (depth > 8)
        {
            throw new InvalidOperationException($"Options nesting too deep (a cycle?) at {prefix}");
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var name = $"{prefix}__{property.Name}";
            var value = instance is null ? null : property.GetValue(instance);
            if (IsNestedOptions(property.PropertyType))
            {
                Collect(property.PropertyType, value ?? TryCreate(property.PropertyType), name, required, depth + 1);
            }
            else if (!HasValue(value))
            {
                required.Add(name);
            }
        }
    }

    private static bool HasValue(object? value) => value switch
    {
        null => false,
        string text => text.Length > 0,
        IEnumerable items => items.GetEnumerator().MoveNext(),
        _ => true,
    };

    private static bool IsNestedOptions(Type type) =>
        type is { IsClass: true, IsAbstract: false }
        && type != typeof(string)
        && !typeof(IEnumerable).IsAssignableFrom(type)
        && type.GetConstructor(Type.EmptyTypes) is not null
        && !(type.Namespace ?? "").StartsWith("System", StringComparison.Ordinal)
        && !(type.Namespace ?? "").StartsWith("Microsoft", StringComparison.Ordinal);

    private static object? TryCreate(Type type) =>
        type.GetConstructor(Type.EmptyTypes) is null ? null : Activator.CreateInstance(type);

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
