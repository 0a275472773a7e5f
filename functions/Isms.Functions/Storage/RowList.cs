using System.Globalization;
using System.Text.Json;
using Isms.Functions.Platform;

namespace Isms.Functions.Storage;

/// <summary>
/// A list that grows with a record's life (evidence versions, effectiveness reviews), kept as rows of its own in
/// the record's partition instead of inside the record's JSON: a table property holds at most 64 KiB, so a list
/// inside the record would one day make it unwritable. Row keys are <c>{record row}|{name}|{n:D6}</c>, n from 1,
/// so a record's items sort after it and in order. Records written before keep their list in their JSON; an item
/// row with the same number wins over it, so a half-done move of an old list reads the same as before.
/// </summary>
public interface IRowList<T>
{
    /// <summary>The list's name in row keys and in the audit trail (<c>versions[3]</c>).</summary>
    string Name { get; }

    /// <summary>The record without the list: what its own row holds.</summary>
    T Without(T record);

    /// <summary>The record's items, each as the JSON its row holds.</summary>
    IReadOnlyList<string> Items(T record);

    /// <summary>The record with these items (JSON, in order).</summary>
    T WithItems(T record, IReadOnlyList<string> items);
}

/// <inheritdoc cref="IRowList{T}"/>
public sealed class RowList<T, TItem>(string name, Func<T, IReadOnlyList<TItem>> get, Func<T, IReadOnlyList<TItem>, T> set) : IRowList<T>
{
    public string Name { get; } = name;

    public T Without(T record) => set(record, []);

    public IReadOnlyList<string> Items(T record) => [.. get(record).Select(item => JsonSerializer.Serialize(item, IsmsJson.Options))];

    public T WithItems(T record, IReadOnlyList<string> items) =>
        set(record, [.. items.Select(json => JsonSerializer.Deserialize<TItem>(json, IsmsJson.Options)!)]);
}

/// <summary>The row keys of a <see cref="IRowList{T}"/>'s items.</summary>
public static class RowListKeys
{
    private const string Last = "~";

    /// <summary>The row key of item <paramref name="number"/> (from 1) of the record in row <paramref name="recordRow"/>.</summary>
    public static string Item(string recordRow, string name, int number) =>
        TableKey.Checked($"{Prefix(recordRow, name)}{number.ToString("D6", CultureInfo.InvariantCulture)}");

    /// <summary>What every item row key of the list starts with.</summary>
    public static string Prefix(string recordRow, string name) => $"{recordRow}|{name}|";

    /// <summary>A key above every item row key of the list (and below any other row's).</summary>
    public static string End(string recordRow, string name) => Prefix(recordRow, name) + Last;

    /// <summary>The record row and item number of an item row key of list <paramref name="name"/>; false for any other row.</summary>
    public static bool TryParse(string rowKey, string name, out string recordRow, out int number)
    {
        ArgumentNullException.ThrowIfNull(rowKey);
        recordRow = string.Empty;
        number = 0;
        var marker = $"|{name}|";
        var at = rowKey.LastIndexOf(marker, StringComparison.Ordinal);
        if (at <= 0 || !int.TryParse(rowKey.AsSpan(at + marker.Length), NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1)
        {
            return false;
        }

        recordRow = rowKey[..at];
        return true;
    }
}
