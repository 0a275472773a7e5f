using System.Collections.Concurrent;

namespace Isms.TestSupport;

/// <summary>Records what the test-only functions were called with, so a test can see the host's behaviour.</summary>
public sealed class Probe
{
    public ConcurrentQueue<(string Function, object? Value)> Calls { get; } = new();

    public void Record(string function, object? value) => Calls.Enqueue((function, value));

    public int Count(string function) => Calls.Count(c => c.Function == function);
}
