using System.Collections.Frozen;

namespace Isms.Core.Controls;

/// <summary>
/// The clauses 4-10 and the 93 Annex A controls of ISO/IEC 27001:2022, shipped with the app so that a
/// fresh installation already knows every control the SoA and the audit programme must cover.
/// </summary>
public static class ControlCatalogue
{
    private static readonly FrozenDictionary<string, Control> ById =
        CatalogueData.Entries.ToFrozenDictionary(c => c.Id, StringComparer.OrdinalIgnoreCase);

    /// <summary>Clauses first, then Annex A, each in the standard's order.</summary>
    public static IReadOnlyList<Control> All { get; } = Array.AsReadOnly(CatalogueData.Entries);

    public static IReadOnlyList<Control> Clauses { get; } = [.. CatalogueData.Entries.Where(c => !c.IsAnnexA)];

    public static IReadOnlyList<Control> AnnexA { get; } = [.. CatalogueData.Entries.Where(c => c.IsAnnexA)];

    /// <summary>Finds a control by id; ids are matched ignoring case ("a.5.1" finds "A.5.1").</summary>
    public static bool TryGet(string? id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Control? control)
    {
        control = null;
        return id is not null && ById.TryGetValue(id.Trim(), out control);
    }

    public static bool Contains(string? id) => TryGet(id, out _);

    /// <summary>Ids as the catalogue spells them ("a.5.1" becomes "A.5.1"), each once; unknown ids are kept for validation to name.</summary>
    public static IReadOnlyList<string> Canonical(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return [.. ids.Select(id => TryGet(id, out var control) ? control.Id : id).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The ids of a request that are not in the catalogue, in the order given, for an error message.</summary>
    public static IReadOnlyList<string> Unknown(IEnumerable<string?> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return [.. ids.Where(id => !Contains(id)).Select(id => id ?? "(null)").Distinct(StringComparer.Ordinal)];
    }
}
