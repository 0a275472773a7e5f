using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Isms.Functions.Storage;

/// <summary>A blob as written: its size and the SHA-256 of exactly its bytes, measured on the way to storage, never taken from whoever sent them.</summary>
public sealed record WrittenBlob(string BlobName, long Size, string Sha256);

/// <summary>The blob exists already: blobs written by <see cref="HashedBlockBlobWriter"/> are created once and never replaced.</summary>
public sealed class BlobAlreadyExistsException(string blobName) : Exception($"{blobName} exists already and is never overwritten.")
{
    public string BlobName { get; } = blobName;
}

/// <summary>
/// Writes one new block blob while hashing and counting its bytes: they are staged in 4 MB blocks, several in flight
/// while more arrive, and nothing is visible until <see cref="CommitAsync"/> creates the blob with its SHA-256 as
/// metadata and <c>If-None-Match: *</c>. So a refused or failed write leaves no blob behind (staged blocks never
/// committed are not a blob), and an existing blob, in a container whose blobs are evidence, is never replaced.
/// A blob that fits one block goes as a single Put Blob at the commit.
/// </summary>
/// <remarks>
/// Bytes come in without a copy of their own: a reader fills <see cref="Space"/> straight from its source and calls
/// <see cref="AdvanceAsync"/>; a writer hands them to <see cref="WriteAsync"/> (or <see cref="AsStream"/>), which
/// copies them into the block. At most <c>blocks</c> blocks are held at once, the one being filled included.
/// </remarks>
public sealed class HashedBlockBlobWriter : IAsyncDisposable
{
    public const int BlockSize = 4 * 1024 * 1024;

    /// <summary>The metadata key of the blob's SHA-256 (lower-case hex).</summary>
    public const string HashMetadata = "sha256";

    // A private pool: the shared one keeps few arrays this large, and uploads and snapshots reuse the same few.
    private static readonly ArrayPool<byte> Blocks = ArrayPool<byte>.Create(BlockSize, 32);

    private readonly BlockBlobClient _blob;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _abandon = new();
    private readonly List<string> _blockIds = [];
    private readonly List<Task> _staging = [];
    private byte[]? _block;
    private int _filled;
    private bool _finished;

