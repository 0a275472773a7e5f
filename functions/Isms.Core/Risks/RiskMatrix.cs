using Isms.Core.Validation;

namespace Isms.Core.Risks;

/// <summary>
/// The risk matrix and the acceptance criteria (ISO/IEC 27001 6.1.2 a and c-d), from settings: likelihood and impact
/// are integers 1..N, each level with a name; a risk's level is likelihood x impact; a risk at or below the criteria
/// may be retained as it is. Defaults: a 5x5 matrix, and 6 or less acceptable.
/// </summary>
public sealed class RiskMatrixOptions
{
    public const string SectionName = "Risk";

    /// <summary>The likelihood levels from 1 up, by name.</summary>
    public IList<string> Likelihoods { get; } = [];

    /// <summary>The impact levels from 1 up, by name.</summary>
    public IList<string> Impacts { get; } = [];

    /// <summary>The highest score (likelihood x impact) a risk may be retained at without the ISMS manager's approval.</summary>
    public int AcceptanceCriteria { get; set; } = 6;

    public static readonly IReadOnlyList<string> DefaultLikelihoods = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"];

    public static readonly IReadOnlyList<string> DefaultImpacts = ["Negligible", "Minor", "Moderate", "Major", "Severe"];
}

/// <summary>The configured matrix: levels, scores and the acceptance criteria.</summary>
public sealed record RiskMatrix(IReadOnlyList<string> Likelihoods, IReadOnlyList<string> Impacts, int AcceptanceCriteria)
{
    public static RiskMatrix From(RiskMatrixOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var likelihoods = options.Likelihoods.Count > 0 ? [.. options.Likelihoods] : RiskMatrixOptions.DefaultLikelihoods;
        var impacts = options.Impacts.Count > 0 ? [.. options.Impacts] : RiskMatrixOptions.DefaultImpacts;
        var matrix = new RiskMatrix(likelihoods, impacts, options.AcceptanceCriteria);
        return matrix.MaxScore >= options.AcceptanceCriteria && options.AcceptanceCriteria >= 1
            ? matrix
            : throw new ArgumentException($"Risk:AcceptanceCriteria {options.AcceptanceCriteria} must be between 1 and {matrix.MaxScore} (the highest score of a {likelihoods.Count}x{impacts.Count} matrix).", nameof(options));
    }

    public static RiskMatrix Default { get; } = From(new RiskMatrixOptions());

    /// <summary>The matrix the settings describe, or false when its criteria cannot be met on it.</summary>
    public static bool TryFrom(RiskMatrixOptions options, out RiskMatrix? matrix)
    {
        try
        {
            matrix = From(options);
            return true;
        }
        catch (ArgumentException)
        {
            matrix = null;
            return false;
        }
    }

    public int MaxScore => Likelihoods.Count * Impacts.Count;

    public static int Score(int likelihood, int impact) => likelihood * impact;

    /// <summary>Whether a risk at this score may be retained without the ISMS manager's approval.</summary>
    public bool IsAcceptable(int score) => score <= AcceptanceCriteria;

    /// <summary>Checks a likelihood and an impact named by <paramref name="likelihoodField"/> and <paramref name="impactField"/>.</summary>
    public void Check(ValidationErrors errors, string likelihoodField, int? likelihood, string impactField, int? impact, bool required)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Level(errors, likelihoodField, likelihood, Likelihoods, required);
        Level(errors, impactField, impact, Impacts, required);
    }

    private static void Level(ValidationErrors errors, string field, int? value, IReadOnlyList<string> levels, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(field, $"{field} is required: 1 ({levels[0]}) to {levels.Count} ({levels[^1]}).");
            }
        }
        else if (value < 1 || value > levels.Count)
        {
            errors.Add(field, $"{field} must be 1 ({levels[0]}) to {levels.Count} ({levels[^1]}); {value} is not on the matrix.");
        }
    }
}
