using System.Diagnostics.CodeAnalysis;

namespace Isms.Core.Validation;

/// <summary>
/// Either the new state of a record or the reason it was refused. Refusals are expected answers to user
/// input, so they are values, not exceptions.
/// </summary>
public sealed class Outcome<T>
    where T : notnull
{
    private readonly T? _value;

    internal Outcome(T value)
    {
        _value = value;
    }

    internal Outcome(Refusal refusal)
    {
        Refusal = refusal;
    }

    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsSuccess => Refusal is null;

    public Refusal? Refusal { get; }

    /// <summary>The new state; reading it from a refused outcome is a programming error.</summary>
    public T Value => IsSuccess
        ? _value!
        : throw new InvalidOperationException($"The change was refused ({Refusal.Code}): {Refusal.Message}");

    /// <summary>The value turned into another (a response into the part a caller sends on), or the same refusal.</summary>
    public Outcome<TResult> Map<TResult>(Func<T, TResult> map)
        where TResult : notnull
    {
        ArgumentNullException.ThrowIfNull(map);
        return IsSuccess ? new Outcome<TResult>(map(_value!)) : new Outcome<TResult>(Refusal);
    }
}

/// <summary>Factories for <see cref="Outcome{T}"/>.</summary>
public static class Outcome
{
    public static Outcome<T> Success<T>(T value)
        where T : notnull => new(value);

    public static Outcome<T> Refused<T>(Refusal refusal)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return new(refusal);
    }

    public static Outcome<T> Refused<T>(RefusalCode code, string field, string message)
        where T : notnull => new(Refusal.For(code, field, message));

    public static Outcome<T> Invalid<T>(ValidationErrors errors)
        where T : notnull => new(Refusal.FromErrors(errors));
}
