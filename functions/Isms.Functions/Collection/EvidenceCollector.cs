using System.Text.Json;
using Isms.Core.Collection;

namespace Isms.Functions.Collection;

/// <summary>What a collector knows of the run it is in: its settings, the time, and the figures of its last collection.</summary>
public sealed record CollectionContext(CollectorOptions Options, DateTimeOffset Now, IReadOnlyList<CollectorFigure>? PreviousFigures);

/// <summary>
/// One kind of evidence collected from Microsoft 365: the Graph lists it reads, the Annex A controls it evidences,
/// the least application permissions it needs, and the rule (with its threshold from <see cref="CollectorOptions"/>)
/// that says from the figures whether the control operated.
/// </summary>
public abstract class EvidenceCollector
{
    /// <summary>The name in routes and settings: <c>mfa-registration</c>.</summary>
    public abstract string Name { get; }

    public abstract string Title { get; }

    public abstract IReadOnlyList<string> ControlIds { get; }

    /// <summary>Graph application permissions, least privileged, each needed.</summary>
    public abstract IReadOnlyList<string> Permissions { get; }

    /// <summary>The Graph requests it makes, as the docs and <c>GET /api/collectors</c> show them.</summary>
    public abstract IReadOnlyList<string> Reads { get; }

    /// <summary>The rule in words, with its threshold.</summary>
    public abstract string Rule(CollectorOptions options);

    public abstract bool IsEnabled(CollectorOptions options);

    public abstract Task<CollectorVerdict> CollectAsync(GraphReads graph, CollectionContext context, CancellationToken cancellationToken);

    /// <summary>The Graph request with the page size the settings ask.</summary>
    protected static string Top(CollectionContext context) => $"$top={context.Options.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    protected static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    protected static bool Flag(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    protected static decimal Number(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : 0m;

    protected static DateTimeOffset? Date(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var at) ? at : null;

    protected static IEnumerable<string> Strings(JsonElement entry, params string[] path)
    {
        var at = entry;
        foreach (var step in path)
        {
            if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(step, out at))
            {
                return [];
            }
        }

        return at.ValueKind == JsonValueKind.Array ? [.. at.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)] : [];
    }
}
