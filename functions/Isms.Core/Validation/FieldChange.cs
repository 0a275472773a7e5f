namespace Isms.Core.Validation;

/// <summary>One field that changed, for the audit trail.</summary>
/// <param name="Field">The camelCase field name of the JSON contract.</param>
/// <param name="Before">The old value as text (JSON for lists and objects), null when it had none.</param>
/// <param name="After">The new value as text (JSON for lists and objects), null when it has none.</param>
public sealed record FieldChange(string Field, string? Before, string? After);
