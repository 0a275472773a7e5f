using System.Security.Cryptography;

namespace Isms.Functions.Evidence;

/// <summary>The file is not the size the uploader declared.</summary>
public sealed class EvidenceSizeMismatchException(long declared, bool longer)
    : Exception(longer ? $"The file is longer than the {declared} bytes declared." : $"The file is shorter than the {declared} bytes declared.")
{
    public long Declared { get; } = declared;

    public bool Longer { get; } = longer;
}

/// <summary>
/// Presents a forward-only stream of a declared length as one whose length is known, so the storage SDK sends it
/// as a single Put Blob without buffering it; hashes it on the way; and fails the request before its last byte
/// leaves when the file turns out shorter or longer than declared, so a wrong size never completes a blob.
/// </summary>
public sealed class ExactLengthStream(Stream inner, long length) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _read;
        set => Seek(value, SeekOrigin.Begin);
    }

    /// <summary>The SHA-256 (lower-case hex) once every byte was read.</summary>
    public string Sha256 => _read == length ? Convert.ToHexStringLower(_hash.GetCurrentHash()) : throw new InvalidOperationException("The stream was not read to its end.");

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_read == length || buffer.Length == 0)
        {
            return 0;
        }

        // Fill what the caller asked for (request bodies arrive in small pieces), so storage gets few large writes.
        var wanted = (int)Math.Min(buffer.Length, length - _read);
        var read = 0;
        while (read < wanted)
        {
            var got = await inner.ReadAsync(buffer[read..wanted], cancellationToken).ConfigureAwait(false);
            if (got == 0)
            {
                throw new EvidenceSizeMismatchException(length, longer: false);
            }

            read += got;
        }

        _hash.AppendData(buffer.Span[..read]);
        _read += read;
        if (_read == length)
        {
            var probe = new byte[1];
            if (await inner.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0)
            {
                throw new EvidenceSizeMismatchException(length, longer: true);
            }
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    /// <summary>Only "seeks" to where it already is: a request body read once cannot be replayed.</summary>
    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _read + offset,
            _ => length + offset,
        };
        return target == _read ? _read : throw new NotSupportedException("An upload stream cannot be rewound.");
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
