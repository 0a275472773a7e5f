using System.Globalization;

namespace Isms.Core.Collection;

/// <summary>One figure a collector measured ("membersMfaCapablePercent": 97.5), with the words a person reads it by.</summary>
public sealed record CollectorFigure(string Name, string Label, decimal Value);

/// <summary>
/// What a collector's rule concluded from the figures of one run: whether the control operated, a sentence saying
/// why, and the findings behind a failure (the accounts, policies or applications that broke the rule, at most
/// <see cref="MaxExamples"/> of them).
/// </summary>
public sealed record CollectorVerdict(bool Passed, string Summary, IReadOnlyList<CollectorFigure> Figures, IReadOnlyList<string> Problems)
{
    /// <summary>The most offending items a verdict names; the count is always in the figures.</summary>
    public const int MaxExamples = 20;

    /// <summary>Passed when nothing is wrong, and then said with <paramref name="passed"/>; else the problems are the summary.</summary>
    public static CollectorVerdict From(IReadOnlyList<string> problems, string passed, IReadOnlyList<CollectorFigure> figures)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return new CollectorVerdict(problems.Count == 0, problems.Count == 0 ? passed : string.Join(" ", problems), figures, problems);
    }

    public static string Percent(decimal value) => value.ToString("0.#", CultureInfo.InvariantCulture) + "%";

    public static decimal Share(int part, int whole) => whole == 0 ? 100m : Math.Round(100m * part / whole, 1, MidpointRounding.ToZero);

    /// <summary>"3 (a, b, c)" or "25 (a, b, … and 5 more)".</summary>
    public static string Listed(IReadOnlyCollection<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var shown = items.Take(MaxExamples).ToList();
        var more = items.Count - shown.Count;
        return items.Count == 0 ? "none" : $"{items.Count} ({string.Join(", ", shown)}{(more > 0 ? $", … and {more} more" : string.Empty)})";
    }
}
