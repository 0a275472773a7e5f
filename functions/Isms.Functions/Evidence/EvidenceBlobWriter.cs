using Azure.Storage.Blobs.Specialized;
using Isms.Functions.Storage;

namespace Isms.Functions.Evidence;

/// <summary>The file is larger than the limit of the route it came through.</summary>
public sealed class EvidenceTooLargeException(long limit) : Exception($"The file is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}

/// <summary>The file has no bytes.</summary>
public sealed class EvidenceEmptyException() : Exception("The file is empty.");

/// <summary>The bytes do not hash to what the uploader said they would.</summary>
public sealed class EvidenceHashMismatchException(string expected, string actual, long size)
    : Exception($"The file's SHA-256 is {actual}, not {expected}.")
{
    public string Expected { get; } = expected;

    public string Actual { get; } = actual;

    public long Size { get; } = size;
}

/// <summary>
/// Streams an evidence file into a new block blob through <see cref="HashedBlockBlobWriter"/>, read straight into its
/// blocks, never holding more than a few of them: nothing is committed when the file is empty, larger than the route
/// allows, or not the bytes the uploader said it would be, so a refused upload leaves no blob behind and an existing
/// blob is never overwritten.
/// </summary>
public static class EvidenceBlobWriter
{
    public const int BlockSize = HashedBlockBlobWriter.BlockSize;
    public const string HashMetadata = HashedBlockBlobWriter.HashMetadata;

    /// <summary>Blocks held at once per upload, the one being read into included.</summary>
    private const int Blocks = 4;

    /// <param name="expectedSha256">When given (lower-case hex), nothing is committed unless the bytes hash to it.</param>
    public static async Task<WrittenBlob> WriteAsync(
        BlockBlobClient blob,
        Stream source,
        string contentType,
        long maxBytes,
        string? expectedSha256,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(source);
        var writer = new HashedBlockBlobWriter(blob, Blocks);
        await using (writer.ConfigureAwait(false))
        {
            while (true)
            {
                var space = writer.Space;
                var read = await source.ReadAtLeastAsync(space, space.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (writer.Length + read > maxBytes)
                {
                    throw new EvidenceTooLargeException(maxBytes);
                }

                await writer.AdvanceAsync(read, cancellationToken).ConfigureAwait(false);
                if (read < space.Length)
                {
                    break;
                }
            }

            return await writer.CommitAsync(contentType, null, written => Check(written, expectedSha256), cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Check(WrittenBlob written, string? expected)
    {
        if (written.Size == 0)
        {
            throw new EvidenceEmptyException();
        }

        if (expected is not null && !string.Equals(expected, written.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new EvidenceHashMismatchException(expected.ToLowerInvariant(), written.Sha256, written.Size);
        }
    }
}

/// <summary>A stream that first replays bytes already read (the sniffed head), then continues with the rest.</summary>
public sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position < prefix.Length)
        {
            var count = Math.Min(buffer.Length, prefix.Length - _position);
            prefix.Slice(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        return await rest.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
