using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Isms.Functions.Evidence;

/// <summary>The bytes as written: measured on the way to storage, never taken from the uploader.</summary>
public sealed record WrittenBlob(string BlobName, long Size, string Sha256);

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
/// Streams a file into a new block blob while hashing and counting it, never holding more than a few blocks in
/// memory. Blocks are staged in parallel and committed only at the end, with the SHA-256 as metadata and a
/// conditional create (<c>If-None-Match: *</c>), so a refused or failed upload leaves no blob behind and an
/// existing blob is never overwritten.
/// </summary>
public static class EvidenceBlobWriter
{
    public const int BlockSize = 4 * 1024 * 1024;
    public const string HashMetadata = "sha256";
    private const int Parallelism = 4;

    // A private pool: the shared one keeps few arrays this large, and evidence uploads reuse the same few.
    private static readonly ArrayPool<byte> Buffers = ArrayPool<byte>.Create(BlockSize, Parallelism * 8);

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
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var staging = new List<Task>();
        var blockIds = new List<string>();
        using var slots = new SemaphoreSlim(Parallelism);
        long total = 0;
        try
        {
            while (true)
            {
                await slots.WaitAsync(failed.Token).ConfigureAwait(false);
                var buffer = Buffers.Rent(BlockSize);
                int filled;
                try
                {
                    filled = await source.ReadAtLeastAsync(buffer.AsMemory(0, BlockSize), BlockSize, throwOnEndOfStream: false, failed.Token).ConfigureAwait(false);
                }
                catch
                {
                    Buffers.Return(buffer);
                    slots.Release();
                    throw;
                }

                total += filled;
                if (total > maxBytes)
                {
                    Buffers.Return(buffer);
                    slots.Release();
                    throw new EvidenceTooLargeException(maxBytes);
                }

                hash.AppendData(buffer, 0, filled);
                if (blockIds.Count == 0 && filled < BlockSize)
                {
                    // The whole file fits one block: one Put Blob, after the checks.
                    try
                    {
                        var sha = Finish(hash, expectedSha256, total);
                        await blob.UploadAsync(new MemoryStream(buffer, 0, filled, writable: false), Options(contentType, sha), failed.Token).ConfigureAwait(false);
                        return new WrittenBlob(blob.Name, total, sha);
                    }
                    finally
                    {
                        Buffers.Return(buffer);
                        slots.Release();
                    }
                }

                if (filled == 0)
                {
                    Buffers.Return(buffer);
                    slots.Release();
                    break;
                }

                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{blockIds.Count:D8}"));
                blockIds.Add(blockId);
                staging.Add(StageAsync(blob, blockId, buffer, filled, slots, failed));
                staging.RemoveAll(t => t.IsCompletedSuccessfully);
                if (filled < BlockSize)
                {
                    break;
                }
            }

            await Task.WhenAll(staging).ConfigureAwait(false);
            var sha256 = Finish(hash, expectedSha256, total);
            var options = Options(contentType, sha256);
            await blob.CommitBlockListAsync(
                blockIds,
                new CommitBlockListOptions { HttpHeaders = options.HttpHeaders, Metadata = options.Metadata, Conditions = options.Conditions },
                failed.Token).ConfigureAwait(false);
            return new WrittenBlob(blob.Name, total, sha256);
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(staging).ConfigureAwait(false);
            }
            catch (Exception) when (staging.Count > 0)
            {
                // The first failure is the one reported; staged blocks never committed are not a blob.
            }

            throw;
        }
    }

    private static string Finish(IncrementalHash hash, string? expected, long total)
    {
        if (total == 0)
        {
            throw new EvidenceEmptyException();
        }

        var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
        return expected is not null && !string.Equals(expected, sha, StringComparison.OrdinalIgnoreCase)
            ? throw new EvidenceHashMismatchException(expected.ToLowerInvariant(), sha, total)
            : sha;
    }

    private static BlobUploadOptions Options(string contentType, string sha256) => new()
    {
        HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
        Metadata = new Dictionary<string, string> { [HashMetadata] = sha256 },
        Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
    };

    private static async Task StageAsync(BlockBlobClient blob, string blockId, byte[] buffer, int length, SemaphoreSlim slots, CancellationTokenSource failed)
    {
        try
        {
            using var content = new MemoryStream(buffer, 0, length, writable: false);
            await blob.StageBlockAsync(blockId, content, new BlockBlobStageBlockOptions(), failed.Token).ConfigureAwait(false);
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            Buffers.Return(buffer);
            slots.Release();
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
