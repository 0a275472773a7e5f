using System.Threading.Channels;
using Azure;

namespace Isms.Functions.Snapshots;

/// <summary>
/// Fetches the next page of a Table query while the current one is being written, so a long scan costs the
/// network time once rather than network plus processing. At most two pages are held.
/// </summary>
public static class ReadAhead
{
    public static async IAsyncEnumerable<IReadOnlyList<T>> PagesAsync<T>(IAsyncEnumerable<Page<T>> pages, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        where T : notnull
    {
        var channel = Channel.CreateBounded<IReadOnlyList<T>>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var page in pages.WithCancellation(stop.Token).ConfigureAwait(false))
                    {
                        await channel.Writer.WriteAsync(page.Values, stop.Token).ConfigureAwait(false);
                    }

                    channel.Writer.TryComplete();
                }
                catch (Exception ex)
                {
                    channel.Writer.TryComplete(ex);
                }
            },
            CancellationToken.None);
        try
        {
            await foreach (var page in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return page;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The reader stopped early; the fetch it no longer needs was abandoned.
            }
        }
    }
}
