namespace Isms.Core.Validation;

/// <summary>
/// A change the domain would not make, with a message a person can act on and the fields concerned.
/// </summary>
/// <param name="Code">The kind of refusal.</param>
/// <param name="Message">One or more sentences saying what is wrong and what to do instead.</param>
/// <param name="Errors">Field name (camelCase, as in the JSON contract) to messages; never empty.</param>
public sealed record Refusal(RefusalCode Code, string Message, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>The first field named, for callers that report a single field.</summary>
    public string Field => Errors.Keys.First();

    public static Refusal For(RefusalCode code, string field, string message) =>
        new(code, message, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    public static Refusal FromErrors(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.IsValid)
        {
            throw new ArgumentException("There is nothing to refuse: the errors are empty.", nameof(errors));
        }

        return new(RefusalCode.Invalid, errors.ToString(), errors.ToDictionary());
    }
}
