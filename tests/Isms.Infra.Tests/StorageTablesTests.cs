using System.Reflection;
using Isms.Functions.Storage;

namespace Isms.Infra.Tests;

/// <summary>Every table the app uses is provisioned with the account, not only created by the app on first use.</summary>
[Collection(CompiledTemplatesGroup.Name)]
public sealed class StorageTablesTests(CompiledTemplates templates)
{
    [Fact]
    public void Every_table_the_app_names_is_provisioned()
    {
        var provisioned = templates.Main.Path("parameters", "tableNames", "defaultValue").EnumerateArray().Select(t => t.GetString()).ToHashSet(StringComparer.Ordinal);
        var used = typeof(TableNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.NotEmpty(used);
        Assert.Equal([], [.. used.Where(t => !provisioned.Contains(t))]);
    }
}