    /// <param name="blocks">How many 4 MB blocks may be held at once: the one being filled and those being staged.</param>
    public HashedBlockBlobWriter(BlockBlobClient blob, int blocks)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 2);
        _blob = blob;
        _slots = new SemaphoreSlim(blocks - 1);
        _block = Blocks.Rent(BlockSize);
    }

    public string BlobName => _blob.Name;

    /// <summary>Bytes taken so far.</summary>
    public long Length { get; private set; }

    /// <summary>The rest of the block being filled: read into it, then <see cref="AdvanceAsync"/> by what was read.</summary>
    public Memory<byte> Space => CurrentBlock().AsMemory(_filled, BlockSize - _filled);

    /// <summary>Takes <paramref name="count"/> bytes just put into <see cref="Space"/>; a full block goes to be staged.</summary>
    public async ValueTask AdvanceAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, BlockSize - _filled);
        var block = CurrentBlock();
        _hash.AppendData(block, _filled, count);
        _filled += count;
        Length += count;
        if (_filled == BlockSize)
        {
            Stage();
            await NextBlockAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes a copy of <paramref name="bytes"/>.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (bytes.Length > 0)
        {
            var space = Space;
            var take = Math.Min(bytes.Length, space.Length);
            bytes[..take].CopyTo(space);
            bytes = bytes[take..];
            await AdvanceAsync(take, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A write-only stream into this writer, for code that writes to a stream; the writer still commits.</summary>
    public Stream AsStream() => new WriterStream(this);

    /// <summary>
    /// Creates the blob from everything taken, with <paramref name="metadata"/> and its SHA-256; throws
    /// <see cref="BlobAlreadyExistsException"/> when a blob of that name exists.
    /// </summary>
    /// <param name="check">Judges the bytes before anything is created; throws to refuse them, and then no blob is made.</param>
    public Task<WrittenBlob> CommitAsync(string contentType, IReadOnlyDictionary<string, string>? metadata, Action<WrittenBlob>? check, CancellationToken cancellationToken) =>
        CommitAsync(
            contentType,
            (written, _) =>
            {
                check?.Invoke(written);
                return Task.FromResult(metadata);
            },
            cancellationToken);

    /// <summary>
    /// Creates the blob from everything taken, with the metadata <paramref name="metadataOf"/> makes from its size and
    /// SHA-256 (a signature of that hash, say), so what depends on the bytes is stored by the same create as the bytes.
    /// Throws <see cref="BlobAlreadyExistsException"/> when a blob of that name exists.
    /// </summary>
    public async Task<WrittenBlob> CommitAsync(string contentType, Func<WrittenBlob, CancellationToken, Task<IReadOnlyDictionary<string, string>?>> metadataOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadataOf);
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        var block = CurrentBlock();
        var single = _blockIds.Count == 0;
        if (!single && _filled > 0)
        {
            Stage();
        }

        await Task.WhenAll(_staging).ConfigureAwait(false);
        var written = new WrittenBlob(_blob.Name, Length, Convert.ToHexStringLower(_hash.GetHashAndReset()));
        var metadata = await metadataOf(written, cancellationToken).ConfigureAwait(false);
        var headers = new BlobHttpHeaders { ContentType = contentType };
        var tags = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal) { [HashMetadata] = written.Sha256 };
        var onlyIfNew = new BlobRequestConditions { IfNoneMatch = ETag.All };
        try
        {
            if (single)
            {
                using var content = new MemoryStream(block, 0, _filled, writable: false);
                await _blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = headers, Metadata = tags, Conditions = onlyIfNew }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _blob.CommitBlockListAsync(_blockIds, new CommitBlockListOptions { HttpHeaders = headers, Metadata = tags, Conditions = onlyIfNew }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new BlobAlreadyExistsException(_blob.Name);
        }

        return written;
    }

    /// <summary>Waits for blocks still being staged (abandoning them when nothing was committed) and gives the memory back.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            await _abandon.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(_staging).ConfigureAwait(false);
        }
        catch (Exception) when (_staging.Count > 0)
        {
            // The failure that mattered was thrown where it happened; staged blocks never committed are not a blob.
        }

        if (_block is not null)
        {
            Blocks.Return(_block);
            _block = null;
        }

        _hash.Dispose();
        _slots.Dispose();
        _abandon.Dispose();
    }

    private byte[] CurrentBlock() => _block ?? throw new InvalidOperationException("The writer has no block in hand: a staging failed, or it was disposed.");

    /// <summary>Hands the block being filled to a staging task, which gives it back to the pool when done.</summary>
    private void Stage()
    {
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{_blockIds.Count:D8}"));
        _blockIds.Add(id);
        _staging.RemoveAll(t => t.IsCompletedSuccessfully);
        _staging.Add(StageBlockAsync(id, CurrentBlock(), _filled));
        _block = null;
        _filled = 0;
    }

    /// <summary>Waits for room for another block; a block that failed to stage fails the writer here, not only at the commit.</summary>
    private async Task NextBlockAsync(CancellationToken cancellationToken)
    {
        ThrowIfStagingFailed();
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfStagingFailed();
        _block = Blocks.Rent(BlockSize);
    }

    private void ThrowIfStagingFailed()
    {
        if (_staging.Find(t => t.IsFaulted) is { } failed)
        {
            failed.GetAwaiter().GetResult();
        }
    }

    private async Task StageBlockAsync(string id, byte[] block, int length)
    {
        try
        {
            using var content = new MemoryStream(block, 0, length, writable: false);
            await _blob.StageBlockAsync(id, content, new BlockBlobStageBlockOptions(), _abandon.Token).ConfigureAwait(false);
        }
        catch
        {
            // The other blocks are of no use now: stop them rather than finish them.
            await _abandon.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            Blocks.Return(block);
            _slots.Release();
        }
    }

    /// <summary>The writer as a write-only, forward-only stream.</summary>
    private sealed class WriterStream(HashedBlockBlobWriter writer) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => writer.Length;

        public override long Position { get => writer.Length; set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => writer.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            writer.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) =>
            writer.WriteAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
