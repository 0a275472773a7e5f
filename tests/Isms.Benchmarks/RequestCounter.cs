using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Isms.Benchmarks;

/// <summary>Counts every request the storage clients send (retries included), by method and table or queue.</summary>
public sealed class RequestCounter : HttpPipelinePolicy
{
    private long _total;

    public ConcurrentDictionary<string, long> ByKind { get; } = new(StringComparer.Ordinal);

    public long Total => Interlocked.Read(ref _total);

    public void Reset()
    {
        Interlocked.Exchange(ref _total, 0);
        ByKind.Clear();
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Count(HttpMessage message)
    {
        Interlocked.Increment(ref _total);
        var segments = message.Request.Uri.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);

        // Azurite paths start with the account name; what follows names the table or queue.
        var target = segments.Length > 1 ? segments[1] : segments.FirstOrDefault() ?? "/";
        var paren = target.IndexOf('(', StringComparison.Ordinal);
        var kind = $"{message.Request.Method} {(paren > 0 ? target[..paren] + (target.EndsWith("()", StringComparison.Ordinal) ? " (query)" : " (entity)") : target)}";
        ByKind.AddOrUpdate(kind, 1, (_, n) => n + 1);
    }
}
