using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Isms.Functions.Snapshots;

/// <summary>What was sealed: the blob's size and the SHA-256 of exactly its bytes.</summary>
public sealed record SealedBlob(string BlobName, long Size, string Sha256);

/// <summary>The blob exists already: blobs in the snapshots container are written once and never replaced.</summary>
public sealed class BlobAlreadySealedException(string blobName) : Exception($"{blobName} exists already and is never overwritten.")
{
    public string BlobName { get; } = blobName;
}

/// <summary>
/// A write-only stream into a new block blob: bytes are hashed as they pass, staged in 4 MB blocks (two in
/// flight while the writer carries on) and committed only by <see cref="SealAsync"/>, with the hash as metadata
/// and <c>If-None-Match: *</c>. Nothing is visible until the commit, and an existing blob is never replaced.
/// </summary>
public sealed class SealedBlobStream : Stream
{
    public const string HashMetadata = "sha256";
    private const int BlockSize = 4 * 1024 * 1024;
    private const int InFlight = 2;

    private readonly BlockBlobClient _blob;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly List<string> _blockIds = [];
    private readonly List<Task> _staging = [];
    private readonly SemaphoreSlim _slots = new(InFlight);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
    private int _filled;
    private long _length;
    private bool _sealed;

    public SealedBlobStream(BlockBlobClient blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        _blob = blob;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_sealed;

    public override long Length => _length;

    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_sealed, this);
        _hash.AppendData(buffer.Span);
        _length += buffer.Length;
        while (buffer.Length > 0)
        {
            var take = Math.Min(buffer.Length, BlockSize - _filled);
            buffer[..take].CopyTo(_buffer.AsMemory(_filled));
            _filled += take;
            buffer = buffer[take..];
            if (_filled == BlockSize)
            {
                await StageAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Commits the blob with its hash and the given metadata; throws <see cref="BlobAlreadySealedException"/> when it exists.</summary>
    public async Task<SealedBlob> SealAsync(string contentType, IDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ObjectDisposedException.ThrowIf(_sealed, this);
        if (_filled > 0 || _blockIds.Count == 0)
        {
            await StageAsync(cancellationToken).ConfigureAwait(false);
        }

        await Task.WhenAll(_staging).ConfigureAwait(false);
        var sha = Convert.ToHexStringLower(_hash.GetHashAndReset());
        _sealed = true;
        var all = new Dictionary<string, string>(metadata, StringComparer.Ordinal) { [HashMetadata] = sha };
        try
        {
            await _blob.CommitBlockListAsync(
                _blockIds,
                new CommitBlockListOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                    Metadata = all,
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new BlobAlreadySealedException(_blob.Name);
        }

        return new SealedBlob(_blob.Name, _length, sha);
    }

    private async Task StageAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var block = _buffer;
        var length = _filled;
        _buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        _filled = 0;
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{_blockIds.Count:D8}"));
        _blockIds.Add(id);
        _staging.RemoveAll(t => t.IsCompletedSuccessfully);
        _staging.Add(StageBlockAsync(id, block, length, cancellationToken));

        // A failed block fails the writer at once rather than at the seal.
        if (_staging.Find(t => t.IsFaulted) is { } failed)
        {
            await failed.ConfigureAwait(false);
        }
    }

    private async Task StageBlockAsync(string id, byte[] block, int length, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new MemoryStream(block, 0, length, writable: false);
            await _blob.StageBlockAsync(id, content, new BlockBlobStageBlockOptions(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
            _slots.Release();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await Task.WhenAll(_staging).ConfigureAwait(false);
        }
        catch (Exception) when (!_sealed)
        {
            // A write that failed part way: its staged blocks were never committed, so there is no blob to clean up.
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            _slots.Dispose();
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = [];
            }
        }

        base.Dispose(disposing);
    }
}
