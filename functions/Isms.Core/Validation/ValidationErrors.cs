namespace Isms.Core.Validation;

/// <summary>
/// Field-level validation failures, keyed by the camelCase field name of the JSON contract, so that the
/// HTTP layer can hand <see cref="ToDictionary"/> straight to a problem details <c>errors</c> object.
/// </summary>
/// <remarks>
/// Validators collect every problem before answering: a person fixing a form wants all of them at once,
/// not one per round trip.
/// </remarks>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    /// <summary>The fields with at least one error, in the order they were first reported.</summary>
    public IReadOnlyCollection<string> Fields => _errors.Keys;

    public ValidationErrors Add(string field, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors.Add(field, messages);
        }

        messages.Add(message);
        return this;
    }

    public bool Has(string field) => _errors.ContainsKey(field);

    public IReadOnlyList<string> For(string field) =>
        _errors.TryGetValue(field, out var messages) ? messages : [];

    /// <summary>Adds an error when the value is missing or only white space.</summary>
    public ValidationErrors Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} is required.");
        }

        return this;
    }

    public ValidationErrors MaxLength(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters (it has {value.Length}).");
        }

        return this;
    }

    /// <summary>Checks an Entra user principal name; an absent value passes unless it is required.</summary>
    public ValidationErrors Upn(string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? Add(field, $"{field} is required (the person's sign-in name, e.g. name@contoso.com).") : this;
        }

        if (!UserPrincipalName.IsWellFormed(value))
        {
            Add(field, $"{field} '{value}' is not a user principal name; use the sign-in name, e.g. name@contoso.com.");
        }

        return this;
    }

    /// <summary>Adds an error when an enum value arrived that the type does not define (e.g. a raw number).</summary>
    public ValidationErrors Defined<TEnum>(string field, TEnum value)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            Add(field, $"{field} must be one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
        }

        return this;
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>All messages on one line, for a problem details <c>detail</c> or a log entry.</summary>
    public override string ToString() => string.Join(" ", _errors.Values.SelectMany(m => m));
}
